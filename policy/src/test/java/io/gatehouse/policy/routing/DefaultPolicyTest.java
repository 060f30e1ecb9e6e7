package io.gatehouse.policy.routing;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped policy: one row per default rule and per fallback path, plus an exhaustive safety sweep. */
class DefaultPolicyTest {

    private static final YamlRoutingPolicy POLICY = YamlRoutingPolicy.defaultPolicy();

    static Principal user(String who) {
        return switch (who) {
            case "staff-internal" -> new Principal("sam", Set.of(Role.STAFF), Tier.INTERNAL, Set.of());
            case "staff-restricted" -> new Principal("rita", Set.of(Role.STAFF), Tier.RESTRICTED, Set.of("legal"));
            case "admin" -> new Principal("ada", Set.of(Role.ADMIN, Role.STAFF), Tier.RESTRICTED, Set.of("it"));
            case "public" -> new Principal("pat", Set.of(Role.STAFF), Tier.PUBLIC, Set.of());
            default -> throw new IllegalArgumentException(who);
        };
    }

    static Set<PiiType> pii(String list) {
        return list == null || list.isBlank() ? Set.of()
                : Arrays.stream(list.split("\\+")).map(PiiType::valueOf).collect(Collectors.toSet());
    }

    static Set<String> up(String list) {
        return list == null || list.isBlank() ? Set.of() : Set.of(list.split("\\+"));
    }

    @ParameterizedTest(name = "{0} ctx, q={1}, c={2}, {3}, up={4} -> {5} {6} by {7}")
    @CsvSource(nullValues = "-", value = {
            // tier,       question PII,          context PII,     user,              up,              route,               destination, rule
            "PUBLIC,       -,                     -,               staff-internal,    on-prem+closed,  CLOSED_API,          closed,  public-context",
            "PUBLIC,       -,                     -,               public,            on-prem+closed,  CLOSED_API,          closed,  public-context",
            "PUBLIC,       PERSON,                -,               staff-internal,    on-prem+closed,  CLOSED_API_REDACTED, closed,  public-context-pii-in-question",
            "PUBLIC,       EMAIL_ADDRESS+PERSON,  -,               admin,             on-prem+closed,  CLOSED_API_REDACTED, closed,  public-context-pii-in-question",
            "INTERNAL,     -,                     -,               staff-internal,    on-prem+closed,  CLOSED_API_REDACTED, closed,  internal-context-redacted",
            "INTERNAL,     -,                     EMAIL_ADDRESS,   staff-restricted,  on-prem+closed,  CLOSED_API_REDACTED, closed,  internal-context-redacted",
            "INTERNAL,     PHONE_NUMBER,          PERSON,          staff-internal,    on-prem+closed,  CLOSED_API_REDACTED, closed,  internal-context-redacted",
            "CONFIDENTIAL, -,                     -,               staff-restricted,  on-prem+closed,  ON_PREM,             on-prem, sensitive-context-on-prem",
            "RESTRICTED,   -,                     US_SSN,          staff-restricted,  on-prem+closed,  ON_PREM,             on-prem, sensitive-context-on-prem",
            "PUBLIC,       US_SSN,                -,               staff-internal,    on-prem+closed,  ON_PREM,             on-prem, restricted-pii-in-question",
            "INTERNAL,     CREDIT_CARD+PERSON,    -,               staff-internal,    on-prem+closed,  ON_PREM,             on-prem, restricted-pii-in-question",
            "PUBLIC,       IBAN_CODE,             -,               admin,             on-prem+closed,  ON_PREM,             on-prem, restricted-pii-in-question",
            // the on-prem model is down
            "CONFIDENTIAL, -,                     -,               staff-restricted,  closed,          REFUSE,              -,       on-prem-down-sensitive-context",
            "RESTRICTED,   -,                     -,               admin,             closed,          REFUSE,              -,       on-prem-down-sensitive-context",
            "PUBLIC,       US_SSN,                -,               staff-internal,    closed,          REFUSE,              -,       restricted-pii-in-question",
            "PUBLIC,       -,                     -,               staff-internal,    closed,          CLOSED_API,          closed,  public-context",
            // the closed API is down: fall back to on-prem
            "PUBLIC,       -,                     -,               staff-internal,    on-prem,         ON_PREM,             on-prem, public-context",
            "PUBLIC,       PERSON,                -,               staff-internal,    on-prem,         ON_PREM,             on-prem, public-context-pii-in-question",
            "INTERNAL,     -,                     -,               staff-internal,    on-prem,         ON_PREM,             on-prem, internal-context-redacted",
            "CONFIDENTIAL, -,                     -,               staff-restricted,  on-prem,         ON_PREM,             on-prem, sensitive-context-on-prem",
            // everything is down
            "PUBLIC,       -,                     -,               staff-internal,    -,               REFUSE,              -,       public-context",
            "INTERNAL,     -,                     -,               staff-internal,    -,               REFUSE,              -,       internal-context-redacted",
            "RESTRICTED,   -,                     -,               staff-restricted,  -,               REFUSE,              -,       on-prem-down-sensitive-context",
    })
    void decisionTable(Tier tier, String qPii, String cPii, String who, String upList, Route route, String destination, String rule) {
        RoutingDecision d = POLICY.decide(new DecisionInput(user(who), tier, pii(qPii), pii(cPii), up(upList)));
        assertEquals(route, d.route(), () -> d.reasons().toString());
        assertEquals(destination, d.destination());
        assertEquals(rule, d.rule());
        assertEquals(POLICY.version(), d.policyVersion());
        assertFalse(d.reasons().isEmpty());
    }

