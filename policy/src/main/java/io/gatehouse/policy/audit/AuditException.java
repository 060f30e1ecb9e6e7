package io.gatehouse.policy.audit;

/** The trail could not be written or read. Callers fail the operation: an unaudited action does not happen. */
public final class AuditException extends RuntimeException {

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
