package io.gatehouse.generate;

/** Receives generated text piece by piece as a destination streams it (a token or a few characters at a time). */
@FunctionalInterface
public interface TokenSink {

    void accept(String token);

    static TokenSink discard() {
        return token -> { };
    }
}
