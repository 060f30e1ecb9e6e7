package io.gatehouse.web.ui;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.web.api.UserController;
import io.gatehouse.web.security.Account;
import io.gatehouse.web.security.AccountChange;
import io.gatehouse.web.security.AccountException;
import io.gatehouse.web.security.NewAccount;
import io.gatehouse.web.security.UserDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Account administration pages: the list with a create form, and one page per account with its roles,
 * clearance, groups and enabled flag, plus a separate password reset. Validation, the last-admin rule and
 * auditing are {@link UserDirectory}'s; its refusals are shown next to the field they name, the form
 * keeping what the admin typed except the password.
 */
@Controller("/admin/users")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminUsersPage {

    private final UserDirectory users;
    private final Clock clock;

    public AdminUsersPage(UserDirectory users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /** An account as the table shows it. */
    public record AccountLine(String username, String roles, String clearance, String groups, boolean enabled,
                              String lockedUntil, int failedAttempts, boolean mustChangePassword) {
    }

    @Get(produces = MediaType.TEXT_HTML)
    public ModelAndView<Map<String, Object>> list(@Nullable @QueryValue String created) {
        Map<String, Object> model = listModel();
        if (created != null && !created.isBlank()) {
            model.put("notice", "Account \u201c" + created + "\u201d created.");
        }
        return new ModelAndView<>("admin-users", model);
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> create(@Body Map<String, String> form, Authentication auth) {
        String username = form.getOrDefault("username", "").strip();
        char[] password = form.getOrDefault("password", "").toCharArray();
        try {
            Set<Role> roles = roles(form);
            Tier clearance = blankToNull(form.get("clearance")) == null ? null : UserController.clearance(form.get("clearance"));
            users.create(new NewAccount(username.isEmpty() ? null : username, password, roles, clearance,
                    groups(form.get("groups"))), auth.getName());
            return HttpResponse.seeOther(URI.create("/admin/users?created=" + enc(username)));
        } catch (AccountException e) {
            Map<String, Object> model = listModel();
            model.put("form", kept(form));
            // a duplicate name is a conflict without a field; it belongs next to the user name
            model.put("errors", Map.of(e.field() == null ? "username" : e.field(), e.getMessage()));
            return HttpResponse.status(status(e)).body(new ModelAndView<>("admin-users", model));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Get(value = "/{username}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> edit(@PathVariable String username, @Nullable @QueryValue String done) {
        return users.account(username).<HttpResponse<?>>map(a -> {
            Map<String, Object> model = editModel(a);
            model.put("form", formOf(a));
            if ("saved".equals(done)) {
                model.put("notice", "Changes saved.");
            } else if ("reset".equals(done)) {
                model.put("notice", "Password reset; the account's open sessions have ended, and the user must choose "
                        + "a new password at next sign-in.");
            }
            return HttpResponse.ok(new ModelAndView<>("admin-user", model));
        }).orElseGet(() -> notFound(username));
    }

    @Post(value = "/{username}", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> update(@PathVariable String username, @Body Map<String, String> form, Authentication auth) {
        if (users.account(username).isEmpty()) {
            return notFound(username);
        }
        try {
            Tier clearance = UserController.clearance(form.getOrDefault("clearance", ""));
            users.update(username, new AccountChange(roles(form), clearance, groups(form.getOrDefault("groups", "")),
                    form.containsKey("enabled")), auth.getName());
            return HttpResponse.seeOther(URI.create("/admin/users/" + enc(username) + "?done=saved"));
        } catch (AccountException e) {
            if (e.kind() == AccountException.Kind.NOT_FOUND) {
                return notFound(username);
            }
            Map<String, Object> model = editModel(users.account(username).orElseThrow());
            model.put("form", kept(form));
            // the last-admin conflict concerns the roles and the enabled flag together: said above the form
            model.put("errors", Map.of(e.field() == null ? "account" : e.field(), e.getMessage()));
            return HttpResponse.status(status(e)).body(new ModelAndView<>("admin-user", model));
        }
    }

    @Post(value = "/{username}/password", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> resetPassword(@PathVariable String username, @Body Map<String, String> form, Authentication auth) {
        char[] password = form.getOrDefault("password", "").toCharArray();
        try {
            users.resetPassword(username, password, auth.getName());
            return HttpResponse.seeOther(URI.create("/admin/users/" + enc(username) + "?done=reset"));
        } catch (AccountException e) {
            if (e.kind() == AccountException.Kind.NOT_FOUND) {
                return notFound(username);
            }
            Account a = users.account(username).orElseThrow();
            Map<String, Object> model = editModel(a);
            model.put("form", formOf(a));
            model.put("errors", Map.of("newPassword", e.getMessage()));
            return HttpResponse.status(status(e)).body(new ModelAndView<>("admin-user", model));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private Map<String, Object> listModel() {
        Map<String, Object> model = new HashMap<>();
        model.put("accounts", users.list().stream().map(this::line).toList());
        model.put("form", Map.of("clearance", Tier.INTERNAL.name(), "role_STAFF", "on"));
        model.put("errors", Map.of());
        model.put("roleNames", Arrays.stream(Role.values()).map(Role::name).toList());
        model.put("tiers", Arrays.stream(Tier.values()).map(Tier::name).toList());
        model.put("minPassword", UserDirectory.MIN_PASSWORD_LENGTH);
        return model;
    }

    private Map<String, Object> editModel(Account a) {
        Map<String, Object> model = new HashMap<>();
        model.put("account", line(a));
        model.put("errors", Map.of());
        model.put("roleNames", Arrays.stream(Role.values()).map(Role::name).toList());
        model.put("tiers", Arrays.stream(Tier.values()).map(Tier::name).toList());
        model.put("minPassword", UserDirectory.MIN_PASSWORD_LENGTH);
        return model;
    }

    private AccountLine line(Account a) {
        String locked = a.lockedUntil() == null ? "" : AdminPage.utc(a.lockedUntil())
                + (a.lockedAt(clock.instant()) ? "" : " (expired)");
        return new AccountLine(a.username(), String.join(", ", new TreeSet<>(a.roles().stream().map(Role::name).toList())),
                a.clearance().name(), String.join(", ", new TreeSet<>(a.groups())), a.enabled(), locked, a.failedAttempts(),
                a.mustChangePassword());
    }

    /** The edit form filled from the stored account: checkbox fields are present when ticked, as a browser sends them. */
    private static Map<String, String> formOf(Account a) {
        Map<String, String> form = new HashMap<>();
        a.roles().forEach(r -> form.put("role_" + r.name(), "on"));
        form.put("clearance", a.clearance().name());
        form.put("groups", String.join(", ", new TreeSet<>(a.groups())));
        if (a.enabled()) {
            form.put("enabled", "on");
        }
        return form;
    }

    /** What the admin typed, without any password. */
    private static Map<String, String> kept(Map<String, String> form) {
        Map<String, String> kept = new HashMap<>(form);
        kept.remove("password");
        kept.remove("_csrf");
        return kept;
    }

    /** One checkbox per role ({@code role_STAFF=on}); names go through the API's parser. */
    private static Set<Role> roles(Map<String, String> form) {
        List<String> names = Arrays.stream(Role.values()).map(Role::name).filter(r -> form.containsKey("role_" + r)).toList();
        return UserController.roles(names);
    }

    private static Set<String> groups(@Nullable String csv) {
        if (csv == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String g : csv.split(",")) {
            if (!g.isBlank()) {
                out.add(g.strip());
            }
        }
        return out;
    }

    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static HttpStatus status(AccountException e) {
        return switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case WRONG_PASSWORD, LOCKED -> HttpStatus.FORBIDDEN; // self-service only; not raised here
        };
    }

    private static HttpResponse<?> notFound(String username) {
        Map<String, Object> model = new HashMap<>();
        model.put("status", 404);
        model.put("title", "No such account");
        model.put("message", "There is no account named \u201c" + username + "\u201d.");
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("error", model));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
