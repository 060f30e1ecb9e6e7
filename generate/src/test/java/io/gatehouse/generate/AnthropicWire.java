package io.gatehouse.generate;

import java.util.ArrayList;
import java.util.List;

/** Anthropic's Messages API event stream. */
final class AnthropicWire {

    private AnthropicWire() {
    }

    static List<String> stream(List<String> pieces, int inputTokens, int outputTokens) {
        List<String> out = new ArrayList<>();
        out.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\",\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":1}}}"));
        out.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        out.add(event("ping", "{\"type\": \"ping\"}"));
        for (String p : pieces) {
            out.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                    + OpenAiWire.quote(p) + "}}"));
        }
        out.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        out.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
        out.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return out;
    }

    static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    static String error(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":" + OpenAiWire.quote(type) + ",\"message\":" + OpenAiWire.quote(message) + "}}";
    }
}
