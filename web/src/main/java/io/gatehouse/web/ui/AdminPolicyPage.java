package io.gatehouse.web.ui;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;
import io.gatehouse.policy.routing.PolicyStore;
import io.gatehouse.policy.routing.PolicyValidationException;
import io.gatehouse.policy.routing.YamlRoutingPolicy;
import io.gatehouse.web.api.PolicyChanges;
import io.gatehouse.web.api.PolicySimulator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The routing policy as editable YAML. Saving goes through {@link PolicyChanges}, the code path of
 * {@code PUT /api/policy}: validated, audited as POLICY_CHANGE, and a refused text leaves the policy in force.
 */
@Controller("/admin/policy")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminPolicyPage {

    private final PolicyStore store;
    private final PolicyChanges changes;
    private final PolicySimulator simulator;

    public AdminPolicyPage(PolicyStore store, PolicyChanges changes, PolicySimulator simulator) {
        this.store = store;
        this.changes = changes;
        this.simulator = simulator;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public ModelAndView<Map<String, Object>> show(@Nullable @QueryValue String saved) {
        YamlRoutingPolicy p = store.current();
        Map<String, Object> model = model(p);
        model.put("text", p.text());
        if (saved != null) {
            model.put("notice", "Policy saved; version " + p.version() + " is in force.");
        }
        return new ModelAndView<>("admin-policy", model);
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> save(@Body Map<String, String> form, Authentication auth) {
        String yaml = form.getOrDefault("yaml", "");
        try {
            changes.replace(yaml, auth.getName());
            return HttpResponse.seeOther(URI.create("/admin/policy?saved=1"));
        } catch (PolicyValidationException e) {
            Map<String, Object> model = model(store.current());
            model.put("text", yaml);
            model.put("problems", e.problems());
            return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new ModelAndView<>("admin-policy", model));
        }
    }

    /** A dry run of the policy in force (not of the text being edited), as {@code POST /api/policy/simulate}. */
    @Post(value = "/simulate", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> simulate(@Body Map<String, String> form, Authentication auth) {
        YamlRoutingPolicy p = store.current();
        Map<String, Object> model = model(p);
        model.put("text", p.text());
        Map<String, String> sim = new HashMap<>(form);
        sim.remove("_csrf");
        model.put("sim", sim);
        List<String> down = p.destinations().keySet().stream().filter(d -> form.containsKey("down_" + d)).toList();
        try {
            PolicySimulator.Outcome o = simulator.simulate(new PolicySimulator.Scenario(blankToNull(form.get("question")),
                    blankToNull(form.get("user")), blankToNull(form.get("tier")), list(form.get("questionPii")),
                    list(form.get("contextPii")), down), auth.getName());
            model.put("outcome", o);
            model.put("badge", RouteBadge.of(o.decision().route()));
            return HttpResponse.ok(new ModelAndView<>("admin-policy", model));
        } catch (IllegalArgumentException e) {
            model.put("simError", e.getMessage());
            return HttpResponse.badRequest(new ModelAndView<>("admin-policy", model));
        }
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Map<String, Object> model(YamlRoutingPolicy current) {
        Map<String, Object> model = new HashMap<>();
        model.put("version", current.version());
        model.put("declaredVersion", current.declaredVersion());
        model.put("sha256", current.sha256());
        model.put("destinations", String.join(", ", current.destinations().keySet()));
        model.put("rules", current.rules().stream().map(r -> r.name()).toList());
        model.put("destinationNames", List.copyOf(current.destinations().keySet()));
        model.put("tiers", Arrays.stream(Tier.values()).map(Tier::name).toList());
        model.put("piiTypes", Arrays.stream(PiiType.values()).map(PiiType::name).collect(Collectors.joining(", ")));
        model.put("sim", Map.of());
        return model;
    }
}
