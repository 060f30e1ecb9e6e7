package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import java.net.URI;
import java.util.Objects;

/**
 * A server speaking OpenAI's {@code /chat/completions}.
 *
 * @param provenance          ON_PREM for a server inside the perimeter (vLLM, TGI, llama.cpp server, Ollama,
 *                            LM Studio), CLOSED for OpenAI or any other outside provider. It is declared,
 *                            not detected: the policy trusts it.
 * @param baseUrl             up to and including {@code /v1}, e.g. {@code https://api.openai.com/v1},
 *                            {@code http://vllm:8000/v1}, {@code http://localhost:11434/v1} (Ollama)
 * @param apiKey              {@link ApiKeySource.None} for servers that need none
 * @param contextBudgetTokens tokens for retrieved passages in the prompt, filled by rank
 * @param includeUsage        ask for token usage in the stream ({@code stream_options.include_usage});
 *                            turn off for a server that rejects the field; usage is then estimated
 */
public record OpenAiCompatibleConfig(String name, Provenance provenance, URI baseUrl, String model, ApiKeySource apiKey,
                                     int maxTokens, double temperature, int contextBudgetTokens, boolean includeUsage,
                                     Prices prices, Resilience resilience) implements DestinationConfig {

    public OpenAiCompatibleConfig {
        DestinationConfig.requireName(name);
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(resilience, "resilience");
        DestinationConfig.requirePositive("maxTokens", maxTokens);
        DestinationConfig.requirePositive("contextBudgetTokens", contextBudgetTokens);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be http or https: " + baseUrl);
        }
    }
}
