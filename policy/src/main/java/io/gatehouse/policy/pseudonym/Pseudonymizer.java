package io.gatehouse.policy.pseudonym;

import io.gatehouse.policy.pii.PiiDetector;

import java.util.Objects;

/**
 * Opens one {@link PseudonymSession} per request. Holds no mapping itself: every request's mapping lives
 * in its session and dies with it, so a value seen in one request can never be restored into another.
 */
public final class Pseudonymizer {

    private final PiiDetector detector;

    public Pseudonymizer(PiiDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    /** A fresh session for one request; close it when the reply has been restored. */
    public PseudonymSession open() {
        return new PseudonymSession(detector);
    }
}
