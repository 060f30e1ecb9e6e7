package io.gatehouse.policy.routing;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules no policy file can relax. They are checked twice: when a policy is loaded (a rule that could
 * break them is rejected) and again on every decision (so a bug in rule evaluation still cannot send
 * sensitive context to a closed API).
 */
final class SafetyInvariants {

    /** PII types that are RESTRICTED whatever the file says: government and financial identifiers. */
    static final Set<PiiType> RESTRICTED_PII_FLOOR = Set.copyOf(EnumSet.of(PiiType.US_SSN, PiiType.CREDIT_CARD,
            PiiType.IBAN_CODE, PiiType.US_PASSPORT, PiiType.US_DRIVER_LICENSE, PiiType.UK_NHS));

    /** The highest context tier a closed destination may ever see. */
    static final Tier MAX_CLOSED_TIER = Tier.INTERNAL;

    private SafetyInvariants() {
    }

    /** Why a closed destination must not receive a prompt built from this input; empty when it may. */
    static List<String> closedForbidden(DecisionInput in, Set<PiiType> restrictedTypes) {
        List<String> why = new ArrayList<>();
        if (in.maxContextTier().rank() > MAX_CLOSED_TIER.rank()) {
            why.add("context includes " + in.maxContextTier() + " chunks, which never go to a closed API");
        }
        for (PiiType t : in.questionPii()) {
            if (restrictedTypes.contains(t)) {
                why.add("the question contains " + t + ", a RESTRICTED type of personal data, which never goes to a closed API");
                break;
            }
        }
        return why;
    }

    /**
     * The last word on a decision: one that names a closed destination for a forbidden input becomes a
     * refusal (not an on-prem answer: the policy that produced it is wrong, so nothing it says is trusted).
     */
    static RoutingDecision enforce(RoutingDecision d, DecisionInput in, Map<String, Destination> destinations,
                                   Set<PiiType> restrictedTypes) {
        String dest = d.destination();
        if (dest == null) {
            return d;
        }
        Destination target = destinations.get(dest);
        boolean closed = target == null || target.closed() || d.route() == Route.CLOSED_API || d.route() == Route.CLOSED_API_REDACTED;
        if (!closed) {
            return d;
        }
        List<String> why = closedForbidden(in, restrictedTypes);
        if (target == null) {
            why.add("destination '" + dest + "' is not declared by the policy");
        }
        if (why.isEmpty()) {
            return d;
        }
        List<String> reasons = new ArrayList<>(d.reasons());
        reasons.add("safety invariant: refused instead of sending to '" + dest + "'");
        reasons.addAll(why);
        return new RoutingDecision.Refuse(d.rule(), reasons, d.policyVersion());
    }
}
