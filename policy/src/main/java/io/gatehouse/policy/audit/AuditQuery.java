package io.gatehouse.policy.audit;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;

import java.time.Instant;

/**
 * A filter over the trail; null fields do not filter. Pages are zero-based, newest record first.
 *
 * @param text free text, matched case-insensitively as a substring of the subject, the detail JSON and the
 *             stored question, answer and outbound payload text
 */
public record AuditQuery(Instant from, Instant to, String actor, AuditAction action, Route route, Tier tier,
                         String text, int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;

    public AuditQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        text = text == null || text.isBlank() ? null : text;
    }

    /** Without a free-text filter (the foundation's signature). */
    public AuditQuery(Instant from, Instant to, String actor, AuditAction action, Route route, Tier tier, int page, int size) {
        this(from, to, actor, action, route, tier, null, page, size);
    }

    public static AuditQuery firstPage(int size) {
        return new AuditQuery(null, null, null, null, null, null, null, 0, size);
    }

    /** Every record (for export and tests): the filter of this query with paging ignored by export. */
    public static AuditQuery all() {
        return firstPage(MAX_PAGE_SIZE);
    }
}
