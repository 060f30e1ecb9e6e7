package io.gatehouse.web;

import io.gatehouse.generate.AnthropicConfig;
import io.gatehouse.generate.ApiKeySource;
import io.gatehouse.generate.DestinationConfig;
import io.gatehouse.generate.ExtractiveConfig;
import io.gatehouse.generate.LlamaCppConfig;
import io.gatehouse.generate.OpenAiCompatibleConfig;
import io.gatehouse.generate.Prices;
import io.gatehouse.generate.Resilience;
import io.gatehouse.policy.routing.Provenance;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One generation destination ({@code gatehouse.destinations.<name>.*}); the name is what the routing
 * policy refers to ("on-prem", "closed"). See docs/destinations.md for every field.
 *
 * @param type       extractive | openai-compatible | openai | anthropic | llama-cpp
 * @param provenance on-prem | closed, for openai-compatible servers (openai and anthropic are always closed)
 * @param apiKeyEnv  name of the environment variable holding the key; or {@code apiKeyFile}, a file holding it
 */
@EachProperty("gatehouse.destinations")
public record DestinationSettings(@Parameter String name, String type, @Nullable String provenance,
                                  @Nullable URI baseUrl, @Nullable String model, @Nullable String apiKeyEnv,
                                  @Nullable Path apiKeyFile, @Nullable Integer maxTokens, @Nullable Double temperature,
                                  @Nullable Integer contextBudgetTokens, @Nullable Boolean includeUsage,
                                  @Nullable String inputPricePerMillion, @Nullable String outputPricePerMillion,
                                  @Nullable Path modelPath, @Nullable Integer threads, @Nullable Integer contextSize,
                                  @Nullable Integer queueCapacity, @Nullable String isolation, @Nullable Integer maxSentences,
                                  @Nullable Duration connectTimeout, @Nullable Duration firstTokenTimeout,
                                  @Nullable Duration totalTimeout, @Nullable Integer maxRetries) {

    DestinationConfig toConfig() {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "extractive" -> new ExtractiveConfig(name, or(maxSentences, 3));
            case "openai-compatible", "openai" -> new OpenAiCompatibleConfig(name,
                    t.equals("openai") ? Provenance.CLOSED : declaredProvenance(),
                    or(baseUrl, t.equals("openai") ? URI.create("https://api.openai.com/v1") : null, "base-url"),
                    or(model, null, "model"), apiKey(), or(maxTokens, 800), or(temperature, 0.1),
                    or(contextBudgetTokens, 3000), or(includeUsage, true), prices(), resilience());
            case "anthropic" -> new AnthropicConfig(name, or(baseUrl, AnthropicConfig.DEFAULT_BASE_URL, "base-url"),
                    or(model, null, "model"), apiKey(), or(maxTokens, 800), or(temperature, 0.1),
                    or(contextBudgetTokens, 3000), prices(), resilience());
            case "llama-cpp" -> new LlamaCppConfig(name, or(modelPath, null, "model-path"),
                    or(threads, Runtime.getRuntime().availableProcessors()), or(contextSize, 2048), or(maxTokens, 256),
                    (float) (double) or(temperature, 0.1), or(queueCapacity, 4), or(contextBudgetTokens, 1200), 42,
                    resilience(), isolation == null ? LlamaCppConfig.Isolation.CHILD_PROCESS
                            : LlamaCppConfig.Isolation.valueOf(isolation.toUpperCase(Locale.ROOT).replace('-', '_')));
            default -> throw new IllegalArgumentException("gatehouse.destinations." + name + ".type must be one of "
                    + "extractive, openai-compatible, openai, anthropic, llama-cpp; got '" + type + "'");
        };
    }

    private Provenance declaredProvenance() {
        if (provenance == null) {
            throw new IllegalArgumentException("gatehouse.destinations." + name + ".provenance is required for an "
                    + "openai-compatible server: on-prem (vLLM, Ollama, ...) or closed (an outside provider)");
        }
        return Provenance.valueOf(provenance.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private ApiKeySource apiKey() {
        if (apiKeyEnv != null) {
            return new ApiKeySource.Environment(apiKeyEnv, System.getenv());
        }
        if (apiKeyFile != null) {
            return new ApiKeySource.SecretsFile(apiKeyFile);
        }
        return new ApiKeySource.None();
    }

    private Prices prices() {
        return inputPricePerMillion == null && outputPricePerMillion == null ? Prices.FREE
                : Prices.perMillion(inputPricePerMillion == null ? "0" : inputPricePerMillion,
                outputPricePerMillion == null ? "0" : outputPricePerMillion);
    }

    private Resilience resilience() {
        Resilience d = Resilience.DEFAULTS;
        return new Resilience(or(connectTimeout, d.connectTimeout()), or(firstTokenTimeout, d.firstTokenTimeout()),
                or(totalTimeout, d.totalTimeout()), or(maxRetries, d.maxRetries()), d.retryBackoff(), d.maxRetryAfter(),
                d.breakerFailures(), d.breakerOpenFor());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private <T> T or(T value, T fallback, String field) {
        if (value == null && fallback == null) {
            throw new IllegalArgumentException("gatehouse.destinations." + name + "." + field + " is required for type " + type);
        }
        return value != null ? value : fallback;
    }
}
