package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingestion tags every chunk with its PII, the tier rises as the policy says, and the counts show in the catalogue. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PiiTaggingTest extends RealServerTest {

    @Test
    void aCardNumberMakesItsDocumentRestrictedAndInvisibleToStaff() {
        String admin = login("admin");
        String id = uploadAndWait(admin, "refund.txt", ("Refund request.\n\nThe refund of the harbour berth deposit goes to card "
                + "4111 1111 1111 1111 before the end of the month.").getBytes(StandardCharsets.UTF_8), "INTERNAL");
        Map<?, ?> doc = client().retrieve(HttpRequest.GET("/api/documents/" + id).bearerAuth(admin), Map.class);
        assertEquals("INTERNAL", doc.get("declaredTier"));
        assertEquals("RESTRICTED", doc.get("tier"), "a card number raises the tier above the declared floor");
        assertEquals(1, ((Map<?, ?>) doc.get("pii")).get("CREDIT_CARD"));
        String answer = ask(login("staff"), "Where does the berth deposit refund go?").get("answer").toString();
        assertFalse(answer.contains("4111"), answer);
        assertTrue(ask(login("analyst"), "Where does the berth deposit refund go?").get("answer").toString().contains("4111 1111 1111 1111"));
    }

    @Test
    void aPersonWithContactDetailsIsConfidential() {
        String admin = login("admin");
        String id = uploadAndWait(admin, "contact.txt", ("Harbour master contact.\n\nPlease call Margaret Oyelaran on +44 20 7946 0958 "
                + "or write to margaret.oyelaran@example.org about mooring permits.").getBytes(StandardCharsets.UTF_8), "PUBLIC");
        Map<?, ?> doc = client().retrieve(HttpRequest.GET("/api/documents/" + id).bearerAuth(admin), Map.class);
        assertEquals("CONFIDENTIAL", doc.get("tier"), () -> "pii: " + doc.get("pii"));
        Map<?, ?> pii = (Map<?, ?>) doc.get("pii");
        assertTrue(pii.containsKey("PERSON") && pii.containsKey("EMAIL_ADDRESS") && pii.containsKey("PHONE_NUMBER"), pii::toString);
    }

    @Test
    void aTierChangeReclassifiesTheDocumentAndIsAudited() {
        String admin = login("admin");
        String id = uploadAndWait(admin, "dredge.txt", "Dredging notes.\n\nThe north channel is dredged to nine metres in May."
                .getBytes(StandardCharsets.UTF_8), "INTERNAL");
        assertTrue(ask(login("staff"), "How deep is the north channel dredged?").get("answer").toString().contains("nine metres"));
        Map<?, ?> accepted = client().retrieve(HttpRequest.PATCH("/api/documents/" + id, Map.of("tier", "RESTRICTED"))
                .bearerAuth(admin), Map.class);
        Map<?, ?> job = awaitJob(admin, (String) accepted.get("jobId"));
        assertEquals(1, ((Number) job.get("indexed")).intValue(), job::toString);
        Map<?, ?> doc = client().retrieve(HttpRequest.GET("/api/documents/" + id).bearerAuth(admin), Map.class);
        assertEquals("RESTRICTED", doc.get("tier"));
        assertFalse(ask(login("staff"), "How deep is the north channel dredged?").get("answer").toString().contains("nine metres"));
        assertTrue(ask(login("analyst"), "How deep is the north channel dredged?").get("answer").toString().contains("nine metres"));
        Map<?, ?> audit = client().retrieve(HttpRequest.GET("/api/audit?action=TIER_CHANGE").bearerAuth(login("compliance")), Map.class);
        assertTrue(audit.get("records").toString().contains(id), audit::toString);
    }

    @Test
    void analyzeShowsSpansAndTheTierForAdminsAndComplianceOnly() {
        Map<?, ?> r = client().retrieve(HttpRequest.POST("/api/pii/analyze",
                Map.of("text", "My SSN is 536-90-4399 and my email is jo@example.com")).bearerAuth(login("compliance")), Map.class);
        List<Map<?, ?>> spans = (List<Map<?, ?>>) r.get("spans");
        assertTrue(spans.stream().anyMatch(s -> "US_SSN".equals(s.get("type")) && "536-90-4399".equals(s.get("text"))), spans::toString);
        assertTrue(spans.stream().anyMatch(s -> "EMAIL_ADDRESS".equals(s.get("type"))), spans::toString);
        assertEquals("RESTRICTED", r.get("tier"));
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client().exchange(
                HttpRequest.POST("/api/pii/analyze", Map.of("text", "x")).bearerAuth(login("staff"))));
        assertEquals(403, e.getStatus().getCode());
    }
}
