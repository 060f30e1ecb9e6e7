package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
/**
 * A place where answers are generated: an on-prem model, a closed API, or the extractive answerer.
 * The routing policy names destinations; {@link #provenance()} lets the read path check, before any
 * call, that a destination is allowed to see what the decision allows out.
 */
public interface Destination extends AutoCloseable {

    String name();

    Provenance provenance();

    /** Whether the destination is believed reachable now (its circuit is not open); feeds the policy's "destinations up". */
    boolean isUp();

    /**
     * Generates an answer, handing text to {@code sink} as it arrives, on the calling thread. Returns
     * normally when the answer is complete, the token limit is reached, or {@code cancellation} fired
     * (then with {@link StopReason#CANCELLED} and the text so far); fails with {@link DestinationException}.
     */
    GeneratedText stream(GenerationRequest request, TokenSink sink, Cancellation cancellation);

    default GeneratedText generate(GenerationRequest request) {
        return stream(request, TokenSink.discard(), new Cancellation());
    }

    /**
     * Exactly what {@link #stream} would send for {@code request} (the request body, built by the same code),
     * so the audit can record what left the perimeter; empty for a destination that sends nothing anywhere.
     * It holds the prompt: store it only where the policy says so, never log it.
     */
    default java.util.Optional<String> outboundPayload(GenerationRequest request) {
        return java.util.Optional.empty();
    }

    /** A snapshot for {@code /health}. */
    default DestinationHealth health() {
        return DestinationHealth.alwaysUp(name(), provenance());
    }

    /** Releases connections, threads and native memory. */
    @Override
    default void close() {
    }
}
