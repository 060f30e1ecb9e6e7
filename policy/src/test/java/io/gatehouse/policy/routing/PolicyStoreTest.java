package io.gatehouse.policy.routing;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hot reload: a replaced policy decides the next question; an invalid one changes nothing. */
class PolicyStoreTest {

    private static final DecisionInput PUBLIC_QUESTION = new DecisionInput(
            new Principal("sam", Set.of(Role.STAFF), Tier.INTERNAL, Set.of()), Tier.PUBLIC, Set.of(), Set.of(),
            Set.of("on-prem", "closed"));

    private static final String ALL_ON_PREM = """
            version: "all-local-1"
            destinations:
              - name: on-prem
                provenance: on-prem
            rules:
              - name: everything-on-prem
                route: ON_PREM
                destination: on-prem
                reason: the closed API contract has lapsed
            """;

    @Test
    void replacedPolicyDecidesTheNextQuestion() {
        PolicyStore store = PolicyStore.inMemory(YamlRoutingPolicy.defaultPolicy());
        RoutingDecision before = store.decide(PUBLIC_QUESTION);
        assertEquals(Route.CLOSED_API, before.route());

        YamlRoutingPolicy next = store.replace(ALL_ON_PREM);
        RoutingDecision after = store.decide(PUBLIC_QUESTION);
        assertEquals(Route.ON_PREM, after.route());
        assertEquals("everything-on-prem", after.rule());
        assertEquals(next.version(), after.policyVersion());
        assertTrue(after.policyVersion().startsWith("all-local-1@sha256:"));
    }

    @Test
    void invalidReplacementLeavesTheOldPolicyInForce() {
        PolicyStore store = PolicyStore.inMemory(YamlRoutingPolicy.defaultPolicy());
        String before = store.version();
        PolicyValidationException e = assertThrows(PolicyValidationException.class,
                () -> store.replace(ALL_ON_PREM.replace("ON_PREM", "CLOSED_API")));
        assertTrue(!e.problems().isEmpty());
        assertEquals(before, store.version());
        assertEquals(Route.CLOSED_API, store.decide(PUBLIC_QUESTION).route());
    }

    @Test
    void fileBackedStoreWritesAcceptedPoliciesAndReloadsEdits(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, YamlRoutingPolicy.defaultPolicyText());
        PolicyStore store = PolicyStore.fromFile(file);
        assertEquals(Route.CLOSED_API, store.decide(PUBLIC_QUESTION).route());

        store.replace(ALL_ON_PREM);
        assertEquals(ALL_ON_PREM, Files.readString(file));
        assertEquals(Route.ON_PREM, store.decide(PUBLIC_QUESTION).route());

        // An admin edits the file by hand; reload picks it up, and a broken edit is refused.
        Files.writeString(file, YamlRoutingPolicy.defaultPolicyText());
        store.reload();
        assertEquals(Route.CLOSED_API, store.decide(PUBLIC_QUESTION).route());
        Files.writeString(file, "version: broken\n");
        assertThrows(PolicyValidationException.class, store::reload);
        assertEquals(Route.CLOSED_API, store.decide(PUBLIC_QUESTION).route());
    }

    @Test
    void firstStartWritesTheShippedDefaultToTheConfiguredFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conf/policy.yaml");
        PolicyStore store = PolicyStore.fromFileOrDefault(file);
        assertEquals(YamlRoutingPolicy.defaultPolicyText(), Files.readString(file));
        assertEquals(YamlRoutingPolicy.defaultPolicy().version(), store.version());
        store.replace(ALL_ON_PREM);
        assertEquals(Route.ON_PREM, PolicyStore.fromFileOrDefault(file).decide(PUBLIC_QUESTION).route(), "kept across a restart");
    }

    @Test
    void concurrentDecisionsSeeOneWholePolicyOrTheOther() throws Exception {
        YamlRoutingPolicy defaults = YamlRoutingPolicy.defaultPolicy();
        PolicyStore store = PolicyStore.inMemory(defaults);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        RoutingDecision d = store.decide(PUBLIC_QUESTION);
                        boolean old = d.policyVersion().equals(defaults.version()) && d.route() == Route.CLOSED_API;
                        boolean fresh = d.policyVersion().startsWith("all-local-1@") && d.route() == Route.ON_PREM;
                        if (!old && !fresh) {
                            throw new AssertionError("mixed decision " + d);
                        }
                        n++;
                    }
                    return n;
                }));
            }
            for (int i = 0; i < 200; i++) {
                store.replace(i % 2 == 0 ? ALL_ON_PREM : defaults.text());
            }
            stop.set(true);
            for (Future<Integer> r : readers) {
                assertTrue(r.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
