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
}
