package io.gatehouse.policy.audit;

/** The append-only record of what happened. Appends are durable when the call returns. */
public interface AuditTrail {

    AuditRecord append(AuditEvent event);

    AuditPage list(AuditQuery query);
}
