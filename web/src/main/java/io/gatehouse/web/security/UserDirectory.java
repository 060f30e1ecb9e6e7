package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The accounts that may sign in, with their passwords hashed once at start-up. Requests resolve their
 * principal here by user name on every call, so roles and clearance always come from the directory,
 * never from a token's claims.
 */
@Singleton
public class UserDirectory {

    private record Account(Principal principal, String passwordHash) {
    }

    /** Compared against when the user does not exist, so a miss costs as long as a wrong password. */
    private static final String DUMMY_HASH = PasswordHash.hash("not-a-password".toCharArray());

    private final Map<String, Account> accounts;

    public UserDirectory(List<UserConfig> users) {
        this.accounts = users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::name, u -> new Account(
                new Principal(u.name(), new HashSet<>(u.roles()), u.clearance(),
                        u.groups() == null ? Set.of() : new HashSet<>(u.groups())),
                PasswordHash.hash(u.password().toCharArray())), (a, b) -> a));
    }

    /** The principal if the credentials are right; empty otherwise (unknown user and wrong password alike). */
    public Optional<Principal> authenticate(String username, String password) {
        Account a = username == null ? null : accounts.get(username);
        boolean ok = PasswordHash.verify(password == null ? new char[0] : password.toCharArray(),
                a == null ? DUMMY_HASH : a.passwordHash());
        return ok && a != null ? Optional.of(a.principal()) : Optional.empty();
    }

    public Optional<Principal> find(String username) {
        return Optional.ofNullable(accounts.get(username)).map(Account::principal);
    }

    public Map<String, Principal> all() {
        return accounts.values().stream().map(Account::principal)
                .collect(Collectors.toUnmodifiableMap(Principal::username, Function.identity()));
    }
}
