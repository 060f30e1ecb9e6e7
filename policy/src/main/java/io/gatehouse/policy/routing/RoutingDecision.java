package io.gatehouse.policy.routing;

import java.util.List;
import java.util.Objects;

/**
 * The policy's verdict for one question: a closed set of outcomes, each naming the rule that fired,
 * human-readable reasons and the version of the policy that decided. Depends only on metadata.
 */
public sealed interface RoutingDecision {

    Route route();

    String rule();

    List<String> reasons();

    String policyVersion();

    /** The destination that must generate, or null for a refusal. */
    String destination();

    record ClosedApi(String destination, String rule, List<String> reasons, String policyVersion) implements RoutingDecision {
        public ClosedApi {
            Objects.requireNonNull(destination, "destination");
            reasons = List.copyOf(reasons);
        }

        @Override
        public Route route() {
            return Route.CLOSED_API;
        }
    }

    record ClosedApiRedacted(String destination, String rule, List<String> reasons, String policyVersion) implements RoutingDecision {
        public ClosedApiRedacted {
            Objects.requireNonNull(destination, "destination");
            reasons = List.copyOf(reasons);
        }

        @Override
        public Route route() {
            return Route.CLOSED_API_REDACTED;
        }
    }

    record OnPrem(String destination, String rule, List<String> reasons, String policyVersion) implements RoutingDecision {
        public OnPrem {
            Objects.requireNonNull(destination, "destination");
            reasons = List.copyOf(reasons);
        }

        @Override
        public Route route() {
            return Route.ON_PREM;
        }
    }

    record Refuse(String rule, List<String> reasons, String policyVersion) implements RoutingDecision {
        public Refuse {
            reasons = List.copyOf(reasons);
        }

        @Override
        public Route route() {
            return Route.REFUSE;
        }

        @Override
        public String destination() {
            return null;
        }
    }
}
