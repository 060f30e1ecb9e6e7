package io.gatehouse.policy;

/** What a user may do: ask questions, review the audit trail, or administer the system. */
public enum Role {
    STAFF, COMPLIANCE, ADMIN
}