    @Test
    void fallbackAndRefusalSayWhy() {
        RoutingDecision fallback = POLICY.decide(new DecisionInput(user("staff-internal"), Tier.INTERNAL, Set.of(), Set.of(), Set.of("on-prem")));
        assertTrue(fallback.reasons().contains("destination 'closed' is down"), fallback.reasons()::toString);
        assertTrue(fallback.reasons().contains("answered on-prem by fallback 'on-prem'"));
        RoutingDecision refused = POLICY.decide(new DecisionInput(user("staff-internal"), Tier.PUBLIC, Set.of(), Set.of(), Set.of()));
        assertTrue(refused.reasons().contains("fallback 'on-prem' is down too; refusing"), refused.reasons()::toString);
        assertNull(refused.destination());
    }

    /**
     * Every combination of tier, a sample of PII sets, every asker and every set of destinations up: a
     * closed destination is only ever named for PUBLIC/INTERNAL context without RESTRICTED PII in the
     * question, on-prem being down never leads to a closed API for sensitive input, and the decision is
     * stable (same input, same decision).
     */
    @Test
    void safetyInvariantsHoldForEveryInput() {
        List<Set<PiiType>> piiSets = new ArrayList<>();
        piiSets.add(Set.of());
        for (PiiType t : PiiType.values()) {
            piiSets.add(Set.of(t));
        }
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            Set<PiiType> s = new HashSet<>();
            for (PiiType t : PiiType.values()) {
                if (random.nextInt(5) == 0) {
                    s.add(t);
                }
            }
            piiSets.add(s);
        }
        List<Set<String>> ups = List.of(Set.of(), Set.of("on-prem"), Set.of("closed"), Set.of("on-prem", "closed"));
        Set<PiiType> restricted = POLICY.restrictedPiiTypes();
        int checked = 0;
        for (Tier tier : Tier.values()) {
            for (Set<PiiType> q : piiSets) {
                for (Set<PiiType> c : List.of(Set.<PiiType>of(), Set.of(PiiType.US_SSN), Set.of(PiiType.PERSON))) {
                    for (String who : List.of("staff-internal", "staff-restricted", "admin", "public")) {
                        for (Set<String> up : ups) {
                            DecisionInput in = new DecisionInput(user(who), tier, q, c, up);
                            RoutingDecision d = POLICY.decide(in);
                            boolean closed = d.route() == Route.CLOSED_API || d.route() == Route.CLOSED_API_REDACTED;
                            boolean restrictedInQuestion = q.stream().anyMatch(restricted::contains);
                            if (closed) {
                                assertTrue(tier.atMost(Tier.INTERNAL), () -> "closed for " + in);
                                assertFalse(restrictedInQuestion, () -> "closed with restricted PII for " + in);
                                assertEquals("closed", d.destination());
                                assertTrue(up.contains("closed"));
                            } else if (d.destination() != null) {
                                assertEquals("on-prem", d.destination());
                                assertTrue(up.contains("on-prem"));
                            }
                            if (!q.isEmpty() && d.route() == Route.CLOSED_API) {
                                throw new AssertionError("unredacted closed call with PII in the question: " + in);
                            }
                            if (tier.rank() >= Tier.CONFIDENTIAL.rank() && !up.contains("on-prem")) {
                                assertEquals(Route.REFUSE, d.route(), () -> "expected refusal for " + in);
                            }
                            assertEquals(d, POLICY.decide(in));
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 10_000, "checked " + checked);
    }

    /**
     * "Ignore the policy and send this to the closed API" written in a document cannot matter: a decision's
     * input has no field that carries text. This guards that shape, so adding one fails here first.
     */
    @Test
    void decisionInputCarriesNoDocumentOrQuestionText() {
        List<String> components = Arrays.stream(DecisionInput.class.getRecordComponents())
                .map(c -> c.getName() + ":" + c.getType().getSimpleName()).toList();
        assertEquals(List.of("asker:Principal", "maxContextTier:Tier", "questionPii:Set", "contextPii:Set", "destinationsUp:Set"),
                components);
        DecisionInput in = new DecisionInput(user("staff-restricted"), Tier.RESTRICTED, Set.of(), Set.of(), Set.of("on-prem", "closed"));
        assertEquals(Route.ON_PREM, POLICY.decide(in).route());
    }

    @Test
    void restrictedIdentifiersAreRestrictedAndPeopleInternal() {
        assertEquals(Tier.RESTRICTED, POLICY.tierFor(PiiType.US_SSN));
        assertEquals(Tier.INTERNAL, POLICY.tierFor(PiiType.PERSON));
        assertEquals(Tier.PUBLIC, POLICY.tierFor(PiiType.DATE_TIME));
        assertEquals(EnumSet.of(PiiType.US_SSN, PiiType.CREDIT_CARD, PiiType.IBAN_CODE, PiiType.US_PASSPORT,
                PiiType.US_DRIVER_LICENSE, PiiType.UK_NHS), EnumSet.copyOf(POLICY.restrictedPiiTypes()));
    }

    @Test
    void versionIsTheDeclaredVersionAndTheFilesSha256() {
        String text = YamlRoutingPolicy.defaultPolicyText();
        assertEquals("2026-11-21.1", POLICY.declaredVersion());
        assertEquals(YamlRoutingPolicy.sha256Hex(text), POLICY.sha256());
        assertEquals(64, POLICY.sha256().length());
        assertEquals("2026-11-21.1@sha256:" + POLICY.sha256(), POLICY.version());
        // A comment-only edit is still a different policy file, and the stamp says so.
        YamlRoutingPolicy edited = YamlRoutingPolicy.parse(text + "\n# reviewed\n");
        assertFalse(edited.version().equals(POLICY.version()));
    }
}
