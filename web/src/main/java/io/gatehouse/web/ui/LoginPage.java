package io.gatehouse.web.ui;

import io.gatehouse.policy.Principal;
import io.gatehouse.web.security.CsrfGuard;
import io.gatehouse.web.security.CsrfTokens;
import io.gatehouse.web.security.LoginAudit;
import io.gatehouse.web.security.LoginOutcome;
import io.gatehouse.web.security.SessionCookieFetcher;
import io.gatehouse.web.security.UserDirectory;
import io.gatehouse.web.security.WebSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Sign-in and sign-out for the browser: a form, a server-side session, a cookie that scripts cannot read. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginPage {

    private final UserDirectory users;
    private final WebSessions sessions;
    private final CsrfGuard csrf;
    private final CsrfTokens tokens;
    private final LoginAudit logins;

    public LoginPage(UserDirectory users, WebSessions sessions, CsrfGuard csrf,
                     CsrfTokens tokens, LoginAudit logins) {
        this.users = users;
        this.sessions = sessions;
        this.csrf = csrf;
        this.tokens = tokens;
        this.logins = logins;
    }

    @Get(value = "/", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> home(@Nullable Authentication auth) {
        return HttpResponse.seeOther(URI.create(auth == null ? "/login" : Pages.homeOf(auth.getRoles())));
    }

    @Get(value = "/login", produces = MediaType.TEXT_HTML)
    public ModelAndView<Map<String, Object>> form(@Nullable @QueryValue String next) {
        return page(safeNext(next), null, null);
    }

    @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> login(@Body Map<String, String> form, HttpRequest<?> request) {
        String username = form.getOrDefault("username", "").strip();
        String password = form.getOrDefault("password", "");
        String next = safeNext(form.get("next"));
        LoginOutcome outcome = users.authenticate(username, password);
        logins.record(username, outcome);
        if (!(outcome instanceof LoginOutcome.Success success)) {
            // a lockout is said as such (it only happens to names that exist, so hiding it protects nothing);
            // a disabled account and a wrong password read the same
            String message = outcome instanceof LoginOutcome.Rejected r && r.reason() == LoginOutcome.Reason.LOCKED
                    ? "This account is locked after too many failed sign-ins. Try again later or ask an administrator."
                    : "Sign-in failed: the user name or password is wrong.";
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(page(next, username, message));
        }
        Principal p = success.principal();
        request.getCookies().findCookie(SessionCookieFetcher.COOKIE).ifPresent(old -> sessions.close(old.getValue()));
        String token = sessions.open(p.username());
        // a password set by someone else: straight to changing it (every other page would send them there)
        String target = success.mustChangePassword() ? AccountPage.PATH
                : next != null ? next : Pages.homeOf(p.roles().stream().map(Enum::name).toList());
        // a new CSRF secret with the new session, so a token seen before sign-in is worth nothing after it
        return HttpResponse.seeOther(URI.create(target))
                .cookie(sessionCookie(token))
                .cookie(csrf.cookie(tokens.newCookieValue()));
    }

    /** Open to anyone: signing out of a session that already ended still clears the cookie. */
    @Post(value = "/logout", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL}, produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> logout(HttpRequest<?> request) {
        request.getCookies().findCookie(SessionCookieFetcher.COOKIE).ifPresent(c -> sessions.close(c.getValue()));
        return HttpResponse.seeOther(URI.create("/login"))
                .cookie(sessionCookie("").maxAge(0));
    }

    private Cookie sessionCookie(String value) {
        return sessions.cookie(value);
    }

    private static ModelAndView<Map<String, Object>> page(String next, String username, String error) {
        Map<String, Object> model = new HashMap<>();
        if (next != null) {
            model.put("next", next);
        }
        if (username != null) {
            model.put("username", username);
        }
        if (error != null) {
            model.put("error", error);
        }
        return new ModelAndView<>("login", model);
    }

    /** Only a path on this server: never another host, so the form cannot be used as an open redirect. */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.length() > 500 || next.chars().anyMatch(ch -> ch < 0x20) || next.equals("/login")) {
            return null;
        }
        return next;
    }
}
