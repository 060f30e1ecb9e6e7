package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.web.security.LoginOutcome.Reason;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The accounts that may sign in, stored in the database ({@code user_account}). Requests resolve their
 * principal here by user name on every call, so roles and clearance always come from the database,
 * never from a token's claims, and disabling an account ends its existing tokens at once.
 * <p>
 * Lockout: {@code maxFailures} consecutive wrong passwords lock an account for {@code duration}; while
 * locked, even the right password is refused. Counters change only through single conditional UPDATE
 * statements, so concurrent attempts on any number of threads or nodes each count once.
 * <p>
 * Every change is audited here (actor, user, which fields changed; never a password), so the REST API
 * and the web pages cannot differ in what they record.
 * <p>
 * A password set by someone other than the account's holder (an administrator creating the account or
 * resetting its password) marks the account {@code must_change_password}; only the holder's own change
 * clears it. Passwords an operator chose in configuration (demo users, the configured first administrator)
 * are not marked.
 */
@Singleton
public class UserDirectory {

    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{1,64}");
    /** Groups are stored comma-separated, as document groups are; anything else printable is allowed. */
    private static final Pattern GROUP = Pattern.compile("[^,\\p{Cntrl}]{1,100}");
    /** Longer "names" in audit subjects are cut, so a flood of junk cannot bloat the trail. */
    private static final int MAX_AUDIT_NAME = 100;
    private static final String COLUMNS =
            "username, roles, clearance, groups_csv, enabled, failed_attempts, locked_until, created_at, password_changed_at, password_hash, "
                    + "must_change_password";
    /** Taken by {@code /api/users/me}, the signed-in user's own account. */
    private static final String RESERVED_USERNAME = "me";

    /** A row: the account and its hash, which never leaves this class. */
    private record Stored(Account account, String hash) {
    }

    private final DataSource db;
    private final PasswordHash kdf;
    private final AccountSettings.Lockout lockout;
    private final Clock clock;
    private final AuditTrail audit;
    /** Compared against when the user does not exist, so a miss costs as long as a wrong password. */
    private final String dummyHash;

    @Inject
    public UserDirectory(DataSource dataSource, AccountSettings settings, Clock clock, AuditTrail audit) {
        // Plain JDBC with our own transactions, like the audit trail: Micronaut Data's contextual proxy
        // would demand an ambient transaction.
        this(DelegatingDataSource.unwrapDataSource(dataSource), new PasswordHash(settings.kdfIterations()),
                settings.lockout() == null ? new AccountSettings.Lockout(5, Duration.ofMinutes(15)) : settings.lockout(),
                clock, audit);
    }

    public UserDirectory(DataSource dataSource, PasswordHash kdf, AccountSettings.Lockout lockout, Clock clock, AuditTrail audit) {
        this.db = dataSource;
        this.kdf = kdf;
        this.lockout = lockout;
        this.clock = clock;
        this.audit = audit;
        this.dummyHash = kdf.hash("not-a-password".toCharArray());
    }

