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
import io.gatehouse.policy.routing.PolicyValidationException;
import io.gatehouse.policy.routing.RoutingDecision;
import io.gatehouse.policy.routing.YamlRoutingPolicy;
import io.gatehouse.web.api.Dtos.DecisionView;
import io.gatehouse.web.security.UserDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The routing policy: read by compliance and admins, replaced by admins (validated), and simulated without generating. */
@Controller("/api/policy")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PolicyController {

    private final PolicyStore store;
    private final AuditTrail audit;
    private final AnswerService answers;
    private final UserDirectory users;
    private final PolicyChanges changes;

    public PolicyController(PolicyStore store, AuditTrail audit, AnswerService answers, UserDirectory users,
                            PolicyChanges changes) {
        this.changes = changes;
        this.store = store;
        this.audit = audit;
        this.answers = answers;
        this.users = users;
    }

    @Serdeable
    public record PolicyView(String version, String declaredVersion, String sha256, List<String> destinations,
                             List<String> rules, String text) {
        static PolicyView of(YamlRoutingPolicy p) {
            return new PolicyView(p.version(), p.declaredVersion(), p.sha256(), List.copyOf(p.destinations().keySet()),
                    p.rules().stream().map(r -> r.name()).toList(), p.text());
        }
    }

    /**
     * A dry run: either a question asked as a user (retrieval runs with that user's clearance, nothing is
     * generated), or given metadata: the context's highest tier and PII types in question and context.
     */
    @Serdeable
    public record SimulateRequest(@Nullable String question, @Nullable String user, @Nullable String tier,
                                  @Nullable List<String> questionPii, @Nullable List<String> contextPii,
                                  @Nullable List<String> destinationsDown) {
    }

    @Serdeable
    public record SimulateResponse(DecisionView decision, String maxContextTier, List<String> chunks, String policyVersion) {
    }

    @Get
    @Secured({"COMPLIANCE", "ADMIN"})
    public PolicyView get() {
        return PolicyView.of(store.current());
    }

    @Put(consumes = {"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Secured("ADMIN")
    public HttpResponse<?> put(@Body String yaml, Authentication auth) {
        try {
            return HttpResponse.ok(PolicyView.of(changes.replace(yaml, auth.getName())));
        } catch (PolicyValidationException e) {
            Map<String, Object> body = Problem.body(HttpStatus.UNPROCESSABLE_ENTITY, "policy/invalid", "Invalid policy",
                    e.problems().size() + " problem(s); the current policy stays in force");
            body.put("problems", e.problems().stream().map(p -> Map.of("line", p.line(), "field", p.field(), "message", p.message())).toList());
            return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).contentType(Problem.MEDIA_TYPE).body(body);
        }
    }

    @Post("/simulate")
    @Secured({"COMPLIANCE", "ADMIN"})
    public SimulateResponse simulate(@Body SimulateRequest req, Authentication auth) {
        RoutingDecision decision;
        String maxTier;
        List<String> chunks = List.of();
        Map<String, Object> detail = new LinkedHashMap<>();
        if (req.question() != null && !req.question().isBlank()) {
            String name = req.user() == null || req.user().isBlank() ? auth.getName() : req.user();
            Principal asker = users.find(name).orElseThrow(() -> new IllegalArgumentException("unknown user '" + name + "'"));
            AnswerService.Routing r = answers.route(asker, req.question());
            decision = r.decision();
            maxTier = r.maxTier().name();
            chunks = r.hits().stream().map(h -> h.chunkId() + " (" + h.tier() + ")").toList();
            detail.put("asUser", name);
        } else {
            Principal asker = req.user() == null ? users.find(auth.getName()).orElseThrow()
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
        audit.append(new AuditEvent(auth.getName(), AuditAction.SIMULATE, null, "OK", decision.route(), Tier.parse(maxTier), detail));
        return new SimulateResponse(DecisionView.of(decision), maxTier, chunks, decision.policyVersion());
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
