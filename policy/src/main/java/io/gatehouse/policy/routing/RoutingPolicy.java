package io.gatehouse.policy.routing;

/** Decides where generation for a question may happen. Pure: no I/O, no text, thread-safe. */
public interface RoutingPolicy {

    RoutingDecision decide(DecisionInput input);

    /** Identifies the policy that decides (for a policy file: its version and SHA-256). */
    String version();
}