    /** The principal of an enabled account; empty for unknown and disabled accounts. */
    public Optional<Principal> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return stored(username).map(Stored::account).filter(Account::enabled).map(Account::principal);
    }

    /**
     * Checks a user name and password and applies the lockout rules. The password is checked (and costs
     * the same) whether or not the user exists. The caller audits the outcome ({@link LoginAudit#record}).
     */
    public LoginOutcome authenticate(String username, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            Optional<Stored> row = username == null || username.length() > 100 ? Optional.empty() : stored(username);
            boolean match = PasswordHash.verify(pw, row.map(Stored::hash).orElse(dummyHash));
            if (row.isEmpty()) {
                return new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS);
            }
            Account account = row.get().account();
            Instant now = clock.instant();
            if (account.lockedAt(now)) {
                return new LoginOutcome.Rejected(Reason.LOCKED);
            }
            if (!match) {
                return failed(username, now);
            }
            if (!account.enabled()) {
                return new LoginOutcome.Rejected(Reason.DISABLED);
            }
            return succeeded(row.get(), pw, now);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    public List<Account> list() {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_account ORDER BY username");
             ResultSet rs = ps.executeQuery()) {
            List<Account> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs).account());
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list accounts", e);
        }
    }

    public Optional<Account> account(String username) {
        return username == null ? Optional.empty() : stored(username).map(Stored::account);
    }

    /**
     * Creates an enabled account; the password must have at least {@value #MIN_PASSWORD_LENGTH} characters.
     * Created by anyone but its own holder, the account must change that password at first sign-in.
     */
    public Account create(NewAccount account, String actor) {
        return create(account, actor, actor == null || !actor.equals(account.username()));
    }

    /** As {@link #create(NewAccount, String)}, saying whether the holder must change the password (start-up only). */
    Account create(NewAccount account, String actor, boolean mustChangePassword) {
        return audited(actor, AuditAction.USER_CREATE, account.username(), () -> {
            Account created = insert(account, MIN_PASSWORD_LENGTH, mustChangePassword);
            audit.append(new AuditEvent(actor, AuditAction.USER_CREATE, created.username(), "OK", null, null, describe(created)));
            return created;
        });
    }

    /** Changes roles, clearance, groups and/or enabled; refuses to leave no enabled administrator. */
    public Account update(String username, AccountChange change, String actor) {
        return audited(actor, AuditAction.USER_UPDATE, username, () -> {
            if (change.roles() != null && change.roles().isEmpty()) {
                throw AccountException.invalid("roles", "at least one role is required; one of " + Arrays.toString(Role.values()));
            }
            if (change.groups() != null) {
                validateGroups(change.groups());
            }
            Map<String, Object> changed = new LinkedHashMap<>();
            Account after = inTransaction(c -> {
                boolean mayRemoveAdmin = Boolean.FALSE.equals(change.enabled())
                        || (change.roles() != null && !change.roles().contains(Role.ADMIN));
                // Lock the rows the last-admin rule reads, always in user-name order, so two admins demoting
                // each other at once cannot both succeed (and cannot deadlock).
                String sql = "SELECT " + COLUMNS + " FROM user_account WHERE username = ?"
                        + (mayRemoveAdmin ? " OR enabled = TRUE" : "") + " ORDER BY username FOR UPDATE";
                List<Account> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, username);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(row(rs).account());
                        }
                    }
                }
                Account before = rows.stream().filter(a -> a.username().equals(username)).findFirst()
                        .orElseThrow(() -> AccountException.notFound(username));
                Set<Role> roles = change.roles() == null ? before.roles() : change.roles();
                Tier clearance = change.clearance() == null ? before.clearance() : change.clearance();
                Set<String> groups = change.groups() == null ? before.groups() : change.groups().stream().map(String::strip).collect(Collectors.toSet());
                boolean enabled = change.enabled() == null ? before.enabled() : change.enabled();
                boolean wasAdmin = before.enabled() && before.roles().contains(Role.ADMIN);
                boolean staysAdmin = enabled && roles.contains(Role.ADMIN);
                if (wasAdmin && !staysAdmin && rows.stream().noneMatch(a -> !a.username().equals(username)
                        && a.enabled() && a.roles().contains(Role.ADMIN))) {
                    throw AccountException.conflict("'" + username + "' is the last enabled administrator");
                }
                Instant now = now();
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE user_account SET roles = ?, clearance = ?, groups_csv = ?, enabled = ?, updated_at = ? WHERE username = ?")) {
                    ps.setString(1, csv(roles.stream().map(Role::name).toList()));
                    ps.setString(2, clearance.name());
                    ps.setString(3, csv(groups));
                    ps.setBoolean(4, enabled);
                    ps.setObject(5, at(now));
                    ps.setString(6, username);
                    ps.executeUpdate();
                }
                Account result = new Account(username, roles, clearance, groups, enabled, before.failedAttempts(),
                        before.lockedUntil(), before.createdAt(), before.passwordChangedAt(), before.mustChangePassword());
                Map<String, Object> b = describe(before);
                Map<String, Object> a = describe(result);
                for (String k : a.keySet()) {
                    if (!a.get(k).equals(b.get(k))) {
                        changed.put(k, Map.of("from", b.get(k), "to", a.get(k)));
                    }
                }
                return result;
            });
            audit.append(new AuditEvent(actor, AuditAction.USER_UPDATE, username, "OK", null, null, changed));
            return after;
        });
    }

    /**
     * Sets a new password (at least {@value #MIN_PASSWORD_LENGTH} characters) and lifts any lockout. Every
     * session opened before ends. Reset by anyone but the holder, the account must change it at next sign-in.
     */
    public void resetPassword(String username, char[] newPassword, String actor) {
        audited(actor, AuditAction.USER_PASSWORD_RESET, username, () -> {
            validatePassword(newPassword, MIN_PASSWORD_LENGTH, "password");
            String hash = kdf.hash(newPassword);
            Instant now = now();
            boolean mustChange = actor == null || !actor.equals(username);
            int rows = execute("UPDATE user_account SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, "
                    + "locked_until = NULL, must_change_password = ?, updated_at = ? WHERE username = ?",
                    hash, at(now), mustChange, at(now), username);
            if (rows == 0) {
                throw AccountException.notFound(username);
            }
            audit.append(new AuditEvent(actor, AuditAction.USER_PASSWORD_RESET, username, "OK", null, null, Map.of()));
            return null;
        });
    }

    /**
     * The holder of an account changes their own password. The current password is checked like a sign-in:
     * a wrong one counts toward the lockout, and a locked account cannot change it. The new password follows
     * the rules of {@link #create} and must differ from the current one. Success lifts the must-change mark,
     * moves {@code passwordChangedAt} (ending every session opened before) and is audited with the holder as
     * actor; so is every refusal, with its reason. Neither password is kept or recorded.
     *
     * @throws AccountException WRONG_PASSWORD (field {@code currentPassword}), LOCKED, INVALID (field
     *                          {@code newPassword}), NOT_FOUND for an unknown or disabled account, CONFLICT
     *                          when the password changed or the account locked meanwhile
     */
    public void changeOwnPassword(String username, char[] currentPassword, char[] newPassword) {
        audited(username, AuditAction.USER_PASSWORD_CHANGE, username, () -> {
            Stored row = (username == null ? Optional.<Stored>empty() : stored(username))
                    .filter(s -> s.account().enabled())
                    .orElseThrow(() -> AccountException.notFound(username));
            Instant now = now();
            if (row.account().lockedAt(now)) {
                throw AccountException.locked();
            }
            if (!PasswordHash.verify(currentPassword == null ? new char[0] : currentPassword, row.hash())) {
                failed(username, now);
                boolean lockedNow = stored(username).map(s -> s.account().lockedAt(now)).orElse(false);
                throw AccountException.wrongPassword(lockedNow
                        ? "the current password is wrong, and too many failed attempts have now locked the account"
                        : "the current password is wrong");
            }
            validatePassword(newPassword, MIN_PASSWORD_LENGTH, "newPassword");
            if (Arrays.equals(currentPassword, newPassword)) {
                throw AccountException.invalid("newPassword", "the new password must differ from the current one");
            }
            String hash = kdf.hash(newPassword);
            // Only over the row we checked: a concurrent reset, change or lockout makes this one fail.
            int rows = execute("UPDATE user_account SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, "
                            + "locked_until = NULL, must_change_password = FALSE, updated_at = ? "
                            + "WHERE username = ? AND password_hash = ? AND enabled = TRUE AND (locked_until IS NULL OR locked_until <= ?)",
                    hash, at(now), at(now), username, row.hash(), at(now));
            if (rows == 0) {
                throw AccountException.conflict("the account changed meanwhile (password, lock or status); sign in again and retry");
            }
            audit.append(new AuditEvent(username, AuditAction.USER_PASSWORD_CHANGE, username, "OK", null, null,
                    Map.of("required", row.account().mustChangePassword())));
            return null;
        });
    }

    /** Whether no account exists at all (the first start). */
    boolean isEmpty() {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM user_account");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count accounts", e);
        }
    }

    /**
     * Creates an account whose password is exempt from the length rule (the configured demo accounts, the
     * generated first administrator); returns empty when the name is already taken, e.g. by another node
     * starting at the same time.
     */
    Optional<Account> seed(NewAccount account, String actor, boolean mustChangePassword) {
        try {
            Account created = insert(account, 1, mustChangePassword);
            audit.append(new AuditEvent(actor, AuditAction.USER_CREATE, created.username(), "OK", null, null, describe(created)));
            return Optional.of(created);
        } catch (AccountException e) {
            if (e.kind() == AccountException.Kind.CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Account insert(NewAccount n, int minPassword, boolean mustChangePassword) {
        String username = n.username();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw AccountException.invalid("username", "user name must match [a-z0-9._-]{1,64}");
        }
        if (username.equals(RESERVED_USERNAME)) {
            throw AccountException.invalid("username", "user name '" + RESERVED_USERNAME + "' is reserved (/api/users/me)");
        }
        validatePassword(n.password(), minPassword, "password");
        if (n.roles() == null || n.roles().isEmpty()) {
            throw AccountException.invalid("roles", "at least one role is required; one of " + Arrays.toString(Role.values()));
        }
        if (n.clearance() == null) {
            throw AccountException.invalid("clearance", "clearance is required; one of " + Arrays.toString(Tier.values()));
        }
        Set<String> groups = n.groups() == null ? Set.of() : n.groups();
        validateGroups(groups);
        groups = groups.stream().map(String::strip).collect(Collectors.toSet());
        String hash = kdf.hash(n.password());
        Instant now = now();
        try {
            execute("INSERT INTO user_account (username, password_hash, roles, clearance, groups_csv, enabled, failed_attempts, "
                            + "locked_until, password_changed_at, created_at, updated_at, must_change_password) "
                            + "VALUES (?, ?, ?, ?, ?, TRUE, 0, NULL, ?, ?, ?, ?)",
                    username, hash, csv(n.roles().stream().map(Role::name).toList()), n.clearance().name(), csv(groups),
                    at(now), at(now), at(now), mustChangePassword);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
                throw AccountException.conflict("user '" + username + "' already exists");
            }
            throw e;
        }
        return new Account(username, n.roles(), n.clearance(), groups, true, 0, null, now, now, mustChangePassword);
    }

    private LoginOutcome failed(String username, Instant now) {
        // One statement: count this failure (a lock that has run out starts a fresh count) and lock at the
        // threshold. The WHERE clause skips accounts that are disabled or locked by a concurrent attempt.
        int rows = execute("UPDATE user_account SET "
                        + "failed_attempts = CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END, "
                        + "locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END) >= ? "
                        + "THEN ? ELSE NULL END "
                        + "WHERE username = ? AND enabled = TRUE AND (locked_until IS NULL OR locked_until <= ?)",
                lockout.maxFailures(), at(now.plus(lockout.duration())), username, at(now));
        if (rows == 0 && stored(username).map(s -> s.account().lockedAt(now)).orElse(false)) {
            return new LoginOutcome.Rejected(Reason.LOCKED);
        }
        return new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS);
    }

    private LoginOutcome succeeded(Stored row, char[] password, Instant now) {
        String username = row.account().username();
        int rows = execute("UPDATE user_account SET failed_attempts = 0, locked_until = NULL "
                + "WHERE username = ? AND enabled = TRUE AND (locked_until IS NULL OR locked_until <= ?)", username, at(now));
        if (rows == 0) {
            // Locked or disabled between our read and now.
            Optional<Account> current = stored(username).map(Stored::account);
            if (current.isEmpty()) {
                return new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS);
            }
            return new LoginOutcome.Rejected(current.get().lockedAt(now) ? Reason.LOCKED : Reason.DISABLED);
        }
        if (PasswordHash.iterationsOf(row.hash()) < kdf.iterations()) {
            // A hash from a weaker setting: replace it now that we hold the password (only if unchanged meanwhile).
            execute("UPDATE user_account SET password_hash = ? WHERE username = ? AND password_hash = ?",
                    kdf.hash(password), username, row.hash());
        }
        return new LoginOutcome.Success(row.account().principal(), row.account().mustChangePassword());
    }

    /** Runs an account change, auditing a refusal (invalid, unknown user, conflict) before rethrowing it. */
    private <T> T audited(String actor, AuditAction action, String username, Supplier<T> change) {
        try {
            return change.get();
        } catch (AccountException e) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("problem", e.kind().name());
            if (e.field() != null) {
                detail.put("field", e.field());
            }
            audit.append(new AuditEvent(actor, action, cut(username), "REJECTED", null, null, detail));
            throw e;
        }
    }

    private static void validatePassword(char[] password, int min, String field) {
        if (password == null || password.length < min) {
            throw AccountException.invalid(field, "password must have at least " + min + " characters");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw AccountException.invalid(field, "password must have at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private static void validateGroups(Set<String> groups) {
        for (String g : groups) {
            if (g == null || g.isBlank() || !GROUP.matcher(g.strip()).matches()) {
                throw AccountException.invalid("groups", "a group is 1 to 100 printable characters without commas");
            }
        }
    }

    private static Map<String, Object> describe(Account a) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("roles", a.roles().stream().map(Role::name).sorted().toList());
        d.put("clearance", a.clearance().name());
        d.put("groups", List.copyOf(new TreeSet<>(a.groups())));
        d.put("enabled", a.enabled());
        return d;
    }

    private Optional<Stored> stored(String username) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_account WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read an account", e);
        }
    }

    private static Stored row(ResultSet rs) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : split(rs.getString(2))) {
            roles.add(Role.valueOf(r));
        }
        OffsetDateTime locked = rs.getObject(7, OffsetDateTime.class);
        return new Stored(new Account(rs.getString(1), roles, Tier.valueOf(rs.getString(3)), Set.copyOf(split(rs.getString(4))),
                rs.getBoolean(5), rs.getInt(6), locked == null ? null : locked.toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getObject(9, OffsetDateTime.class).toInstant(),
                rs.getBoolean(11)), rs.getString(10));
    }

    private int execute(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("account update failed", e);
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("account update failed", e);
        }
    }

    private Instant now() {
        // Microseconds: what both databases store, so a returned account equals the one read back.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime at(Instant t) {
        return OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static String csv(Collection<String> values) {
        return String.join(",", new TreeSet<>(values));
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(","));
    }

    private static String cut(String name) {
        if (name == null) {
            return null;
        }
        return name.length() > MAX_AUDIT_NAME ? name.substring(0, MAX_AUDIT_NAME) : name;
    }
}
