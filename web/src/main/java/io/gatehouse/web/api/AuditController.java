package io.gatehouse.web.api;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.routing.Route;
import io.gatehouse.web.api.Dtos.AuditPageView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The audit trail for compliance officers: newest first, filtered and paged. */
@Controller("/api/audit")
@Secured("COMPLIANCE")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {

    private final AuditTrail audit;

    public AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @Get
    public AuditPageView list(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                              @Nullable @QueryValue String user, @Nullable @QueryValue String action,
                              @Nullable @QueryValue String route, @Nullable @QueryValue String tier,
                              @Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size) {
        AuditQuery q = new AuditQuery(instant("from", from), instant("to", to), blankToNull(user),
                parse("action", action, AuditAction.class), parse("route", route, Route.class),
                tier == null || tier.isBlank() ? null : Tier.parse(tier),
                page == null ? 0 : page, size == null ? 50 : size);
        return AuditPageView.of(audit.list(q));
    }

    private static Instant instant(String name, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static <E extends Enum<E>> E parse(String name, String v, Class<E> type) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + name + " '" + v + "'");
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
