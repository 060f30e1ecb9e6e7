package io.gatehouse.policy.routing;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The conditions the default policy does not use: asker role, clearance and group, context PII, up. */
class RuleConditionsTest {

    private static final YamlRoutingPolicy POLICY = YamlRoutingPolicy.parse("""
            version: "conditions-1"
            destinations:
              - name: gpu
                provenance: on-prem
              - name: cpu
                provenance: on-prem
              - name: cloud
                provenance: closed
            rules:
              - name: interns-never-see-restricted
                when:
                  asker-group: interns
                  context-tier: [RESTRICTED]
                route: REFUSE
                reason: interns get no answers from RESTRICTED context
              - name: admins-on-gpu
                when:
                  asker-role: [ADMIN]
                  up: [gpu]
                route: ON_PREM
                destination: gpu
                reason: admins use the big model
              - name: context-with-cards
                when:
                  context-pii: [CREDIT_CARD]
                route: ON_PREM
                destination: cpu
                reason: card numbers in context stay on the small model
              - name: low-clearance-cloud
                when:
                  asker-clearance-at-most: INTERNAL
                  context-tier-at-most: INTERNAL
                  question-pii-none: [restricted]
                  context-pii-none: [PERSON]
                route: CLOSED_API
                destination: cloud
                fallback: cpu
                reason: low-clearance staff see only low-tier context
              - name: everything-else
                route: ON_PREM
                destination: cpu
                reason: default
            """);

    private static RoutingDecision decide(Principal p, Tier tier, Set<PiiType> contextPii, Set<String> up) {
        return POLICY.decide(new DecisionInput(p, tier, Set.of(), contextPii, up));
    }

    @Test
    void eachConditionSelectsItsRule() {
        Set<String> all = Set.of("gpu", "cpu", "cloud");
        Principal intern = new Principal("ian", Set.of(Role.STAFF), Tier.RESTRICTED, Set.of("interns"));
        Principal admin = new Principal("ada", Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of());
        Principal staff = new Principal("sam", Set.of(Role.STAFF), Tier.INTERNAL, Set.of("sales"));
        Principal senior = new Principal("rita", Set.of(Role.STAFF), Tier.CONFIDENTIAL, Set.of());

        assertEquals("interns-never-see-restricted", decide(intern, Tier.RESTRICTED, Set.of(), all).rule());
        assertEquals("everything-else", decide(intern, Tier.CONFIDENTIAL, Set.of(), all).rule());
        assertEquals("admins-on-gpu", decide(admin, Tier.PUBLIC, Set.of(), all).rule());
        assertEquals("everything-else", decide(admin, Tier.PUBLIC, Set.of(), Set.of("cpu")).rule(), "gpu down: the up condition fails");
        assertEquals("context-with-cards", decide(staff, Tier.INTERNAL, Set.of(PiiType.CREDIT_CARD), all).rule());
        RoutingDecision cloud = decide(staff, Tier.INTERNAL, Set.of(), all);
        assertEquals(Route.CLOSED_API, cloud.route());
        assertEquals("cloud", cloud.destination());
        assertEquals("everything-else", decide(staff, Tier.INTERNAL, Set.of(PiiType.PERSON), all).rule(), "context-pii-none");
        assertEquals("everything-else", decide(senior, Tier.INTERNAL, Set.of(), all).rule(), "clearance above INTERNAL");
        RoutingDecision fallback = decide(staff, Tier.PUBLIC, Set.of(), Set.of("cpu"));
        assertEquals(Route.ON_PREM, fallback.route());
        assertEquals("cpu", fallback.destination());
        assertEquals("low-clearance-cloud", fallback.rule());
    }

    @Test
    void aSingleValueWorksWhereAListIsExpected() {
        assertEquals(Set.of("interns"), POLICY.rules().getFirst().when().askerGroupsAny());
    }
}
