package io.gatehouse.generate;

import java.util.List;

/**
 * What is sent to a model: system instructions and one user message holding the numbered passages
 * and the question. {@code suppliedPassages} are the passage numbers that fitted the context budget;
 * citations of any other number are dropped.
 */
public record Prompt(String system, String user, List<Integer> suppliedPassages, int estimatedTokens) {

    public Prompt {
        suppliedPassages = List.copyOf(suppliedPassages);
    }

    /** The prompt as chat messages for a local model, in the shape the audit records what was generated from. */
    String asLocalChat(int maxTokens) {
        com.fasterxml.jackson.databind.node.ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        body.putArray("messages").add(body.objectNode().put("role", "system").put("content", system))
                .add(body.objectNode().put("role", "user").put("content", user));
        body.put("max_tokens", maxTokens);
        return body.toString();
    }
}
