package io.gatehouse.policy.pseudonym;

/**
 * The guard itself failed: PII detection threw or returned nonsense. The caller must fail closed: nothing
 * of this request goes to a closed API (answer on-prem or refuse) and the audit record says why.
 * The message never contains the text being analysed.
 */
public final class PseudonymizationException extends RuntimeException {

    public PseudonymizationException(String message) {
        super(message);
    }

    public PseudonymizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
