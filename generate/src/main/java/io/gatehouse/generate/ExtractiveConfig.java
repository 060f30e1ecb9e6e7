package io.gatehouse.generate;

/** The no-model answerer, named {@value ExtractiveDestination#NAME}; always on-prem. */
public record ExtractiveConfig(int maxSentences) implements DestinationConfig {

    public ExtractiveConfig {
        DestinationConfig.requirePositive("maxSentences", maxSentences);
    }

    @Override
    public String name() {
        return ExtractiveDestination.NAME;
    }
}
