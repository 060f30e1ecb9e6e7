package io.gatehouse.generate;

import java.util.Objects;

/**
 * A destination could not answer. The message is {@link Failure#describe(String)}: fit for the user,
 * free of prompt, context and response text, so it may be logged and shown as is.
 * {@code partial} says tokens had already been streamed to the caller when it failed.
 */
public final class DestinationException extends RuntimeException {

    private final String destination;
    private final Failure failure;
    private final boolean partial;

    public DestinationException(String destination, Failure failure, boolean partial) {
        this(destination, failure, partial, null);
    }

    /** {@code cause} only for transport exceptions (connect refused, ...), whose messages carry no content. */
    DestinationException(String destination, Failure failure, boolean partial, Throwable cause) {
        super(Objects.requireNonNull(failure, "failure").describe(destination), cause, false, cause != null);
        this.destination = destination;
        this.failure = failure;
        this.partial = partial;
    }

    public String destination() {
        return destination;
    }

    public Failure failure() {
        return failure;
    }

    public boolean partial() {
        return partial;
    }

    DestinationException withPartial(boolean p) {
        return p == partial ? this : new DestinationException(destination, failure, p, getCause());
    }
}
