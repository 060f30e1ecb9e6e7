package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application on PostgreSQL (the {@code postgres} environment, the same migrations plus the audit
 * trigger) in a schema of its own: catalogue, jobs, ingestion, asks and the audit chain, through the
 * real server. Runs where {@code ./gatehouse test} provides a server; skipped elsewhere.
 */
@EnabledIfEnvironmentVariable(named = "GATEHOUSE_TEST_PG_URL", matches = ".+",
        disabledReason = "GATEHOUSE_TEST_PG_URL is not set: ./gatehouse test starts a PostgreSQL server for this")
@MicronautTest(transactional = false, environments = "postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEndToEndTest extends RealServerTest {

    @Override
    public Map<String, String> getProperties() {
        return TestServerProperties.freshOnPostgres();
    }

    @Test
    void theWholeSliceRunsOnPostgresql() {
        String admin = login("admin");
        byte[] pdf = Pdfs.pages("Quay Manual", List.of(List.of("Chapter 1. Cranes."),
                List.of("The quay crane inspection happens every second Tuesday.")));
        String id = uploadAndWait(admin, "quay.pdf", pdf, "INTERNAL");
        Map<?, ?> answer = ask(login("staff"), "When does the quay crane inspection happen?");
        assertTrue(answer.get("answer").toString().contains("second Tuesday"), answer::toString);
        assertTrue(((List<?>) answer.get("citations")).stream()
                .anyMatch(c -> id.equals(((Map<?, ?>) c).get("documentId")) && ((Number) ((Map<?, ?>) c).get("page")).intValue() == 2));
        assertEquals(Boolean.TRUE, upload(admin, "again.pdf", pdf, "INTERNAL").body().get("duplicate"));

        String secret = uploadAndWait(admin, "vault.txt", "Vault.\n\nThe vault code is ORCHID-7781."
                .getBytes(StandardCharsets.UTF_8), "RESTRICTED");
        assertFalse(ask(login("staff"), "What is the vault code?").get("answer").toString().contains("ORCHID-7781"));
        assertTrue(ask(login("analyst"), "What is the vault code?").get("answer").toString().contains("ORCHID-7781"));
        client().exchange(HttpRequest.DELETE("/api/documents/" + secret).bearerAuth(admin));
        assertFalse(ask(login("analyst"), "What is the vault code?").get("answer").toString().contains("ORCHID-7781"));

        String compliance = login("compliance");
        Map<?, ?> asks = client().retrieve(HttpRequest.GET("/api/audit?action=ASK").bearerAuth(compliance), Map.class);
        assertEquals(4, ((Number) asks.get("total")).intValue());
        Map<?, ?> verify = client().retrieve(HttpRequest.GET("/api/audit/verify").bearerAuth(compliance), Map.class);
        assertEquals(Boolean.TRUE, verify.get("intact"), verify::toString);
    }
}
