package io.gatehouse.policy.audit;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;

import java.time.Instant;

/** One stored audit record; {@code detailJson} is the canonical JSON of the event's detail. */
public record AuditRecord(long id, Instant at, String actor, AuditAction action, String subject, String outcome,
                          Route route, Tier tier, String detailJson) {
}
