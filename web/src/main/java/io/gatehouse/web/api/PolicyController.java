package io.gatehouse.web.api;

import io.gatehouse.policy.routing.PolicyStore;
import io.gatehouse.policy.routing.PolicyValidationException;
import io.gatehouse.policy.routing.YamlRoutingPolicy;
import io.gatehouse.web.api.Dtos.DecisionView;
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

import java.util.List;
import java.util.Map;

/** The routing policy: read by compliance and admins, replaced by admins (validated), and simulated without generating. */
@Controller("/api/policy")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PolicyController {

    private final PolicyStore store;
    private final PolicyChanges changes;
    private final PolicySimulator simulator;

    public PolicyController(PolicyStore store, PolicyChanges changes, PolicySimulator simulator) {
        this.store = store;
        this.changes = changes;
        this.simulator = simulator;
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
            return Problem.response(HttpStatus.UNPROCESSABLE_ENTITY, body);
        }
    }

    @Post("/simulate")
    @Secured({"COMPLIANCE", "ADMIN"})
    public SimulateResponse simulate(@Body SimulateRequest req, Authentication auth) {
        PolicySimulator.Outcome o = simulator.simulate(new PolicySimulator.Scenario(req.question(), req.user(), req.tier(),
                req.questionPii(), req.contextPii(), req.destinationsDown()), auth.getName());
        return new SimulateResponse(DecisionView.of(o.decision()), o.maxContextTier(), o.chunks(), o.decision().policyVersion());
    }
}
