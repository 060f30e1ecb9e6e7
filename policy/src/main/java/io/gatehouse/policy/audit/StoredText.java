package io.gatehouse.policy.audit;

/**
 * A content field as stored: its text (null when hash-only, dropped by retention, or never present) and
 * its keyed hash (null only when the field was never present).
 */
public record StoredText(String text, String hash) {

    public static final StoredText ABSENT = new StoredText(null, null);

    public boolean present() {
        return hash != null;
    }
}
