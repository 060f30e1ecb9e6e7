package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiCompatibleDestinationTest extends RemoteDestinationContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    String path() {
        return "/v1/chat/completions";
    }

    @Override
    DestinationConfig config(URI base, Resilience resilience, ApiKeySource key) {
        return new OpenAiCompatibleConfig("openai", Provenance.CLOSED, URI.create(base + "/v1"), "gpt-test", key, 300, 0.1,
                1000, true, Prices.perMillion("3", "15"), resilience);
    }

    @Override
    List<String> stream(List<String> pieces, int promptTokens, int completionTokens) {
        return OpenAiWire.stream(pieces, promptTokens, completionTokens);
    }

    @Override
    String errorBody(int status) {
        return OpenAiWire.error(status == 401 ? "invalid_request_error" : status == 429 ? "requests" : "server_error",
                "echo of the prompt: " + CANARY); // some servers quote the input back; it must go no further
    }

    @Override
    void assertWellFormedRequest(FakeModelServer.Recorded r) {
        try {
            assertEquals("POST", r.method());
            assertEquals("/v1/chat/completions", r.path());
            assertEquals("Bearer " + KEY, r.header("Authorization"));
            JsonNode body = JSON.readTree(r.body());
            assertEquals("gpt-test", body.path("model").asText());
            assertTrue(body.path("stream").asBoolean());
            assertTrue(body.path("stream_options").path("include_usage").asBoolean());
            assertEquals(300, body.path("max_tokens").asInt());
            assertEquals("system", body.path("messages").get(0).path("role").asText());
            assertEquals("user", body.path("messages").get(1).path("role").asText());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anOnPremServerWithoutKeyGetsNoAuthorizationAndUsageIsEstimatedWhenNotReported() {
        server.then(FakeModelServer.stream(OpenAiWire.stream(List.of("Local answer [1]."), -1, -1), Duration.ZERO, -1));
        Destination d = destination(new OpenAiCompatibleConfig("vllm", Provenance.ON_PREM, URI.create(server.base() + "/v1/"),
                "qwen", new ApiKeySource.None(), 200, 0.0, 500, false, Prices.FREE, resilience(Duration.ofSeconds(10), 0)));
        GeneratedText out = d.generate(REQUEST);
        assertEquals(Provenance.ON_PREM, d.provenance());
        assertNull(server.requests.getFirst().header("Authorization"));
        assertFalse(server.requests.getFirst().body().contains("stream_options"));
        assertFalse(out.usage().reportedByModel(), "no usage in the stream: estimated");
        assertTrue(out.usage().promptTokens() > 30);
        assertEquals(List.of(1), out.citedPassages());
    }

    @Test
    void theLengthFinishReasonIsReportedAsMaxTokens() {
        server.then(FakeModelServer.stream(List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut sh\"},\"finish_reason\":null}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n",
                "data: [DONE]\n\n"), Duration.ZERO, -1));
        GeneratedText out = destination(resilience(Duration.ofSeconds(10), 0)).generate(REQUEST);
        assertEquals(StopReason.MAX_TOKENS, out.stopReason());
        assertEquals("cut sh", out.text());
    }

    @Test
    void anErrorObjectInsideTheStreamIsAServerError() {
        server.then(FakeModelServer.stream(List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"},\"finish_reason\":null}]}\n\n",
                "data: {\"error\":{\"message\":\"" + CANARY + "\",\"type\":\"server_error\"}}\n\n"), Duration.ZERO, -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        DestinationException e = failure(d);
        assertEquals(new Failure.ServerError(0), e.failure());
        assertTrue(e.partial());
        assertEquals(1, server.requests.size());
    }

    @Test
    void retryAfterMillisecondsIsHonoured() {
        server.then(FakeModelServer.status(429, java.util.Map.of("retry-after-ms", "150"), errorBody(429)),
                FakeModelServer.stream(OpenAiWire.stream(List.of("fine"), 1, 1), Duration.ZERO, -1));
        assertEquals("fine", destination(resilience(Duration.ofSeconds(10), 1)).generate(REQUEST).text());
        assertEquals(2, server.requests.size());
    }
}
