package io.gatehouse.policy.audit;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;

import java.util.Map;
import java.util.Objects;

/**
 * Something that happened, before it is appended to the trail.
 *
 * @param actor   the user (or "system") responsible
 * @param subject what it concerned: a document id, a job id, a question's id; never content
 * @param outcome OK, FAILED, REFUSED, ...
 * @param route   for asks, where generation went; otherwise null
 * @param tier    the highest tier involved, or null
 * @param detail  structured facts (decision, chunk ids with tiers, ...); values are strings, numbers,
 *                booleans, lists or maps of those. Never content: that goes in {@code content}
 * @param content question, answer and outbound payload, each stored or hash-only as the policy says
 */
public record AuditEvent(String actor, AuditAction action, String subject, String outcome, Route route, Tier tier,
                         Map<String, Object> detail, AuditContent content) {

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
        content = content == null ? AuditContent.NONE : content;
    }

    /** An event without content (everything but asks). */
    public AuditEvent(String actor, AuditAction action, String subject, String outcome, Route route, Tier tier,
                      Map<String, Object> detail) {
        this(actor, action, subject, outcome, route, tier, detail, AuditContent.NONE);
    }
}
