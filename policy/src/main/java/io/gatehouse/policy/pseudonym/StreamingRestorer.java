package io.gatehouse.policy.pseudonym;

/**
 * Restores placeholders in a reply that arrives in chunks. Text is passed on as soon as it cannot be the
 * start of a placeholder; a tail that might still become one (e.g. {@code "<PER"}) is held back until the
 * next chunk decides it, so {@code "<PER" + "SON_1>"} comes out as the person's name. Not thread-safe:
 * one restorer per stream.
 */
public final class StreamingRestorer {

    private final PseudonymSession session;
    private final StringBuilder pending = new StringBuilder();

    StreamingRestorer(PseudonymSession session) {
        this.session = session;
    }

    /** Feeds one chunk; returns what may be shown now (possibly empty). */
    public String accept(String chunk) {
        pending.append(chunk);
        int hold = heldBackFrom();
        String ready = pending.substring(0, hold);
        pending.delete(0, hold);
        return session.restore(ready);
    }

    /** The end of the stream: whatever is still held back, restored where it is a whole placeholder. */
    public String finish() {
        String rest = session.restore(pending.toString());
        pending.setLength(0);
        return rest;
    }

    /** Index from which the pending text must wait: the last '<' with no '>' after it, if it may start a placeholder. */
    private int heldBackFrom() {
        int lt = pending.lastIndexOf("<");
        if (lt < 0 || pending.indexOf(">", lt) >= 0) {
            return pending.length();
        }
        return session.couldBecomePlaceholder(pending.subSequence(lt, pending.length())) ? lt : pending.length();
    }
}
