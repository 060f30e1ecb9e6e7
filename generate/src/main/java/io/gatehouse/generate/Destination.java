package io.gatehouse.generate;

/**
 * A place where answers are generated: an on-prem model, a closed API, or the extractive answerer.
 * The routing policy names destinations; {@link #provenance()} lets the read path check, before any
 * call, that a destination is allowed to see what the decision allows out.
 */
public interface Destination {

    String name();

    Provenance provenance();

    /** Whether the destination is believed reachable now; feeds the policy's "destinations up". */
    boolean isUp();

    GeneratedText generate(GenerationRequest request);
}
