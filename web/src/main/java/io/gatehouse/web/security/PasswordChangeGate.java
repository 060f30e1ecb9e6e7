package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.web.api.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds a user whose password was set by someone else (an administrator, or generated at first start) to
 * changing it: until they do, every request but the change itself, signing out and static files is refused,
 * before any role rule is asked. {@link io.gatehouse.web.ui.PageAccessHandler} turns the refusal into a
 * redirect to {@value #CHANGE_PAGE} for a page and a 403 problem of type {@code password-change-required}
 * for the API. Whoever authenticated the request (session cookie, bearer token, HTTP Basic) put the
 * account's mark in the authentication's attributes, read from the directory on that same request, so the
 * gate costs no query of its own and lifts the moment the password is changed.
 */
@Singleton
public class PasswordChangeGate implements SecurityRule<HttpRequest<?>> {

    /** Authentication attribute: present (true) only while the account must change its password. */
    public static final String ATTRIBUTE = "passwordChangeRequired";
    public static final String CHANGE_PAGE = "/account";
    public static final String CHANGE_API = "/api/users/me/password";
    /** Before the {@code @Secured} rule: a held user hears about the password, not about their roles. */
    public static final int ORDER = SecuredAnnotationRule.ORDER - 100;

    /** What such a user may still reach: the change itself, signing out, and what pages load. */
    private static final Set<String> OPEN_PATHS = Set.of(CHANGE_PAGE, CHANGE_API, "/logout", "/login", "/api/auth/login");
    private static final List<String> OPEN_PREFIXES = List.of("/static/", "/webjars/", "/health", "/prometheus");

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        if (request == null || !required(authentication)) {
            return Mono.just(SecurityRuleResult.UNKNOWN);
        }
        String path = request.getPath();
        boolean open = OPEN_PATHS.contains(path) || OPEN_PREFIXES.stream().anyMatch(path::startsWith);
        return Mono.just(open ? SecurityRuleResult.UNKNOWN : SecurityRuleResult.REJECTED);
    }

    /** Whether this authentication belongs to an account that must change its password first. */
    public static boolean required(@Nullable Authentication authentication) {
        return authentication != null && Boolean.TRUE.equals(authentication.getAttributes().get(ATTRIBUTE));
    }

    /** The API's answer to a request the gate refused. */
    public static MutableHttpResponse<?> problem() {
        return Problem.response(HttpStatus.FORBIDDEN, "password-change-required", "Password change required",
                "this account's password was set by someone else: change it with POST " + CHANGE_API
                        + " {currentPassword, newPassword} before anything else");
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
