package io.gatehouse.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * Anthropic's Messages API, {@code POST {baseUrl}/v1/messages} with {@code stream: true}. Events:
 * {@code message_start} (input tokens), {@code content_block_start}, {@code content_block_delta}
 * ({@code text_delta}), {@code content_block_stop}, {@code message_delta} (output tokens, stop reason),
 * {@code message_stop}, {@code ping}, and {@code error} inside an open stream.
 */
final class AnthropicUpstream extends HttpUpstream {

    static final String VERSION = "2023-06-01";

    private final AnthropicConfig config;
    private final URI endpoint;

    AnthropicUpstream(AnthropicConfig config) {
        super(config.name(), config.model(), config.resilience());
        this.config = config;
        this.endpoint = endpoint(config.baseUrl(), "v1/messages");
    }

    @Override
    public String payload(Prompt prompt) {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.model());
        body.put("max_tokens", config.maxTokens());
        body.put("temperature", config.temperature());
        body.put("system", prompt.system());
        body.putArray("messages").addObject().put("role", "user").put("content", prompt.user());
        body.put("stream", true);
        return write(body);
    }

    @Override
    HttpRequest request(String payload) {
        Optional<String> key = config.apiKey().read();
        if (key.isEmpty()) {
            throw new DestinationException(destination, new Failure.Unauthorized(0), false);
        }
        return HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("x-api-key", key.get())
                .header("anthropic-version", VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
    }

    @Override
    Failure failureFor(int status, HttpHeaders headers, String body) {
        if (status == 529) {
            return new Failure.ServerError(status); // overloaded
        }
        return byStatus(status, headers);
    }

    /** An {@code error} event inside a stream that began with 200. */
    private static Failure errorEvent(String type) {
        return switch (type) {
            case "rate_limit_error" -> new Failure.RateLimited(Optional.empty());
            case "authentication_error", "permission_error" -> new Failure.Unauthorized(401);
            case "invalid_request_error", "not_found_error", "request_too_large" -> new Failure.Rejected(400);
            default -> new Failure.ServerError(0); // overloaded_error, api_error, anything new
        };
    }

    @Override
    StreamReader reader() {
        return new StreamReader() {
            private boolean done;
            private int inputTokens = -1;
            private int outputTokens = -1;
            private StopReason stop = StopReason.END;

            @Override
            public String onMessage(String event, String data) throws IOException {
                JsonNode e = json.readTree(data);
                String type = event != null ? event : e.path("type").asText("");
                switch (type) {
                    case "message_start" -> {
                        JsonNode u = e.path("message").path("usage");
                        inputTokens = u.path("input_tokens").asInt(-1);
                        outputTokens = u.path("output_tokens").asInt(-1);
                    }
                    case "content_block_delta" -> {
                        JsonNode delta = e.path("delta");
                        if ("text_delta".equals(delta.path("type").asText())) {
                            return delta.path("text").asText("");
                        }
                    }
                    case "message_delta" -> {
                        JsonNode u = e.path("usage");
                        if (u.has("output_tokens")) {
                            outputTokens = u.path("output_tokens").asInt();
                        }
                        if (u.has("input_tokens")) {
                            inputTokens = u.path("input_tokens").asInt();
                        }
                        if ("max_tokens".equals(e.path("delta").path("stop_reason").asText(null))) {
                            stop = StopReason.MAX_TOKENS;
                        }
                    }
                    case "message_stop" -> done = true;
                    case "error" -> throw new DestinationException(destination,
                            errorEvent(e.path("error").path("type").asText("")), false);
                    default -> { } // ping, content_block_start/stop, and event types added later
                }
                return "";
            }

            @Override
            public boolean finished() {
                return done;
            }

            @Override
            public Usage usage() {
                return inputTokens >= 0 && outputTokens >= 0 ? new Usage(inputTokens, outputTokens, true) : null;
            }

            @Override
            public StopReason stop() {
                return stop;
            }
        };
    }
}
