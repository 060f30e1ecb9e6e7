package io.gatehouse.web.security;

import io.gatehouse.web.api.Problem;
import io.gatehouse.web.ui.PageAccessHandler;
import io.gatehouse.web.ui.PageRenderer;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.filter.FilterBodyParser;
import jakarta.inject.Provider;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.Optional;

/**
 * Refuses state-changing requests that a browser could have been tricked into sending. A request is
 * checked when it carries the session cookie (whatever else authenticates it) or is the sign-in form
 * itself; a bearer-token or Basic client without cookies is not a browser and needs no token. The token
 * comes in the {@code X-CSRF-Token} header (scripts), the {@code _csrf} field of a url-encoded form, or
 * the {@code _csrf} query parameter of a multipart form, whose body is not parsed before the route.
 * Every response to a request without the CSRF cookie sets one, so the first page a browser sees can
 * already carry a valid token.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class CsrfGuard implements HttpServerFilter {

    /** Request attribute holding the CSRF cookie value in force for this request (existing or new). */
    public static final String ATTRIBUTE = "gatehouse.csrf-cookie";

    /** Url-encoded forms larger than this are not ours; refusing them bounds what is buffered here. */
    private static final int MAX_FORM_BYTES = 1 << 20;

    private final CsrfTokens tokens;
    private final SessionSettings settings;
    private final FilterBodyParser bodies;
    /** Lazily: a refused browser form gets a page, and the page renderer must not wait for this filter. */
    private final Provider<PageRenderer> pages;

    public CsrfGuard(CsrfTokens tokens, SessionSettings settings, FilterBodyParser bodies, Provider<PageRenderer> pages) {
        this.tokens = tokens;
        this.settings = settings;
        this.bodies = bodies;
        this.pages = pages;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        Optional<String> existing = request.getCookies().findCookie(CsrfTokens.COOKIE).map(Cookie::getValue)
                .filter(v -> !v.isEmpty());
        String cookieValue = existing.orElseGet(tokens::newCookieValue);
        request.setAttribute(ATTRIBUTE, cookieValue);
        if (!needsToken(request)) {
            return proceed(request, chain, existing.isEmpty() ? cookieValue : null);
        }
        String presented = request.getHeaders().get(CsrfTokens.HEADER);
        if (presented == null && isMultipart(request)) {
            presented = request.getParameters().get(CsrfTokens.FIELD);
        }
        if (presented != null || !isUrlEncodedForm(request)) {
            return verdict(request, chain, existing.orElse(null), presented);
        }
        if (request.getContentLength() > MAX_FORM_BYTES) {
            return Mono.just(refusal(request, "form too large"));
        }
        // Micronaut's filter body parser reads a copy of the form, leaving the body to the route
        String cookie = existing.orElse(null);
        return Mono.fromFuture(bodies.parseBody(request))
                .map(form -> form.get(CsrfTokens.FIELD) instanceof String s ? s : "")
                .defaultIfEmpty("")
                .flatMap(field -> Mono.from(verdict(request, chain, cookie, field.isEmpty() ? null : field)));
    }

    private Publisher<MutableHttpResponse<?>> verdict(HttpRequest<?> request, ServerFilterChain chain, String cookieValue,
                                                      String presented) {
        if (!tokens.matches(cookieValue, presented)) {
            return Mono.just(refusal(request, presented == null ? "CSRF token missing" : "CSRF token invalid"));
        }
        return chain.proceed(request);
    }

    private Publisher<MutableHttpResponse<?>> proceed(HttpRequest<?> request, ServerFilterChain chain, String newCookie) {
        if (newCookie == null) {
            return chain.proceed(request);
        }
        return Mono.from(chain.proceed(request)).map(response -> {
            if (response.getCookies().findCookie(CsrfTokens.COOKIE).isEmpty()) {
                response.cookie(cookie(newCookie));
            }
            return response;
        });
    }

    /** The CSRF cookie: readable by no script, sent only to this site. */
    public Cookie cookie(String value) {
        return Cookie.of(CsrfTokens.COOKIE, value).path("/").httpOnly(true).secure(settings.secureCookies())
                .sameSite(SameSite.Strict);
    }

    private static boolean needsToken(HttpRequest<?> request) {
        HttpMethod m = request.getMethod();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || m == HttpMethod.TRACE) {
            return false;
        }
        return request.getCookies().contains(SessionCookieFetcher.COOKIE) || request.getPath().equals("/login");
    }

    private static boolean isUrlEncodedForm(HttpRequest<?> request) {
        return request.getContentType().map(t -> t.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE)).orElse(false);
    }

    private static boolean isMultipart(HttpRequest<?> request) {
        return request.getContentType().map(t -> t.matches(MediaType.MULTIPART_FORM_DATA_TYPE)).orElse(false);
    }

    private MutableHttpResponse<?> refusal(HttpRequest<?> request, String detail) {
        String message = detail + ": reload the page and submit the form again";
        if (PageAccessHandler.isPage(request)) {
            // typically a form from a tab opened before the last sign-in: say so in words, not JSON
            return pages.get().error(request, HttpStatus.FORBIDDEN, "The form has expired", message);
        }
        return Problem.response(HttpStatus.FORBIDDEN, "csrf", "Forbidden", message);
    }
}
