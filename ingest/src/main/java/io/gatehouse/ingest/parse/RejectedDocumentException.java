package io.gatehouse.ingest.parse;

/**
 * A file that cannot be ingested, with a stable machine-readable reason and a message for the
 * uploader. Messages name the problem, never the file's content.
 */
public final class RejectedDocumentException extends RuntimeException {

    /** Why a file was rejected; each maps to its own problem type. */
    public enum Reason {
        EMPTY, UNSUPPORTED_TYPE, TYPE_MISMATCH, MALFORMED, ENCRYPTED, NO_TEXT, TOO_LARGE, NESTED_ARCHIVE, TOO_MANY_PAGES
    }

    private final Reason reason;

    public RejectedDocumentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectedDocumentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
