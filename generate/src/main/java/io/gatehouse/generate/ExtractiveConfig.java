package io.gatehouse.generate;

/** The no-model answerer under the name the policy uses for it (e.g. "on-prem"); always on-prem. */
public record ExtractiveConfig(String name, int maxSentences) implements DestinationConfig {

    public ExtractiveConfig {
        java.util.Objects.requireNonNull(name, "name");
        DestinationConfig.requirePositive("maxSentences", maxSentences);
    }
}
