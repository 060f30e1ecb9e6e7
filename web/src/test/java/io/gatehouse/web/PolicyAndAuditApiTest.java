package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy and audit endpoints through the real server: hot reload, validation, simulate, verify, export. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyAndAuditApiTest extends RealServerTest {

    @Inject
    DataSource dataSource;

    @Test
    void aReplacedPolicyDecidesTheNextQuestionAndABadOneIsRefusedWithLines() {
        String admin = login("admin");
        uploadAndWait(admin, "tides.txt", "Spring tides reach 6.1 metres at the outer harbour.".getBytes(StandardCharsets.UTF_8), "PUBLIC");
        Map<?, ?> before = (Map<?, ?>) ask(login("staff"), "How high do spring tides reach?").get("decision");
        assertEquals("public-context", before.get("rule"));

        Map<?, ?> current = client().retrieve(HttpRequest.GET("/api/policy").bearerAuth(login("compliance")), Map.class);
        String refuseAll = "version: \"test-refuse\"\ndestinations:\n  - name: on-prem\n    provenance: on-prem\n"
                + "rules:\n  - name: refuse-everything\n    when: {}\n    route: REFUSE\n    reason: closed for maintenance\n";
        Map<?, ?> replaced = client().retrieve(HttpRequest.PUT("/api/policy", refuseAll).contentType("application/yaml").bearerAuth(admin), Map.class);
        assertTrue(replaced.get("version").toString().startsWith("test-refuse@sha256:"));
        Map<?, ?> after = ask(login("staff"), "How high do spring tides reach?");
        assertEquals("REFUSE", ((Map<?, ?>) after.get("decision")).get("route"), "hot reload: the next question sees the new policy");
        assertFalse(after.get("answer").toString().contains("6.1"));

        HttpClientResponseException bad = assertThrows(HttpClientResponseException.class, () -> client().exchange(
                HttpRequest.PUT("/api/policy", "version: x\nrules:\n  - name: r\n    route: TELEPORT\n").contentType("application/yaml").bearerAuth(admin)));
        assertEquals(422, bad.getStatus().getCode());
        Map<?, ?> problem = TestServer.problem(bad);
        List<Map<?, ?>> problems = (List<Map<?, ?>>) problem.get("problems");
        assertFalse(problems.isEmpty());
        assertTrue(problems.stream().allMatch(p -> p.get("line") instanceof Number && p.get("field") != null), problems::toString);
        assertEquals("REFUSE", ((Map<?, ?>) ask(login("staff"), "How high do spring tides reach?").get("decision")).get("route"),
                "a rejected policy leaves the current one in force");

        client().retrieve(HttpRequest.PUT("/api/policy", current.get("text")).contentType("application/yaml").bearerAuth(admin), Map.class);
        assertEquals("public-context", ((Map<?, ?>) ask(login("staff"), "How high do spring tides reach?").get("decision")).get("rule"));
        assertThrows(HttpClientResponseException.class, () -> client().exchange(
                HttpRequest.PUT("/api/policy", refuseAll).contentType("application/yaml").bearerAuth(login("compliance"))),
                "compliance reads the policy but may not change it");
    }

    @Test
    void simulateAnswersWithoutGeneratingAndIsAudited() {
        String compliance = login("compliance");
        Map<?, ?> sim = client().retrieve(HttpRequest.POST("/api/policy/simulate",
                Map.of("tier", "INTERNAL", "questionPii", List.of("US_SSN"), "user", "analyst")).bearerAuth(compliance), Map.class);
        Map<?, ?> decision = (Map<?, ?>) sim.get("decision");
        assertEquals("ON_PREM", decision.get("route"));
        assertEquals("restricted-pii-in-question", decision.get("rule"));
        Map<?, ?> audited = client().retrieve(HttpRequest.GET("/api/audit?action=SIMULATE").bearerAuth(compliance), Map.class);
        assertTrue(((Number) audited.get("total")).intValue() >= 1);
    }

    @Test
    void verifyFindsAnEditedRowAndExportMatchesTheFilter() throws Exception {
        String compliance = login("compliance");
        ask(login("staff"), "Is the harbour open at night?");
        ask(login("analyst"), "Who inspects the buoys?");
        Map<?, ?> ok = client().retrieve(HttpRequest.GET("/api/audit/verify").bearerAuth(compliance), Map.class);
        assertEquals(Boolean.TRUE, ok.get("intact"), ok::toString);
        Map<?, ?> byKey = (Map<?, ?>) ok.get("recordsByKey");
        assertEquals(1, byKey.size(), ok::toString);
        assertTrue(byKey.keySet().iterator().next().toString().matches("[0-9a-f]{16}"), ok::toString);
        assertEquals(((Number) ok.get("recordsChecked")).longValue(), ((Number) byKey.values().iterator().next()).longValue(),
                "one key signed every record");

        String csv = client().retrieve(HttpRequest.GET("/api/audit/export?format=csv&action=ASK&user=analyst").bearerAuth(compliance), String.class);
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 2, csv);
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.contains("analyst") && line.contains("ASK"), line);
        }
        String jsonl = client().retrieve(HttpRequest.GET("/api/audit/export?format=jsonl&user=staff").bearerAuth(compliance), String.class);
        assertTrue(jsonl.lines().allMatch(l -> l.startsWith("{") && l.contains("\"staff\"")), jsonl);

        Map<?, ?> page = client().retrieve(HttpRequest.GET("/api/audit?action=ASK&user=analyst&size=1").bearerAuth(compliance), Map.class);
        long id = ((Number) ((Map<?, ?>) ((List<?>) page.get("records")).getFirst()).get("id")).longValue();
        Map<?, ?> one = client().retrieve(HttpRequest.GET("/api/audit/" + id).bearerAuth(compliance), Map.class);
        assertEquals("Who inspects the buoys?", ((Map<?, ?>) one.get("question")).get("text"));
        try (Connection c = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_record SET actor = 'mallory' WHERE seq = " + id);
        }
        Map<?, ?> broken = client().retrieve(HttpRequest.GET("/api/audit/verify").bearerAuth(compliance), Map.class);
        assertEquals(Boolean.FALSE, broken.get("intact"));
        assertEquals(id, ((Number) broken.get("firstBrokenRecord")).longValue(), broken::toString);
        try (Connection c = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_record SET actor = 'analyst' WHERE seq = " + id);
        }
    }

    @Test
    void loginAttemptsAreAudited() {
        assertThrows(HttpClientResponseException.class, () -> client().exchange(
                HttpRequest.POST("/api/auth/login", Map.of("username", "staff", "password", "guess")).contentType(MediaType.APPLICATION_JSON)));
        login("staff");
        String compliance = login("compliance");
        Map<?, ?> failures = client().retrieve(HttpRequest.GET("/api/audit?action=LOGIN_FAILURE&user=staff").bearerAuth(compliance), Map.class);
        Map<?, ?> successes = client().retrieve(HttpRequest.GET("/api/audit?action=LOGIN_SUCCESS&user=staff").bearerAuth(compliance), Map.class);
        assertTrue(((Number) failures.get("total")).intValue() >= 1);
        assertTrue(((Number) successes.get("total")).intValue() >= 1);
        assertFalse(failures.toString().contains("guess"), "the password is never recorded");
    }
}
