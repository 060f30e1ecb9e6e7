package io.gatehouse.web.ui;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that behaves like a browser without scripts: it follows no redirects by
 * itself, so tests see every 303, and it keeps cookies by name as the server sets them (all on one host).
 */
final class FormClient {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** The raw Set-Cookie headers of the last response, for checking their flags. */
    private List<String> lastSetCookies = List.of();

    FormClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").GET());
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A multipart/form-data POST as a browser sends a file form: text fields, then one file part. */
    HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField, String filename,
                                       byte[] bytes) {
        String boundary = "----formclient" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                    + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + filename.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        request.timeout(java.time.Duration.ofSeconds(60));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            lastSetCookies = r.headers().allValues("set-cookie");
            for (String c : lastSetCookies) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                boolean expired = c.toLowerCase().contains("max-age=0");
                if (expired || value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in through the form; returns the final response of the POST (a 303 on success). */
    HttpResponse<String> signIn(String user, String password) {
        String token = csrfOf(get("/login").body());
        return postForm("/login", Map.of("_csrf", token, "username", user, "password", password));
    }

    static String csrfOf(String html) {
        Document d = Jsoup.parse(html);
        return d.selectFirst("meta[name=csrf-token]").attr("content");
    }

    Map<String, String> cookies() {
        return cookies;
    }

    List<String> lastSetCookies() {
        return lastSetCookies;
    }

    URI base() {
        return base;
    }
}
