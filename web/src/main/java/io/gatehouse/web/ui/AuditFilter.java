package io.gatehouse.web.ui;

import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.web.api.AuditController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The audit page's filter as the user typed it (so the form shows it back), in the API's terms. Times
 * are ISO instants or, as a browser's {@code datetime-local} input sends them, local date-times read as UTC.
 */
public record AuditFilter(String from, String to, String user, String action, String route, String tier, String text) {

    public AuditFilter {
        from = strip(from);
        to = strip(to);
        user = strip(user);
        action = strip(action);
        route = strip(route);
        tier = strip(tier);
        text = text == null || text.isBlank() ? null : text;
    }

    static AuditFilter of(Map<String, String> values) {
        return new AuditFilter(values.get("from"), values.get("to"), values.get("user"), values.get("action"),
                values.get("route"), values.get("tier"), values.get("text"));
    }

    /** The filter as the REST API parses it; throws {@link IllegalArgumentException} with a message for the user. */
    AuditQuery query(int page, int size) {
        return AuditController.query(instant("from", from), instant("to", to), user, action, route, tier, text, page, size);
    }

    /** The API's query parameters for this filter (times as ISO instants); invalid values must have been refused first. */
    Map<String, String> apiParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "from", instant("from", from));
        put(p, "to", instant("to", to));
        put(p, "user", user);
        put(p, "action", action);
        put(p, "route", route);
        put(p, "tier", tier);
        put(p, "text", text);
        return p;
    }

    /** {@code path} with this filter (and {@code extra}) as its query string. */
    String href(String path, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>(extra);
        p.putAll(apiParameters());
        return p.isEmpty() ? path : path + "?" + p.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    /** The value for a {@code datetime-local} input: the instant in UTC without zone, or the text as typed if it does not parse. */
    static String localValue(String v) {
        if (v == null) {
            return null;
        }
        try {
            return LocalDateTime.ofInstant(Instant.parse(instant("time", v)), ZoneOffset.UTC).toString();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return v;
        }
    }

    public String fromLocal() {
        return localValue(from);
    }

    public String toLocal() {
        return localValue(to);
    }

    /** An ISO instant for {@code v}, which is one already or a local date-time taken as UTC; null for null. */
    static String instant(String name, String v) {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v).toString();
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + name + "' must be a date and time in UTC such as 2026-01-31T09:30"
                        + " or an ISO-8601 instant such as 2026-01-31T09:30:00Z");
            }
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String strip(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}
