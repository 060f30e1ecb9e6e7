package io.gatehouse.generate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What a destination charges per one million prompt (input) and completion (output) tokens, in the
 * currency the configuration uses throughout (USD in the shipped examples). On-prem destinations cost zero.
 */
public record Prices(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

    public static final Prices FREE = new Prices(BigDecimal.ZERO, BigDecimal.ZERO);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Prices {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    public static Prices perMillion(String input, String output) {
        return new Prices(new BigDecimal(input), new BigDecimal(output));
    }

    /** The estimated cost of a call, to eight decimal places (a single short call costs fractions of a cent). */
    public BigDecimal cost(Usage usage) {
        BigDecimal in = inputPerMillion.multiply(BigDecimal.valueOf(usage.promptTokens()));
        BigDecimal out = outputPerMillion.multiply(BigDecimal.valueOf(usage.completionTokens()));
        return in.add(out).divide(MILLION, MathContext.DECIMAL64).setScale(8, RoundingMode.HALF_UP);
    }
}
