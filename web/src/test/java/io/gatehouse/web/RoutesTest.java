package io.gatehouse.web;

import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiSpan;
import io.gatehouse.policy.pii.RecognizerPiiDetector;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each route through the real server with real destinations: PUBLIC context goes to a (fake) closed API on
 * the OpenAI wire format, RESTRICTED context to a GGUF model run by llama.cpp, the stream shows the decision
 * before the first token, and a failing PII guard keeps everything inside.
 */
@MicronautTest(transactional = false, environments = "routes")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesTest extends RealServerTest {

    static final FakeClosedApi CLOSED = new FakeClosedApi();
    static final Path GGUF = Path.of("../generate/src/test/resources/models/llama-2-tiny-random.gguf");

    @Inject
    io.micronaut.runtime.server.EmbeddedServer embedded;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.putAll(CLOSED.asClosedDestination());
        p.put("gatehouse.destinations.on-prem.type", "llama-cpp");
        p.put("gatehouse.destinations.on-prem.model-path", GGUF.toAbsolutePath().normalize().toString());
        p.put("gatehouse.destinations.on-prem.max-tokens", "12");
        p.put("gatehouse.destinations.on-prem.context-size", "512");
        p.put("gatehouse.destinations.on-prem.context-budget-tokens", "200");
        p.put("gatehouse.retrieval.top-k", "2");
        return p;
    }

    @BeforeAll
    void corpus() {
        assertTrue(Files.exists(GGUF), "the tiny GGUF model is in generate's test resources");
        String admin = login("admin");
        uploadAndWait(admin, "lamps.txt", "Lamp notes.\n\nThe quay lamps are lit at dusk by the harbour crew."
                .getBytes(StandardCharsets.UTF_8), "PUBLIC");
        uploadAndWait(admin, "lamps-secret.txt", "Lamp budget.\n\nThe quay lamp replacement budget is sealed under code NIMBUS-42."
                .getBytes(StandardCharsets.UTF_8), "RESTRICTED");
    }

    @AfterAll
    void stop() {
        CLOSED.close();
    }

    @Test
    void publicContextGoesToTheClosedApiAndRestrictedContextToTheLocalModel() throws Exception {
        int before = CLOSED.bodies.size();
        Map<?, ?> open = ask(login("staff"), "When are the quay lamps lit?");
        assertEquals("CLOSED_API", ((Map<?, ?>) open.get("decision")).get("route"), open::toString);
        assertEquals(before + 1, CLOSED.bodies.size());
        assertEquals("gpt-fake", open.get("model"));

        List<String[]> events = SseClient.post(embedded.getURI().resolve("/api/ask/stream"), login("analyst"),
                "{\"question\":\"What is the quay lamp replacement budget code?\"}");
        assertEquals("decision", events.getFirst()[0], "decision before the first token");
        assertTrue(events.getFirst()[1].contains("ON_PREM"), events.getFirst()[1]);
        assertTrue(events.stream().anyMatch(e -> e[0].equals("token")), "the local model streamed tokens");
        assertEquals("done", events.getLast()[0]);
        assertTrue(events.getLast()[1].contains("llama") || events.getLast()[1].contains("gguf"), events.getLast()[1]);
        assertEquals(before + 1, CLOSED.bodies.size(), "restricted context never reached the closed API");
        for (String body : CLOSED.bodies) {
            assertFalse(body.contains("NIMBUS-42"));
        }
    }

    @Test
    void whenPiiDetectionFailsNothingGoesToTheClosedApi() {
        int before = CLOSED.bodies.size();
        Map<?, ?> answer = ask(login("staff"), "FAULT-INJECT: when are the quay lamps lit?");
        Map<?, ?> decision = (Map<?, ?>) answer.get("decision");
        assertEquals("ON_PREM", decision.get("route"), decision::toString);
        assertTrue(decision.get("reasons").toString().contains("PII detection failed"), decision::toString);
        assertEquals(before, CLOSED.bodies.size(), "the guard failed closed");
        Map<?, ?> record = client().retrieve(HttpRequest.GET("/api/audit/" + ((Number) answer.get("auditId")).longValue())
                .bearerAuth(login("compliance")), Map.class);
        assertTrue(record.get("detail").toString().contains("guardFailure"), record::toString);
    }

    /** The real detector, except that it fails on a marker: the fault injected into the guard. */
    @Factory
    @Requires(env = "routes")
    static class FaultyDetectorFactory {
        @Singleton
        @Replaces(PiiDetector.class)
        PiiDetector detector() {
            PiiDetector real = RecognizerPiiDetector.withDefaults();
            return new PiiDetector() {
                @Override
                public List<PiiSpan> analyze(String text) {
                    if (text.contains("FAULT-INJECT")) {
                        throw new IllegalStateException("injected fault");
                    }
                    return real.analyze(text);
                }
            };
        }
    }
}
