package io.gatehouse.web.api;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.audit.AuditVerification;
import io.gatehouse.policy.audit.ExportFormat;
import io.gatehouse.policy.routing.Route;
import io.gatehouse.web.api.Dtos.AuditPageView;
import io.gatehouse.web.api.Dtos.AuditRecordView;
import io.gatehouse.web.api.Dtos.VerificationView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** The audit trail for compliance officers: filtered pages, one record, chain verification and export. */
@Controller("/api/audit")
@Secured("COMPLIANCE")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {

    private final AuditTrail audit;
    private final ExecutorService exporters;

    public AuditController(AuditTrail audit, @jakarta.inject.Named(TaskExecutors.BLOCKING) ExecutorService exporters) {
        this.audit = audit;
        this.exporters = exporters;
    }

    @Get
    public AuditPageView list(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                              @Nullable @QueryValue String user, @Nullable @QueryValue String action,
                              @Nullable @QueryValue String route, @Nullable @QueryValue String tier,
                              @Nullable @QueryValue String text,
                              @Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size) {
        return AuditPageView.of(audit.list(query(from, to, user, action, route, tier, text, page, size)));
    }

    @Get("/{id:[0-9]+}")
    public HttpResponse<?> get(@PathVariable long id) {
        return audit.get(id).<HttpResponse<?>>map(r -> HttpResponse.ok(AuditRecordView.of(r)))
                .orElseGet(() -> Problem.response(HttpStatus.NOT_FOUND, "not-found", "Not Found", "no audit record " + id));
    }

    @Get("/verify")
    public VerificationView verify(Authentication auth) {
        return VerificationView.of(verifyAndRecord(audit, auth.getName()));
    }

    /** Walks the chain and appends an AUDIT_VERIFY record saying who checked and what they found (API and pages alike). */
    public static AuditVerification verifyAndRecord(AuditTrail audit, String actor) {
        AuditVerification v = audit.verify();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("intact", v.intact());
        detail.put("recordsChecked", v.recordsChecked());
        if (v.firstBrokenRecord() != null) {
            detail.put("firstBrokenRecord", v.firstBrokenRecord());
        }
        detail.put("recordsByKey", v.recordsByKey());
        if (v.missingKeyId() != null) {
            detail.put("missingKeyId", v.missingKeyId());
        }
        audit.append(new AuditEvent(actor, AuditAction.AUDIT_VERIFY, null, v.intact() ? "OK" : "BROKEN",
                null, null, detail));
        return v;
    }

    /** Streams every record matching the filter, oldest first, as CSV or JSON lines; the export itself is audited. */
    @Get("/export")
    public HttpResponse<StreamedFile> export(@Nullable @QueryValue String format, @Nullable @QueryValue String from,
                                             @Nullable @QueryValue String to, @Nullable @QueryValue String user,
                                             @Nullable @QueryValue String action, @Nullable @QueryValue String route,
                                             @Nullable @QueryValue String tier, @Nullable @QueryValue String text,
                                             Authentication auth) throws IOException {
        ExportFormat f = format == null || format.isBlank() || format.equalsIgnoreCase("csv") ? ExportFormat.CSV
                : parse("format", format.equalsIgnoreCase("jsonl") ? "JSONL" : format, ExportFormat.class);
        AuditQuery q = query(from, to, user, action, route, tier, text, 0, AuditQuery.MAX_PAGE_SIZE);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("format", f.name());
        putIfSet(detail, "from", from);
        putIfSet(detail, "to", to);
        putIfSet(detail, "user", user);
        putIfSet(detail, "action", action);
        putIfSet(detail, "route", route);
        putIfSet(detail, "tier", tier);
        putIfSet(detail, "text", text);
        audit.append(new AuditEvent(auth.getName(), AuditAction.AUDIT_EXPORT, null, "OK", null, null, detail));
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream pipe = new PipedOutputStream(in);
        exporters.execute(() -> {
            try (Writer w = new OutputStreamWriter(pipe, StandardCharsets.UTF_8)) {
                audit.export(q, f, w);
            } catch (IOException | RuntimeException e) {
                // the client sees a truncated download; the server log says why, without content
                org.slf4j.LoggerFactory.getLogger(AuditController.class).warn("audit export failed: {}", e.getClass().getName());
            }
        });
        MediaType type = f == ExportFormat.CSV ? new MediaType("text/csv") : new MediaType("application/x-ndjson");
        String name = "gatehouse-audit." + (f == ExportFormat.CSV ? "csv" : "jsonl");
        return HttpResponse.ok(new StreamedFile(in, type).attach(name));
    }

    /**
     * The filter of the API's query parameters (blank means unset); an invalid value throws
     * {@link IllegalArgumentException} with a message fit for the user. The audit pages parse theirs here too.
     */
    public static AuditQuery query(String from, String to, String user, String action, String route, String tier, String text,
                            Integer page, Integer size) {
        return new AuditQuery(instant("from", from), instant("to", to), blankToNull(user),
                parse("action", action, AuditAction.class), parse("route", route, Route.class),
                tier == null || tier.isBlank() ? null : Tier.parse(tier), blankToNull(text),
                page == null ? 0 : page, size == null ? 50 : size);
    }

    private static void putIfSet(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
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
