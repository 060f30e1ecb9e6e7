package io.gatehouse.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicDestinationTest extends RemoteDestinationContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    String path() {
        return "/v1/messages";
    }

    @Override
    DestinationConfig config(URI base, Resilience resilience, ApiKeySource key) {
        return new AnthropicConfig("anthropic", base, "claude-test", key, 300, 0.1, 1000, Prices.perMillion("3", "15"),
                resilience);
    }

    @Override
    List<String> stream(List<String> pieces, int promptTokens, int completionTokens) {
        return AnthropicWire.stream(pieces, promptTokens, completionTokens);
    }

    @Override
    String errorBody(int status) {
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        return AnthropicWire.error(type, "echo: " + CANARY);
    }

    @Override
    void assertWellFormedRequest(FakeModelServer.Recorded r) {
        try {
            assertEquals("POST", r.method());
            assertEquals("/v1/messages", r.path());
            assertEquals(KEY, r.header("x-api-key"));
            assertEquals("2023-06-01", r.header("anthropic-version"));
            JsonNode body = JSON.readTree(r.body());
            assertEquals("claude-test", body.path("model").asText());
            assertTrue(body.path("stream").asBoolean());
            assertEquals(300, body.path("max_tokens").asInt());
            assertTrue(body.path("system").asText().contains("Cite"), "instructions go in the top-level system field");
            assertEquals(1, body.path("messages").size());
            assertEquals("user", body.path("messages").get(0).path("role").asText());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anOverloadedErrorEventMidStreamFailsWithoutRetry() {
        List<String> events = new ArrayList<>(AnthropicWire.stream(List.of("Half an ans"), 50, 5).subList(0, 4));
        events.add(AnthropicWire.event("error", AnthropicWire.error("overloaded_error", "Overloaded " + CANARY)));
        server.then(FakeModelServer.stream(events, Duration.ZERO, -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        DestinationException e = failure(d);
        assertEquals(new Failure.ServerError(0), e.failure());
        assertTrue(e.partial());
        assertEquals(1, server.requests.size());
    }

    @Test
    void overloaded529IsAServerError() {
        server.then(FakeModelServer.status(529, Map.of(), errorBody(529)));
        DestinationException e = failure(destination(resilience(Duration.ofSeconds(10), 0)));
        assertEquals(new Failure.ServerError(529), e.failure());
    }

    @Test
    void anAnthropicDestinationWithoutAKeySourceIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> config(server.base(), Resilience.DEFAULTS, new ApiKeySource.None()));
    }

    @Test
    void theMaxTokensStopReasonIsReported() {
        List<String> events = new ArrayList<>(AnthropicWire.stream(List.of("trunc"), 50, 300));
        events.set(events.size() - 2, AnthropicWire.event("message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":300}}"));
        server.then(FakeModelServer.stream(events, Duration.ZERO, -1));
        GeneratedText out = destination(resilience(Duration.ofSeconds(10), 0)).generate(REQUEST);
        assertEquals(StopReason.MAX_TOKENS, out.stopReason());
        assertEquals(new Usage(50, 300, true), out.usage());
    }
}
