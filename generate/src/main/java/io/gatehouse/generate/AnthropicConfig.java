package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import java.net.URI;
import java.util.Objects;

/**
 * Anthropic's Messages API; always {@link Provenance#CLOSED}.
 *
 * @param baseUrl without {@code /v1}: {@code https://api.anthropic.com}
 */
public record AnthropicConfig(String name, URI baseUrl, String model, ApiKeySource apiKey, int maxTokens,
                              double temperature, int contextBudgetTokens, Prices prices, Resilience resilience)
        implements DestinationConfig {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");

    public AnthropicConfig {
        DestinationConfig.requireName(name);
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(resilience, "resilience");
        DestinationConfig.requirePositive("maxTokens", maxTokens);
        DestinationConfig.requirePositive("contextBudgetTokens", contextBudgetTokens);
        if (apiKey instanceof ApiKeySource.None) {
            throw new IllegalArgumentException("the Anthropic API needs a key: configure an environment variable or a secrets file");
        }
    }
}
