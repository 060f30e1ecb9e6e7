package io.gatehouse.web.api;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.web.security.Account;
import io.gatehouse.web.security.AccountChange;
import io.gatehouse.web.security.AccountException;
import io.gatehouse.web.security.NewAccount;
import io.gatehouse.web.security.UserDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Account administration (admins only). Validation, the last-admin rule and auditing live in {@link UserDirectory}. */
@Controller("/api/users")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured("ADMIN")
public class UserController {

    private final UserDirectory users;

    public UserController(UserDirectory users) {
        this.users = users;
    }

    @Serdeable
    public record CreateUser(@Nullable String username, @Nullable String password, @Nullable List<String> roles,
                             @Nullable String clearance, @Nullable List<String> groups) {
    }

    @Serdeable
    public record ChangeUser(@Nullable List<String> roles, @Nullable String clearance, @Nullable List<String> groups,
                             @Nullable Boolean enabled) {
    }

    @Serdeable
    public record NewPassword(@Nullable String password) {
    }

    @Get
    public List<Account> list() {
        return users.list();
    }

    @Get("/{username}")
    public Account get(@PathVariable String username) {
        return users.account(username).orElseThrow(() -> AccountException.notFound(username));
    }

    @Post
    public HttpResponse<Account> create(@Body CreateUser body, Authentication auth) {
        Account created = users.create(new NewAccount(body.username(), body.password() == null ? null : body.password().toCharArray(),
                roles(body.roles()), body.clearance() == null ? null : clearance(body.clearance()),
                body.groups() == null ? null : new HashSet<>(body.groups())), auth.getName());
        return HttpResponse.created(created).header("Location", "/api/users/" + created.username());
    }

    @Patch("/{username}")
    public Account update(@PathVariable String username, @Body ChangeUser body, Authentication auth) {
        return users.update(username, new AccountChange(body.roles() == null ? null : roles(body.roles()),
                body.clearance() == null ? null : clearance(body.clearance()),
                body.groups() == null ? null : new HashSet<>(body.groups()), body.enabled()), auth.getName());
    }

    @Post("/{username}/password")
    public HttpResponse<?> resetPassword(@PathVariable String username, @Body NewPassword body, Authentication auth) {
        users.resetPassword(username, body.password() == null ? null : body.password().toCharArray(), auth.getName());
        return HttpResponse.noContent();
    }

    /** Role names as the API and the admin pages take them; an unknown one is an INVALID "roles" field. */
    public static Set<Role> roles(List<String> names) {
        if (names == null) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String n : names) {
            try {
                roles.add(Role.valueOf(n == null ? "" : n.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw AccountException.invalid("roles", "unknown role '" + n + "'; one of " + List.of(Role.values()));
            }
        }
        return roles;
    }

    /** A clearance tier name; an unknown one is an INVALID "clearance" field. */
    public static Tier clearance(String name) {
        try {
            return Tier.parse(name);
        } catch (IllegalArgumentException e) {
            throw AccountException.invalid("clearance", e.getMessage());
        }
    }
}
