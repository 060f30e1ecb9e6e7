package io.gatehouse.generate;

/**
 * One model behind a destination, speaking its own protocol. It enforces its own time limits and
 * maps every failure to a {@link DestinationException}; retries, the circuit breaker, citations and
 * cost are the {@link GuardedDestination}'s.
 */
interface Upstream extends AutoCloseable {

    String model();

    /** Exactly what {@link #call} sends for {@code prompt} (the request body), for the audit trail. */
    String payload(Prompt prompt);

    /** One attempt. On cancellation returns what was generated so far with {@link StopReason#CANCELLED}. */
    Reply call(Prompt prompt, TokenSink sink, Cancellation cancellation);

    @Override
    void close();

    /** {@code usage} is null when the service did not report it. */
    record Reply(String text, Usage usage, StopReason stop) {
    }
}
