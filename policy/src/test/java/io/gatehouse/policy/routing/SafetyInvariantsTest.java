package io.gatehouse.policy.routing;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The last check every decision passes. A validated policy cannot produce an unsafe decision, so this
 * exercises the check directly with decisions a faulty rule engine could produce.
 */
class SafetyInvariantsTest {

    private static final Map<String, Destination> DESTINATIONS = Map.of(
            "closed", new Destination("closed", Provenance.CLOSED), "on-prem", new Destination("on-prem", Provenance.ON_PREM));
    private static final Principal ASKER = new Principal("sam", Set.of(Role.STAFF), Tier.RESTRICTED, Set.of());

    private static DecisionInput input(Tier tier, Set<PiiType> questionPii) {
        return new DecisionInput(ASKER, tier, questionPii, Set.of(), Set.of("closed", "on-prem"));
    }

    @Test
    void closedDecisionForConfidentialContextBecomesRefusal() {
        RoutingDecision unsafe = new RoutingDecision.ClosedApi("closed", "buggy", List.of("r"), "v");
        RoutingDecision d = SafetyInvariants.enforce(unsafe, input(Tier.CONFIDENTIAL, Set.of()), DESTINATIONS,
                SafetyInvariants.RESTRICTED_PII_FLOOR);
        assertEquals(Route.REFUSE, d.route());
        assertEquals("buggy", d.rule());
        assertTrue(d.reasons().stream().anyMatch(r -> r.startsWith("safety invariant")), d.reasons()::toString);
    }

    @Test
    void redactedDecisionWithRestrictedPiiInQuestionBecomesRefusal() {
        RoutingDecision unsafe = new RoutingDecision.ClosedApiRedacted("closed", "buggy", List.of("r"), "v");
        RoutingDecision d = SafetyInvariants.enforce(unsafe, input(Tier.PUBLIC, Set.of(PiiType.US_SSN)), DESTINATIONS,
                SafetyInvariants.RESTRICTED_PII_FLOOR);
        assertEquals(Route.REFUSE, d.route());
    }

    @Test
    void onPremRouteToAClosedOrUnknownDestinationIsAlsoCaught() {
        RoutingDecision mislabelled = new RoutingDecision.OnPrem("closed", "buggy", List.of("r"), "v");
        assertEquals(Route.REFUSE, SafetyInvariants.enforce(mislabelled, input(Tier.RESTRICTED, Set.of()), DESTINATIONS,
                SafetyInvariants.RESTRICTED_PII_FLOOR).route());
        RoutingDecision unknown = new RoutingDecision.OnPrem("elsewhere", "buggy", List.of("r"), "v");
        assertEquals(Route.REFUSE, SafetyInvariants.enforce(unknown, input(Tier.PUBLIC, Set.of()), DESTINATIONS,
                SafetyInvariants.RESTRICTED_PII_FLOOR).route());
    }

    @Test
    void safeDecisionsPassUnchanged() {
        RoutingDecision ok = new RoutingDecision.ClosedApiRedacted("closed", "fine", List.of("r"), "v");
        assertSame(ok, SafetyInvariants.enforce(ok, input(Tier.INTERNAL, Set.of(PiiType.PERSON)), DESTINATIONS,
                SafetyInvariants.RESTRICTED_PII_FLOOR));
        RoutingDecision onPrem = new RoutingDecision.OnPrem("on-prem", "fine", List.of("r"), "v");
        assertSame(onPrem, SafetyInvariants.enforce(onPrem, input(Tier.RESTRICTED, Set.of(PiiType.US_SSN)), DESTINATIONS,
                SafetyInvariants.RESTRICTED_PII_FLOOR));
    }
}
