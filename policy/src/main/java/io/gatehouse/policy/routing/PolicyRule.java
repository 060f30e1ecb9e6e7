package io.gatehouse.policy.routing;

import java.util.Objects;

/**
 * One rule of a policy file: when its conditions hold (and no earlier rule's did), the question goes to
 * {@code route} at {@code destination}. {@code fallback} is the on-prem destination used when the named
 * destination is down; without one, a down destination means refusal.
 *
 * @param line the rule's line in the policy file, for messages
 */
public record PolicyRule(String name, int line, RuleConditions when, Route route, String destination, String fallback,
                         String reason) {

    public PolicyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
    }
}
