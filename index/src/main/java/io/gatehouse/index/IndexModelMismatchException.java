package io.gatehouse.index;

/** The index was built by a different embedding model than the one configured; its vectors are not comparable. */
public final class IndexModelMismatchException extends RuntimeException {

    public IndexModelMismatchException(String message) {
        super(message);
    }
}
