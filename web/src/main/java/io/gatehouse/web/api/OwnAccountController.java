package io.gatehouse.web.api;

import io.gatehouse.web.security.SessionCookieFetcher;
import io.gatehouse.web.security.UserDirectory;
import io.gatehouse.web.security.WebSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Arrays;

/**
 * The signed-in user's own account, whatever their role. Refusals are {@link UserDirectory}'s problems:
 * {@code account/wrong-password} (403, counted toward the lockout), {@code account/locked} (403),
 * {@code account/invalid} (400, field {@code newPassword}).
 * <p>
 * A change ends every browser session and every bearer token of the user issued before it. A browser
 * caller (session cookie) gets a fresh session cookie with the 204, so its page keeps working without
 * the old token, which may be the one that leaked; a bearer-token client signs in again with the new
 * password.
 */
@Controller("/api/users/me")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
public class OwnAccountController {

    private final UserDirectory users;
    private final WebSessions sessions;

    public OwnAccountController(UserDirectory users, WebSessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Serdeable
    public record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword) {
    }

    @Post("/password")
    public MutableHttpResponse<?> changePassword(@Body PasswordChange body, Authentication auth, HttpRequest<?> request) {
        // a browser signed in as this very user: it gets a fresh session (looked up before the change ends the old one)
        boolean browser = request.getCookies().findCookie(SessionCookieFetcher.COOKIE)
                .flatMap(c -> sessions.resolve(c.getValue()))
                .filter(s -> s.username().equals(auth.getName()))
                .isPresent();
        char[] current = body.currentPassword() == null ? null : body.currentPassword().toCharArray();
        char[] next = body.newPassword() == null ? null : body.newPassword().toCharArray();
        try {
            users.changeOwnPassword(auth.getName(), current, next);
        } finally {
            if (current != null) {
                Arrays.fill(current, '\0');
            }
            if (next != null) {
                Arrays.fill(next, '\0');
            }
        }
        MutableHttpResponse<?> response = HttpResponse.noContent();
        if (browser) {
            response.cookie(sessions.cookie(sessions.renew(auth.getName())));
        }
        return response;
    }
}
