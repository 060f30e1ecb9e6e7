package io.gatehouse.web.ui;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditPage;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.audit.AuditVerification;
import io.gatehouse.policy.audit.CountDimension;
import io.gatehouse.policy.routing.Route;
import io.gatehouse.web.api.AuditController;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The compliance pages: the filterable audit trail with daily charts and export links, one record in
 * full (decision, chunks, exactly what left the perimeter), and chain verification. Same role, trail and
 * filter parsing as {@link AuditController}.
 */
@Controller("/audit")
@Secured("COMPLIANCE")
@ExecuteOn(TaskExecutors.BLOCKING)
public class CompliancePage {

    static final int PAGE_SIZE = 50;
    /** The charts' range when the filter has no start: the last two weeks. */
    static final int DEFAULT_CHART_DAYS = 14;
    /** Longer ranges are charted over their last days only: a column per day stays readable up to about a quarter. */
    static final int MAX_CHART_DAYS = 92;

    private final AuditTrail audit;
    private final Clock clock;

    public CompliancePage(AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<ModelAndView<Map<String, Object>>> list(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                                               @Nullable @QueryValue String user, @Nullable @QueryValue String action,
                                                               @Nullable @QueryValue String route, @Nullable @QueryValue String tier,
                                                               @Nullable @QueryValue String text, @Nullable @QueryValue String page) {
        AuditFilter filter = new AuditFilter(from, to, user, action, route, tier, text);
        Map<String, Object> model = listModel(filter, page);
        HttpStatus status = model.containsKey("error") ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
        return HttpResponse.<ModelAndView<Map<String, Object>>>status(status).body(new ModelAndView<>("audit", model));
    }

    @Get(value = "/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<ModelAndView<Map<String, Object>>> detail(@PathVariable String id) {
        Optional<AuditRecord> found = id.matches("[0-9]{1,18}") ? audit.get(Long.parseLong(id)) : Optional.empty();
        if (found.isEmpty()) {
            Map<String, Object> model = new HashMap<>();
            model.put("status", 404);
            model.put("title", "No such audit record");
            model.put("message", "The audit trail has no record " + id + ".");
            return HttpResponse.<ModelAndView<Map<String, Object>>>status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("error", model));
        }
        AuditRecord r = found.get();
        Map<String, Object> model = new HashMap<>();
        model.put("r", r);
        model.put("d", RecordDetail.of(r));
        model.put("badge", r.route() == null ? null : RouteBadge.of(r.route()));
        model.put("stayedInside", RecordDetail.stayedInside(r));
        return HttpResponse.ok(new ModelAndView<>("audit-record", model));
    }

    /**
     * Verifies the chain and records that it was verified. From htmx only the result is sent back (it
     * replaces the previous one in place); without scripts the whole page comes back with it, filter kept.
     */
    @Post(value = "/verify", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<ModelAndView<Map<String, Object>>> verify(@Nullable @Body Map<String, String> form, HttpRequest<?> request,
                                                                 Authentication auth) {
        AuditVerification v = AuditController.verifyAndRecord(audit, auth.getName());
        boolean htmx = "true".equals(request.getHeaders().get("HX-Request"));
        Map<String, Object> model = htmx ? new HashMap<>() : listModel(AuditFilter.of(form == null ? Map.of() : form), null);
        model.put("verification", v);
        model.put("verifiedAt", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        return HttpResponse.ok(new ModelAndView<>(htmx ? "audit-verify" : "audit", model));
    }

    private Map<String, Object> listModel(AuditFilter filter, String pageParam) {
        Map<String, Object> model = new HashMap<>();
        model.put("filter", filter);
        model.put("actions", Arrays.stream(AuditAction.values()).map(Enum::name).toList());
        model.put("routes", RouteBadge.all());
        model.put("tiers", Arrays.stream(Tier.values()).map(Enum::name).toList());
        model.put("badges", RouteBadge.byRoute());
        model.put("records", List.of());
        AuditQuery query;
        int page;
        try {
            page = pageParam == null || pageParam.isBlank() ? 0 : Integer.parseInt(pageParam.strip());
            if (page < 0) {
                throw new NumberFormatException();
            }
            query = filter.query(page, PAGE_SIZE);
        } catch (NumberFormatException e) {
            model.put("error", "'page' must be a whole number, 0 or more.");
            return model;
        } catch (IllegalArgumentException e) {
            model.put("error", e.getMessage());
            return model;
        }
        AuditPage records = audit.list(query);
        model.put("records", records.records());
        model.put("total", records.total());
        model.put("page", page);
        model.put("firstShown", records.records().isEmpty() ? 0 : (long) page * PAGE_SIZE + 1);
        model.put("lastShown", (long) page * PAGE_SIZE + records.records().size());
        if (page > 0) {
            model.put("prevHref", filter.href("/audit", Map.of("page", Integer.toString(page - 1))));
        }
        if ((long) (page + 1) * PAGE_SIZE < records.total()) {
            model.put("nextHref", filter.href("/audit", Map.of("page", Integer.toString(page + 1))));
        }
        model.put("csvHref", filter.href("/api/audit/export", Map.of("format", "csv")));
        model.put("jsonlHref", filter.href("/api/audit/export", Map.of("format", "jsonl")));
        charts(query, model);
        return model;
    }

    /** Routes and tiers per day over the filter's range (default: the last two weeks), counted in the database. */
    private void charts(AuditQuery q, Map<String, Object> model) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate last = q.to() == null ? today : LocalDate.ofInstant(q.to().minusNanos(1), ZoneOffset.UTC);
        LocalDate first = q.from() == null ? last.minusDays(DEFAULT_CHART_DAYS - 1) : LocalDate.ofInstant(q.from(), ZoneOffset.UTC);
        if (first.isAfter(last)) {
            first = last;
        }
        boolean cut = first.plusDays(MAX_CHART_DAYS - 1).isBefore(last);
        if (cut) {
            first = last.minusDays(MAX_CHART_DAYS - 1);
        }
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant from = q.from() == null || q.from().isBefore(start) ? start : q.from();
        Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = q.to() == null || q.to().isAfter(end) ? end : q.to();
        AuditQuery range = new AuditQuery(from, to, q.actor(), q.action(), q.route(), q.tier(), q.text(), 0, 1);
        List<DailyChart.Series> routes = RouteBadge.all().stream()
                .map(b -> new DailyChart.Series(b.route(), b.label(), "fill-" + b.css())).toList();
        List<DailyChart.Series> tiers = Arrays.stream(Tier.values())
                .map(t -> new DailyChart.Series(t.name(), t.name(), "fill-tier-" + t.name().toLowerCase(Locale.ROOT))).toList();
        model.put("routeChart", DailyChart.of("chart-routes", "Answers per day by route", first, last, routes,
                audit.dailyCounts(range, CountDimension.ROUTE)));
        model.put("tierChart", DailyChart.of("chart-tiers", "Records per day by highest tier", first, last, tiers,
                audit.dailyCounts(range, CountDimension.TIER)));
        model.put("chartCut", cut ? "The range is longer than " + MAX_CHART_DAYS + " days: the charts show its last "
                + MAX_CHART_DAYS + " days." : null);
        model.put("chartRange", first + " to " + last + (q.from() == null && q.to() == null
                ? " (the last " + DEFAULT_CHART_DAYS + " days)" : ""));
    }
}
