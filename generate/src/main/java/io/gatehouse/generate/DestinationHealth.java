package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import java.time.Instant;

/**
 * What {@code /health} shows for one destination: whether it is up, its circuit, recent outcome and
 * counters. {@code lastFailure} is a {@link Failure.Kind} name, never a message with content.
 */
public record DestinationHealth(String name, Provenance provenance, String model, boolean up,
                                CircuitBreaker.State circuit, int consecutiveFailures, long calls, long failures,
                                Instant lastSuccessAt, Instant lastFailureAt, String lastFailure) {

    static DestinationHealth alwaysUp(String name, Provenance provenance) {
        return new DestinationHealth(name, provenance, null, true, CircuitBreaker.State.CLOSED, 0, 0, 0, null, null, null);
    }
}
