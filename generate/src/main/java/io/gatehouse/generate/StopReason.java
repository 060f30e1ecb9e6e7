package io.gatehouse.generate;

/** Why generation ended without an error. */
public enum StopReason {
    /** The model finished its answer. */
    END,
    /** The configured maximum of completion tokens was reached; the answer may be cut short. */
    MAX_TOKENS,
    /** The caller cancelled; the text is what had been generated until then. */
    CANCELLED
}
