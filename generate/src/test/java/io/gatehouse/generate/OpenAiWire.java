package io.gatehouse.generate;

import java.util.ArrayList;
import java.util.List;

/** OpenAI's chat.completion.chunk stream, as api.openai.com and vLLM send it. */
final class OpenAiWire {

    private OpenAiWire() {
    }

    static List<String> stream(List<String> pieces, int promptTokens, int completionTokens) {
        List<String> out = new ArrayList<>();
        out.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        for (String p : pieces) {
            out.add(chunk("{\"content\":" + quote(p) + "}", "null"));
        }
        out.add(chunk("{}", "\"stop\""));
        if (promptTokens >= 0) {
            out.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                    + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}\n\n");
        }
        out.add("data: [DONE]\n\n");
        return out;
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
    }

    static String error(String type, String message) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":null,\"code\":null}}";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
