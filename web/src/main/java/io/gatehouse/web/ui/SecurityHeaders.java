package io.gatehouse.web.ui;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Browser hardening on every response. The content security policy allows scripts and styles from this
 * server only, with no inline code at all, so text that slipped past escaping still could not run.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class SecurityHeaders implements HttpServerFilter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        return Mono.from(chain.proceed(request)).map(response -> {
            var h = response.getHeaders();
            h.set("Content-Security-Policy", CSP);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "same-origin");
            if (!request.getPath().startsWith("/static/") && !request.getPath().startsWith("/webjars/")) {
                // pages and API answers hold classified text: never kept by the browser or a proxy
                h.set("Cache-Control", "no-store");
            }
            return response;
        });
    }
}
