package io.gatehouse.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** With a retention period configured, old question and answer text is dropped and the chain still verifies. */
@MicronautTest(transactional = false)
@Property(name = "gatehouse.audit.retention", value = "1ms")
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class AuditRetentionTest extends RealServerTest {

    @Inject
    AuditRetention retention;

    @Test
    void retentionDropsTextButKeepsHashesAndTheChain() throws Exception {
        Map<?, ?> answer = ask(login("staff"), "Is the slipway open in winter?");
        long id = ((Number) answer.get("auditId")).longValue();
        String compliance = login("compliance");
        Map<?, ?> before = client().retrieve(HttpRequest.GET("/api/audit/" + id).bearerAuth(compliance), Map.class);
        assertEquals("Is the slipway open in winter?", ((Map<?, ?>) before.get("question")).get("text"));
        Thread.sleep(5);
        retention.apply();
        Map<?, ?> after = client().retrieve(HttpRequest.GET("/api/audit/" + id).bearerAuth(compliance), Map.class);
        Map<?, ?> question = (Map<?, ?>) after.get("question");
        assertNull(question.get("text"), "the text is gone");
        assertNotNull(question.get("hash"), "the keyed hash stays");
        Map<?, ?> verify = client().retrieve(HttpRequest.GET("/api/audit/verify").bearerAuth(compliance), Map.class);
        assertEquals(Boolean.TRUE, verify.get("intact"), verify::toString);
        Map<?, ?> records = client().retrieve(HttpRequest.GET("/api/audit?action=RETENTION").bearerAuth(compliance), Map.class);
        assertEquals(1, ((Number) records.get("total")).intValue());
    }
}
