package io.gatehouse.web.ui;

import io.gatehouse.web.security.Account;
import io.gatehouse.web.security.AccountException;
import io.gatehouse.web.security.PasswordChangeGate;
import io.gatehouse.web.security.UserDirectory;
import io.gatehouse.web.security.WebSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The signed-in user's own account: change the password (current, new, repeated). Checking the current
 * password, the rules, the lockout and the audit are {@link UserDirectory#changeOwnPassword}'s. A change
 * ends every session of the user, this one included, and the browser gets a fresh session: the old
 * token may be exactly what someone else holds.
 */
@Controller(AccountPage.PATH)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountPage {

    public static final String PATH = PasswordChangeGate.CHANGE_PAGE;

    private final UserDirectory users;
    private final WebSessions sessions;

    public AccountPage(UserDirectory users, WebSessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public ModelAndView<Map<String, Object>> show(Authentication auth, @Nullable @QueryValue String done) {
        Map<String, Object> model = model(auth, Map.of());
        if ("changed".equals(done)) {
            model.put("notice", "Your password has been changed. Every other session of your account has ended.");
        }
        return new ModelAndView<>("account", model);
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> change(@Body Map<String, String> form, Authentication auth) {
        char[] current = form.getOrDefault("currentPassword", "").toCharArray();
        char[] next = form.getOrDefault("newPassword", "").toCharArray();
        char[] repeat = form.getOrDefault("repeatPassword", "").toCharArray();
        try {
            if (!Arrays.equals(next, repeat)) {
                // a typing slip, caught before the current password is checked (and counted)
                return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ModelAndView<>("account",
                        model(auth, Map.of("repeatPassword", "the two new passwords differ"))));
            }
            users.changeOwnPassword(auth.getName(), current, next);
            return HttpResponse.seeOther(URI.create(PATH + "?done=changed"))
                    .cookie(sessions.cookie(sessions.renew(auth.getName())));
        } catch (AccountException e) {
            String field = switch (e.kind()) {
                case WRONG_PASSWORD -> "currentPassword";
                case INVALID -> e.field() == null ? "account" : e.field();
                default -> "account";
            };
            HttpStatus status = switch (e.kind()) {
                case INVALID -> HttpStatus.BAD_REQUEST;
                case WRONG_PASSWORD, LOCKED -> HttpStatus.FORBIDDEN;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case CONFLICT -> HttpStatus.CONFLICT;
            };
            return HttpResponse.status(status).body(new ModelAndView<>("account", model(auth, Map.of(field, e.getMessage()))));
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
            Arrays.fill(repeat, '\0');
        }
    }

    private Map<String, Object> model(Authentication auth, Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("errors", errors);
        model.put("minPassword", UserDirectory.MIN_PASSWORD_LENGTH);
        users.account(auth.getName()).ifPresent(a -> model.put("required", a.mustChangePassword()));
        model.putIfAbsent("required", false);
        model.put("home", Pages.homeOf(auth.getRoles()));
        return model;
    }
}
