package io.gatehouse.web.api;

import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.routing.PolicyStore;
import io.gatehouse.policy.routing.PolicyValidationException;
import io.gatehouse.policy.routing.YamlRoutingPolicy;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Replacing the routing policy, for the REST API and the admin page alike: validated by the store, and
 * audited as POLICY_CHANGE whether it is accepted or refused (a refused text leaves the policy in force).
 */
@Singleton
public class PolicyChanges {

    private final PolicyStore store;
    private final AuditTrail audit;

    public PolicyChanges(PolicyStore store, AuditTrail audit) {
        this.store = store;
        this.audit = audit;
    }

    /** The new policy in force; throws {@link PolicyValidationException} with every problem when the text is refused. */
    public YamlRoutingPolicy replace(String yaml, String actor) {
        String before = store.version();
        try {
            YamlRoutingPolicy p = store.replace(yaml == null ? "" : yaml);
            audit.append(new AuditEvent(actor, AuditAction.POLICY_CHANGE, p.version(), "OK", null, null,
                    Map.of("from", before, "to", p.version())));
            return p;
        } catch (PolicyValidationException e) {
            audit.append(new AuditEvent(actor, AuditAction.POLICY_CHANGE, null, "REJECTED", null, null,
                    Map.of("problems", e.problems().size(), "current", before)));
            throw e;
        }
    }
}
