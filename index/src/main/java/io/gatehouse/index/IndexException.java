package io.gatehouse.index;

/** The index could not be read or written. */
public final class IndexException extends RuntimeException {

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
