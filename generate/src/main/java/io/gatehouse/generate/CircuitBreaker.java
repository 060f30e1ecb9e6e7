package io.gatehouse.generate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Per-destination circuit breaker. After {@code failureThreshold} consecutive failed calls the circuit
 * opens: calls fail fast and the destination reports down, so the policy routes elsewhere or refuses.
 * After {@code openFor} one trial call is let through (half-open); its success closes the circuit,
 * its failure opens it again for another {@code openFor}.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final Duration openFor;
    private final InstantSource clock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration openFor, InstantSource clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go ahead now; in half-open state only one trial at a time. */
    public synchronized boolean tryAcquire() {
        switch (state()) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (trialInFlight) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default:
                return false;
        }
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    /** A call that says nothing about health (cancelled, rejected, busy) ends. */
    public synchronized void onNeutral() {
        trialInFlight = false;
    }

    /** The current state; an open circuit whose wait is over reads as half-open. */
    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Up unless open: a half-open destination is offered to the policy so the trial call can happen. */
    public boolean isUp() {
        return state() != State.OPEN;
    }
}
