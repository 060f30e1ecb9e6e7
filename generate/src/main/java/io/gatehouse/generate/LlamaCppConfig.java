package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A GGUF model run in this process by llama.cpp; always {@link Provenance#ON_PREM}.
 *
 * @param threads             CPU threads for generation
 * @param contextSize         the model's context window in tokens (prompt + answer)
 * @param maxTokens           completion tokens per answer
 * @param queueCapacity       questions that may wait while one is generated; beyond that callers get BUSY
 * @param contextBudgetTokens tokens for passages; must leave room in {@code contextSize} for
 *                            instructions, question and {@code maxTokens}
 * @param seed                sampling seed; fixed makes answers repeatable
 * @param isolation           where llama.cpp runs: in a child JVM (the default: closing frees all its native
 *                            memory, a native crash cannot take the server down) or in this process
 */
public record LlamaCppConfig(String name, Path modelPath, int threads, int contextSize, int maxTokens,
                             float temperature, int queueCapacity, int contextBudgetTokens, int seed,
                             Resilience resilience, Isolation isolation) implements DestinationConfig {

    public enum Isolation {
        /**
         * A child JVM runs the model and talks to us over its standard streams. Costs a JVM start on first use
         * (about a second) and a pipe hop per token; in exchange, stopping it returns every byte to the system,
         * which {@code de.kherud:llama} 4.2.0's own close does not (see docs/destinations.md).
         */
        CHILD_PROCESS,
        /** In this JVM: no start-up cost, but the binding leaks its native context on close, so load once per process. */
        IN_PROCESS
    }

    /** Room for the instructions, the question and the chat template's own tokens. */
    static final int PROMPT_OVERHEAD_TOKENS = 256;

    public LlamaCppConfig {
        DestinationConfig.requireName(name);
        Objects.requireNonNull(modelPath, "modelPath");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(isolation, "isolation");
        DestinationConfig.requirePositive("threads", threads);
        DestinationConfig.requirePositive("contextSize", contextSize);
        DestinationConfig.requirePositive("maxTokens", maxTokens);
        DestinationConfig.requirePositive("contextBudgetTokens", contextBudgetTokens);
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative");
        }
        if (contextBudgetTokens + maxTokens + PROMPT_OVERHEAD_TOKENS > contextSize) {
            throw new IllegalArgumentException("contextBudgetTokens (" + contextBudgetTokens + ") + maxTokens (" + maxTokens
                    + ") + " + PROMPT_OVERHEAD_TOKENS + " for instructions and question exceed contextSize (" + contextSize + ")");
        }
    }
}
