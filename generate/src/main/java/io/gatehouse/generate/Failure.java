package io.gatehouse.generate;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a destination could not answer: a closed set, each with a message fit to show the user. No
 * cause carries prompt, context or response text; the only free text is our own ({@link Unavailable#why()}).
 */
public sealed interface Failure {

    enum Kind { UNAUTHORIZED, RATE_LIMITED, SERVER_ERROR, TIMEOUT, STREAM_CUT, BUSY, UNAVAILABLE, REJECTED }

    Kind kind();

    /** A sentence for the user, naming the destination but nothing of the question or context. */
    String describe(String destination);

    /** Whether a new attempt may succeed, provided nothing was streamed to the user yet. */
    default boolean retryable() {
        return false;
    }

    /** Whether it says something about the destination's health (and so counts toward opening its circuit). */
    default boolean countsAgainstHealth() {
        return true;
    }

    /** 401/403, or no key configured ({@code status} 0). Never retried. */
    record Unauthorized(int status) implements Failure {
        public Kind kind() {
            return Kind.UNAUTHORIZED;
        }

        public String describe(String d) {
            return status == 0
                    ? "The model service '" + d + "' has no API key configured."
                    : "The model service '" + d + "' refused our credentials (HTTP " + status + ").";
        }
    }

    /** 429 (or a rate-limit error event); {@code retryAfter} as the service asked, when it did. */
    record RateLimited(Optional<Duration> retryAfter) implements Failure {
        public Kind kind() {
            return Kind.RATE_LIMITED;
        }

        public String describe(String d) {
            return "The model service '" + d + "' is rate-limiting us; try again "
                    + retryAfter.map(r -> "in " + Math.max(1, r.toSeconds()) + " s.").orElse("shortly.");
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** 5xx (or an error event inside the stream, {@code status} 0). */
    record ServerError(int status) implements Failure {
        public Kind kind() {
            return Kind.SERVER_ERROR;
        }

        public String describe(String d) {
            return "The model service '" + d + "' failed" + (status > 0 ? " (HTTP " + status + ")" : "") + ".";
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    enum Phase { CONNECT, FIRST_TOKEN, TOTAL }

    /** No connection, no first token or no end within the configured time. Not retried: the user has waited already. */
    record Timeout(Phase phase, Duration limit) implements Failure {
        public Kind kind() {
            return Kind.TIMEOUT;
        }

        public String describe(String d) {
            String what = switch (phase) {
                case CONNECT -> "could not be reached";
                case FIRST_TOKEN -> "did not start answering";
                case TOTAL -> "did not finish answering";
            };
            return "The model service '" + d + "' " + what + " within " + limit.toSeconds() + " s.";
        }
    }

    /** The connection or stream ended before the service said the answer was complete. */
    record StreamCut() implements Failure {
        public Kind kind() {
            return Kind.STREAM_CUT;
        }

        public String describe(String d) {
            return "The connection to the model service '" + d + "' broke off before the answer was complete.";
        }

        @Override
        public boolean retryable() {
            return true; // only before the first token, like every retry
        }
    }

    /** The in-process model's queue is full. Load, not ill health. */
    record Busy(int queueCapacity) implements Failure {
        public Kind kind() {
            return Kind.BUSY;
        }

        public String describe(String d) {
            return "The local model '" + d + "' is busy with other questions; try again in a moment.";
        }

        @Override
        public boolean countsAgainstHealth() {
            return false;
        }
    }

    /** Not reachable or not running: refused connection, circuit open, model file unloadable, shut down. */
    record Unavailable(String why) implements Failure {
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }

        public String describe(String d) {
            return "The model service '" + d + "' is unavailable: " + why + ".";
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** 400/404/413/422: the service rejected this request (bad model name, prompt too long). Never retried. */
    record Rejected(int status) implements Failure {
        public Kind kind() {
            return Kind.REJECTED;
        }

        public String describe(String d) {
            return "The model service '" + d + "' rejected the request (HTTP " + status + ").";
        }

        @Override
        public boolean countsAgainstHealth() {
            return false;
        }
    }
}
