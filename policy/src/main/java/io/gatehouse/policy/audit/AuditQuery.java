package io.gatehouse.policy.audit;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;

import java.time.Instant;

/** A filter over the trail; null fields do not filter. Pages are zero-based, newest record first. */
public record AuditQuery(Instant from, Instant to, String actor, AuditAction action, Route route, Tier tier,
                         int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;

    public AuditQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }

    public static AuditQuery firstPage(int size) {
        return new AuditQuery(null, null, null, null, null, null, 0, size);
    }
}
