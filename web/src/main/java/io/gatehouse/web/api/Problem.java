package io.gatehouse.web.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 9457 problem details. {@code type} is a stable relative URI per kind of problem, documented in
 * the README; {@code detail} says what was wrong with the request, never what was in a document.
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static MutableHttpResponse<Map<String, Object>> response(HttpStatus status, String slug, String title, String detail) {
        return response(status, body(status, slug, title, detail));
    }

    /** For a {@link #body} with extension members added. */
    public static MutableHttpResponse<Map<String, Object>> response(HttpStatus status, Map<String, Object> body) {
        return HttpResponse.<Map<String, Object>>status(status).contentType(MEDIA_TYPE).body(body);
    }

    /** The slug naming one constant of a closed set of problems: {@code TOO_LARGE} becomes {@code too-large}. */
    public static String slug(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Map<String, Object> body(HttpStatus status, String slug, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/problems/" + slug);
        body.put("title", title);
        body.put("status", status.getCode());
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }
}
