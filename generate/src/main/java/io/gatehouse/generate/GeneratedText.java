package io.gatehouse.generate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A destination's reply: the text, the supplied passage numbers it cites (citations of passages the
 * destination was not given are already dropped), the model, token usage, the estimated cost of the
 * call under the destination's configured prices, and why it stopped.
 */
public record GeneratedText(String text, List<Integer> citedPassages, String model, Usage usage,
                            BigDecimal estimatedCost, StopReason stopReason) {

    public GeneratedText {
        citedPassages = List.copyOf(citedPassages);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(estimatedCost, "estimatedCost");
        Objects.requireNonNull(stopReason, "stopReason");
    }

    /** A reply that used no model tokens and cost nothing (the extractive answerer). */
    public GeneratedText(String text, List<Integer> citedPassages, String model) {
        this(text, citedPassages, model, Usage.NONE, BigDecimal.ZERO, StopReason.END);
    }
}
