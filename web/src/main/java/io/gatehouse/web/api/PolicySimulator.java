package io.gatehouse.web.api;

import io.gatehouse.generate.AnswerService;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.pii.PiiType;
import io.gatehouse.policy.routing.DecisionInput;
import io.gatehouse.policy.routing.PolicyStore;
import io.gatehouse.policy.routing.RoutingDecision;
import io.gatehouse.web.security.UserDirectory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A policy dry run, for {@code POST /api/policy/simulate} and the policy page: either a question asked as
 * a user (retrieval runs with that user's clearance, nothing is generated), or given metadata (the
 * context's highest tier and the PII types in question and context). Audited as SIMULATE.
 */
@Singleton
public class PolicySimulator {

    /** What to simulate; a non-blank question wins over the metadata. A null user is the actor. */
    public record Scenario(@Nullable String question, @Nullable String user, @Nullable String tier,
                           @Nullable List<String> questionPii, @Nullable List<String> contextPii,
                           @Nullable List<String> destinationsDown) {
    }

    /** The decision, the highest tier of the context, and (for a question) the chunks retrieval found. */
    public record Outcome(RoutingDecision decision, String maxContextTier, List<String> chunks) {
    }

    private final PolicyStore store;
    private final AuditTrail audit;
    private final AnswerService answers;
    private final UserDirectory users;

    public PolicySimulator(PolicyStore store, AuditTrail audit, AnswerService answers, UserDirectory users) {
        this.store = store;
        this.audit = audit;
        this.answers = answers;
        this.users = users;
    }

    /** Throws {@link IllegalArgumentException} for an unknown user, tier or PII type. */
    public Outcome simulate(Scenario req, String actor) {
        RoutingDecision decision;
        String maxTier;
        List<String> chunks = List.of();
        Map<String, Object> detail = new LinkedHashMap<>();
        if (req.question() != null && !req.question().isBlank()) {
            String name = req.user() == null || req.user().isBlank() ? actor : req.user();
            Principal asker = users.find(name).orElseThrow(() -> new IllegalArgumentException("unknown user '" + name + "'"));
            AnswerService.Routing r = answers.route(asker, req.question());
            decision = r.decision();
            maxTier = r.maxTier().name();
            chunks = r.hits().stream().map(h -> h.chunkId() + " (" + h.tier() + ")").toList();
            detail.put("asUser", name);
        } else {
            Principal asker = req.user() == null ? users.find(actor).orElseThrow()
                    : users.find(req.user()).orElseThrow(() -> new IllegalArgumentException("unknown user '" + req.user() + "'"));
            Tier tier = req.tier() == null ? Tier.PUBLIC : Tier.parse(req.tier());
            Set<String> up = new HashSet<>(answers.destinationsUp());
            if (req.destinationsDown() != null) {
                req.destinationsDown().forEach(up::remove);
            }
            decision = store.decide(new DecisionInput(asker, tier, pii(req.questionPii()), pii(req.contextPii()), up));
            maxTier = tier.name();
            detail.put("asUser", asker.username());
        }
        detail.put("rule", decision.rule());
        detail.put("route", decision.route().name());
        audit.append(new AuditEvent(actor, AuditAction.SIMULATE, null, "OK", decision.route(), Tier.parse(maxTier), detail));
        return new Outcome(decision, maxTier, chunks);
    }

    private static Set<PiiType> pii(List<String> names) {
        if (names == null) {
            return Set.of();
        }
        return names.stream().map(n -> {
            try {
                return PiiType.valueOf(n.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown PII type '" + n + "'");
            }
        }).collect(Collectors.toSet());
    }
}
