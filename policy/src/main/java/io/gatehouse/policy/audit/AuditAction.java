package io.gatehouse.policy.audit;

/** What an audit record is about. */
public enum AuditAction {
    ASK, UPLOAD, DELETE, TIER_CHANGE, POLICY_CHANGE, SIMULATE, LOGIN_SUCCESS, LOGIN_FAILURE, AUDIT_EXPORT, AUDIT_VERIFY,
    /** Retention dropped content text from old records. */
    RETENTION,
    /** Account administration: who created or changed which account (never a password). */
    USER_CREATE, USER_UPDATE, USER_PASSWORD_RESET,
    /** A user changed their own password (self-service; never a password). */
    USER_PASSWORD_CHANGE,
    /**
     * The chain changed key: the first record signed with a new audit key, naming the previous key id
     * ({@code fromKeyId}) and its own ({@code toKeyId}). Written by the trail itself, never by a caller.
     */
    AUDIT_KEY_ROTATED
}
