package io.gatehouse.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * {@code POST {baseUrl}/chat/completions} with {@code stream: true}: OpenAI itself and the servers
 * that copy its API (vLLM, TGI, llama.cpp server, Ollama, LM Studio). The stream is {@code data:} lines
 * of chat.completion.chunk objects ending with {@code data: [DONE]}; with {@code stream_options.include_usage}
 * a last chunk carries the token usage.
 */
final class OpenAiCompatibleUpstream extends HttpUpstream {

    private final OpenAiCompatibleConfig config;
    private final URI endpoint;

    OpenAiCompatibleUpstream(OpenAiCompatibleConfig config) {
        super(config.name(), config.model(), config.resilience());
        this.config = config;
        this.endpoint = endpoint(config.baseUrl(), "chat/completions");
    }

    @Override
    public String payload(Prompt prompt) {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.model());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", prompt.system());
        messages.addObject().put("role", "user").put("content", prompt.user());
        body.put("max_tokens", config.maxTokens());
        body.put("temperature", config.temperature());
        body.put("stream", true);
        if (config.includeUsage()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return write(body);
    }

    @Override
    HttpRequest request(String payload) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        Optional<String> key = config.apiKey().read();
        if (key.isPresent()) {
            b.header("Authorization", "Bearer " + key.get());
        } else if (!(config.apiKey() instanceof ApiKeySource.None)) {
            throw new DestinationException(destination, new Failure.Unauthorized(0), false);
        }
        return b.build();
    }

    @Override
    StreamReader reader() {
        return new StreamReader() {
            private boolean done;
            private Usage usage;
            private StopReason stop = StopReason.END;

            @Override
            public String onMessage(String event, String data) throws IOException {
                if ("[DONE]".equals(data.strip())) {
                    done = true;
                    return "";
                }
                JsonNode chunk = json.readTree(data);
                if (chunk.hasNonNull("error")) {
                    throw new DestinationException(destination, new Failure.ServerError(0), false);
                }
                JsonNode u = chunk.path("usage");
                if (u.isObject() && u.has("prompt_tokens")) {
                    usage = new Usage(u.path("prompt_tokens").asInt(), u.path("completion_tokens").asInt(), true);
                }
                StringBuilder text = new StringBuilder();
                for (JsonNode choice : chunk.path("choices")) {
                    if (choice.path("index").asInt(0) != 0) {
                        continue;
                    }
                    JsonNode content = choice.path("delta").path("content");
                    if (content.isTextual()) {
                        text.append(content.asText());
                    }
                    if ("length".equals(choice.path("finish_reason").asText(null))) {
                        stop = StopReason.MAX_TOKENS;
                    }
                }
                return text.toString();
            }

            @Override
            public boolean finished() {
                return done;
            }

            @Override
            public Usage usage() {
                return usage;
            }

            @Override
            public StopReason stop() {
                return stop;
            }
        };
    }
}
