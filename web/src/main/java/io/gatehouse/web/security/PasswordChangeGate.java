package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.web.api.Problem;
import io.gatehouse.web.ui.PageAccessHandler;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthenticationResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds a user whose password was set by someone else (an administrator, or generated at first start) to
 * changing it: until they do, a page sends them to {@value #CHANGE_PAGE} and an API call gets a 403
 * problem of type {@code password-change-required}. Whoever authenticated the request (session cookie,
 * bearer token, HTTP Basic) put the account's mark in the authentication's attributes, read from the
 * directory on that same request, so the gate costs no query of its own and lifts the moment the
 * password is changed.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class PasswordChangeGate implements HttpServerFilter {

    /** Authentication attribute: present (true) only while the account must change its password. */
    public static final String ATTRIBUTE = "passwordChangeRequired";
    public static final String CHANGE_PAGE = "/account";
    public static final String CHANGE_API = "/api/users/me/password";

    /** What such a user may still reach: the change itself, signing out, and what pages load. */
    private static final Set<String> OPEN_PATHS = Set.of(CHANGE_PAGE, CHANGE_API, "/logout", "/login");
    private static final List<String> OPEN_PREFIXES = List.of("/static/", "/webjars/", "/health", "/prometheus");

    @Override
    public int getOrder() {
        // after Micronaut's security filter has authenticated the request
        return ServerFilterPhase.SECURITY.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        boolean required = request.getUserPrincipal(Authentication.class)
                .map(a -> Boolean.TRUE.equals(a.getAttributes().get(ATTRIBUTE)))
                .orElse(false);
        String path = request.getPath();
        if (!required || OPEN_PATHS.contains(path) || OPEN_PREFIXES.stream().anyMatch(path::startsWith)) {
            return chain.proceed(request);
        }
        if (PageAccessHandler.isPage(request)) {
            return Mono.just(HttpResponse.seeOther(URI.create(CHANGE_PAGE)));
        }
        return Mono.just(Problem.response(HttpStatus.FORBIDDEN, "password-change-required", "Password change required",
                "this account's password was set by someone else: change it with POST " + CHANGE_API
                        + " {currentPassword, newPassword} before anything else"));
    }

    /** The attributes of an authenticated request: clearance, and the mark when the password must change. */
    static Map<String, Object> attributes(Principal p, boolean mustChangePassword) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("clearance", p.clearance().name());
        if (mustChangePassword) {
            attributes.put(ATTRIBUTE, true);
        }
        return attributes;
    }

    static Authentication authentication(Principal p, boolean mustChangePassword) {
        return Authentication.build(p.username(), roleNames(p), attributes(p, mustChangePassword));
    }

    static AuthenticationResponse success(Principal p, boolean mustChangePassword) {
        return AuthenticationResponse.success(p.username(), roleNames(p), attributes(p, mustChangePassword));
    }

    private static Set<String> roleNames(Principal p) {
        return p.roles().stream().map(Role::name).collect(Collectors.toSet());
    }
}
