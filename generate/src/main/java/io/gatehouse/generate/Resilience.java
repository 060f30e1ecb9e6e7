package io.gatehouse.generate;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits, retries and circuit-breaker settings of one destination.
 *
 * @param connectTimeout    to open the TCP/TLS connection
 * @param firstTokenTimeout from sending the request to the first token of the answer
 * @param totalTimeout      from sending the request to the end of the answer
 * @param maxRetries        further attempts after the first, only before any token was streamed and
 *                          only for retryable failures (429, 5xx, refused connection, stream cut before text)
 * @param retryBackoff      the first back-off; doubled on each further retry
 * @param maxRetryAfter     a 429's Retry-After is honoured up to this; longer means fail at once
 * @param breakerFailures   consecutive failed calls that open the circuit
 * @param breakerOpenFor    how long an open circuit stays open before a trial call
 */
public record Resilience(Duration connectTimeout, Duration firstTokenTimeout, Duration totalTimeout, int maxRetries,
                         Duration retryBackoff, Duration maxRetryAfter, int breakerFailures, Duration breakerOpenFor) {

    public static final Resilience DEFAULTS = new Resilience(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(120), 2, Duration.ofMillis(500), Duration.ofSeconds(20), 5, Duration.ofSeconds(30));

    public Resilience {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
        if (maxRetries < 0 || breakerFailures < 1) {
            throw new IllegalArgumentException("maxRetries must be >= 0 and breakerFailures >= 1");
        }
        if (firstTokenTimeout.compareTo(totalTimeout) > 0) {
            throw new IllegalArgumentException("firstTokenTimeout must not exceed totalTimeout");
        }
    }
}
