package io.gatehouse.policy.audit;

/**
 * A piece of content for the trail (a question, an answer, an outbound payload) and whether its text may
 * be stored or only its keyed hash, as the policy says. Absent content is {@link #ABSENT}.
 */
public record AuditText(String text, boolean storeText) {

    public static final AuditText ABSENT = new AuditText(null, false);

    /** Stored as given (the caller passes the redacted form where the policy wants that). */
    public static AuditText stored(String text) {
        return text == null ? ABSENT : new AuditText(text, true);
    }

    /** Only the keyed hash is stored: the record proves what was sent without keeping it. */
    public static AuditText hashOnly(String text) {
        return text == null ? ABSENT : new AuditText(text, false);
    }

    public boolean present() {
        return text != null;
    }
}
