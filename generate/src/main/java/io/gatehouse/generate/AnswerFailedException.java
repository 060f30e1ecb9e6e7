package io.gatehouse.generate;

import io.gatehouse.policy.routing.RoutingDecision;

/**
 * Generation failed after the policy had decided; the failure is in the audit trail as record
 * {@link #auditId()}. The message is the destination's user-facing one and holds no content.
 */
public final class AnswerFailedException extends RuntimeException {

    private final RoutingDecision decision;
    private final long auditId;

    AnswerFailedException(DestinationException cause, RoutingDecision decision, long auditId) {
        super(cause.getMessage(), cause);
        this.decision = decision;
        this.auditId = auditId;
    }

    public Failure failure() {
        return ((DestinationException) getCause()).failure();
    }

    public RoutingDecision decision() {
        return decision;
    }

    public long auditId() {
        return auditId;
    }
}
