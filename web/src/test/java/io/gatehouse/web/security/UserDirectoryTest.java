package io.gatehouse.web.security;

import io.gatehouse.policy.testing.TestDatabase;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditKey;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.JdbcAuditTrail;
import io.gatehouse.web.security.LoginOutcome.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directory's database logic on the real databases (H2, and PostgreSQL when configured): lockout with
 * a clock the test moves, concurrent attempts, the last-admin rule under a race, hash upgrades and the
 * first-start bootstrap. A low KDF iteration count keeps it fast; the server's 600,000 is checked over REST.
 */
class UserDirectoryTest {

    private static final int FAST_KDF = 1_000;
    private static final String PASSWORD = "correct horse battery";

    /** The lockout's "now"; a later instant is a second directory on the same database (no sleeping). */
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    static List<String> vendors() {
        return TestDatabase.vendors();
    }

    private static UserDirectory directory(TestDatabase db, int kdf, int maxFailures, Clock clock) {
        return new UserDirectory(db.dataSource(), new PasswordHash(kdf), new AccountSettings.Lockout(maxFailures, Duration.ofMinutes(15)),
                clock, new JdbcAuditTrail(db.dataSource(), AuditKey.random(), clock));
    }

    private static NewAccount staff(String name) {
        return new NewAccount(name, PASSWORD.toCharArray(), Set.of(Role.STAFF), Tier.INTERNAL, Set.of("harbour"));
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void lockoutRefusesEvenTheRightPasswordUntilItEnds(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            Clock clock = at(T0);
            UserDirectory users = directory(db, FAST_KDF, 5, clock);
            users.create(staff("dana"), "admin");
            for (int i = 1; i <= 5; i++) {
                assertEquals(new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS), users.authenticate("dana", "wrong-" + i), "failure " + i);
            }
            Account locked = users.account("dana").orElseThrow();
            assertEquals(5, locked.failedAttempts());
            assertEquals(clock.instant().plus(Duration.ofMinutes(15)), locked.lockedUntil());
            assertEquals(new LoginOutcome.Rejected(Reason.LOCKED), users.authenticate("dana", PASSWORD));
            assertEquals(new LoginOutcome.Rejected(Reason.LOCKED), users.authenticate("dana", "wrong-again"));
            assertEquals(5, users.account("dana").orElseThrow().failedAttempts(), "attempts while locked are not counted");
            assertTrue(users.find("dana").isPresent(), "a lockout stops new logins, not the account");

            users = directory(db, FAST_KDF, 5, at(T0.plus(Duration.ofMinutes(15)).plusSeconds(1)));
            LoginOutcome ok = users.authenticate("dana", PASSWORD);
            assertInstanceOf(LoginOutcome.Success.class, ok);
            assertEquals(Tier.INTERNAL, ((LoginOutcome.Success) ok).principal().clearance());
            Account after = users.account("dana").orElseThrow();
            assertEquals(0, after.failedAttempts());
            assertEquals(null, after.lockedUntil());

            // Success resets the count: four more failures do not lock.
            for (int i = 0; i < 4; i++) {
                users.authenticate("dana", "nope");
            }
            assertInstanceOf(LoginOutcome.Success.class, users.authenticate("dana", PASSWORD));
            // A reset password lifts a lock at once.
            for (int i = 0; i < 5; i++) {
                users.authenticate("dana", "nope");
            }
            assertEquals(new LoginOutcome.Rejected(Reason.LOCKED), users.authenticate("dana", PASSWORD));
            users.resetPassword("dana", "a brand new passphrase".toCharArray(), "admin");
            assertInstanceOf(LoginOutcome.Success.class, users.authenticate("dana", "a brand new passphrase"));
            assertEquals(new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS), users.authenticate("dana", PASSWORD));
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void concurrentFailuresEachCountOnce(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory users = directory(db, FAST_KDF, 1_000, at(T0));
            users.create(staff("eve"), "admin");
            Map<Reason, Integer> outcomes = attempts(users, "eve", 8, 5);
            assertEquals(Map.of(Reason.BAD_CREDENTIALS, 40), outcomes);
            assertEquals(40, users.account("eve").orElseThrow().failedAttempts(), "no lost update");
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void concurrentFailuresLockAtExactlyTheThreshold(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory users = directory(db, FAST_KDF, 5, at(T0));
            users.create(staff("finn"), "admin");
            Map<Reason, Integer> outcomes = attempts(users, "finn", 12, 1);
            assertEquals(Map.of(Reason.BAD_CREDENTIALS, 5, Reason.LOCKED, 7), outcomes);
            Account a = users.account("finn").orElseThrow();
            assertEquals(5, a.failedAttempts());
            assertTrue(a.lockedAt(Instant.parse("2026-01-05T09:14:00Z")));
        }
    }

    /** {@code threads} threads, released together, each making {@code each} wrong attempts. */
    private static Map<Reason, Integer> attempts(UserDirectory users, String name, int threads, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<LoginOutcome>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<LoginOutcome>> task = () -> {
                    start.await();
                    List<LoginOutcome> out = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        out.add(users.authenticate(name, "wrong password"));
                    }
                    return out;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
            for (Future<List<LoginOutcome>> f : futures) {
                for (LoginOutcome o : f.get()) {
                    counts.merge(((LoginOutcome.Rejected) o).reason(), 1, Integer::sum);
                }
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void aDisabledAccountResolvesToNobodyAndSaysDisabledOnlyToTheRightPassword(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory users = directory(db, FAST_KDF, 5, at(T0));
            users.create(staff("gus"), "admin");
            assertTrue(users.find("gus").isPresent());
            users.update("gus", new AccountChange(null, null, null, false), "admin");
            assertTrue(users.find("gus").isEmpty());
            assertEquals(new LoginOutcome.Rejected(Reason.DISABLED), users.authenticate("gus", PASSWORD));
            assertEquals(new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS), users.authenticate("gus", "guessing"));
            assertEquals(new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS), users.authenticate("nobody", PASSWORD));
            users.update("gus", new AccountChange(Set.of(Role.STAFF, Role.COMPLIANCE), Tier.CONFIDENTIAL, Set.of(), true), "admin");
            LoginOutcome.Success back = (LoginOutcome.Success) users.authenticate("gus", PASSWORD);
            assertEquals(Set.of(Role.STAFF, Role.COMPLIANCE), back.principal().roles());
            assertEquals(Tier.CONFIDENTIAL, back.principal().clearance());
            assertEquals(Set.of(), back.principal().groups());
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void twoAdminsDisablingEachOtherAtOnceLeaveOneEnabled(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory users = directory(db, FAST_KDF, 5, at(T0));
            for (String n : List.of("ada", "bob")) {
                users.create(new NewAccount(n, PASSWORD.toCharArray(), Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of()), "system");
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (String[] pair : List.of(new String[] {"ada", "bob"}, new String[] {"bob", "ada"})) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            users.update(pair[1], new AccountChange(null, null, null, false), pair[0]);
                            return "ok";
                        } catch (AccountException e) {
                            return e.kind().name();
                        }
                    }));
                }
                start.countDown();
                List<String> outcomes = new ArrayList<>();
                for (Future<String> f : results) {
                    outcomes.add(f.get());
                }
                outcomes.sort(null);
                assertEquals(List.of("CONFLICT", "ok"), outcomes);
            }
            finally {
                pool.shutdownNow();
            }
            assertEquals(1, users.list().stream().filter(a -> a.enabled() && a.roles().contains(Role.ADMIN)).count());
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void aHashFromAWeakerSettingStillVerifiesAndIsUpgradedAtLogin(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            Clock clock = at(T0);
            directory(db, FAST_KDF, 5, clock).create(staff("hal"), "admin");
            assertTrue(storedHash(db, "hal").startsWith("pbkdf2-sha256$1000$"));
            UserDirectory stronger = directory(db, 2_000, 5, clock);
            assertInstanceOf(LoginOutcome.Success.class, stronger.authenticate("hal", PASSWORD));
            String upgraded = storedHash(db, "hal");
            assertTrue(upgraded.startsWith("pbkdf2-sha256$2000$"), upgraded);
            assertInstanceOf(LoginOutcome.Success.class, stronger.authenticate("hal", PASSWORD));
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void changesAreAuditedWithActorAndFieldsButNeverThePassword(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            Clock clock = at(T0);
            JdbcAuditTrail trail = new JdbcAuditTrail(db.dataSource(), AuditKey.random(), clock);
            UserDirectory users = new UserDirectory(db.dataSource(), new PasswordHash(FAST_KDF),
                    new AccountSettings.Lockout(5, Duration.ofMinutes(15)), clock, trail);
            users.create(staff("ivy"), "root");
            users.update("ivy", new AccountChange(null, Tier.CONFIDENTIAL, null, null), "root");
            users.resetPassword("ivy", "another long secret".toCharArray(), "root");
            assertThrows(AccountException.class, () -> users.resetPassword("ivy", "short".toCharArray(), "root"));
            List<AuditRecord> records = trail.list(AuditQuery.all()).records().reversed();
            assertEquals(List.of(AuditAction.USER_CREATE, AuditAction.USER_UPDATE, AuditAction.USER_PASSWORD_RESET,
                    AuditAction.USER_PASSWORD_RESET), records.stream().map(AuditRecord::action).toList());
            assertEquals(List.of("OK", "OK", "OK", "REJECTED"), records.stream().map(AuditRecord::outcome).toList());
            for (AuditRecord r : records) {
                assertEquals("root", r.actor());
                assertEquals("ivy", r.subject());
                String all = r.toString();
                assertFalse(all.contains(PASSWORD) || all.contains("another long secret") || all.contains("short\""), all);
            }
            assertTrue(records.get(1).detailJson().contains("\"clearance\"") && records.get(1).detailJson().contains("CONFIDENTIAL"),
                    records.get(1).detailJson());
            assertFalse(records.get(1).detailJson().contains("roles"), "only changed fields: " + records.get(1).detailJson());
            assertTrue(records.get(3).detailJson().contains("password"), "the refused field is named");
            assertTrue(storedHash(db, "ivy").startsWith("pbkdf2-sha256$1000$"));
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void aFirstStartWithoutAPasswordPrintsAGeneratedOneOnceAndNeverAgain(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory users = directory(db, FAST_KDF, 5, at(T0));
            AccountSettings settings = new AccountSettings(FAST_KDF, "root", "  ", null);
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            new AccountBootstrap(users, settings, List.of(), false).run(new PrintStream(first, true, StandardCharsets.UTF_8));
            String banner = first.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("password:\\s+(\\S+)").matcher(banner);
            assertTrue(m.find(), banner);
            String password = m.group(1);
            assertTrue(password.length() >= 20, "a strong generated password");
            assertTrue(banner.contains("user:      root") && banner.contains("shown only this once"), banner);
            assertTrue(users.account("root").orElseThrow().mustChangePassword(), "a generated password must be replaced");
            LoginOutcome.Success admin = (LoginOutcome.Success) users.authenticate("root", password);
            assertEquals(Set.of(Role.ADMIN), admin.principal().roles());
            assertEquals(Tier.RESTRICTED, admin.principal().clearance());

            ByteArrayOutputStream second = new ByteArrayOutputStream();
            new AccountBootstrap(users, settings, List.of(), false).run(new PrintStream(second, true, StandardCharsets.UTF_8));
            assertEquals("", second.toString(StandardCharsets.UTF_8));
            assertEquals(1, users.list().size());
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void demoUsersAreAddedBesideExistingAccountsAndExemptFromTheLengthRule(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory users = directory(db, FAST_KDF, 5, at(T0));
            users.create(staff("kim"), "admin");
            List<DemoUser> demo = List.of(new DemoUser("staff", "staff-demo", List.of(Role.STAFF), Tier.INTERNAL, null),
                    new DemoUser("kim", "kim-demo", List.of(Role.ADMIN), Tier.RESTRICTED, null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new AccountBootstrap(users, new AccountSettings(FAST_KDF, "admin", "", null), demo, true)
                    .run(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals("", out.toString(StandardCharsets.UTF_8), "accounts exist: no first admin");
            assertInstanceOf(LoginOutcome.Success.class, users.authenticate("staff", "staff-demo"));
            assertFalse(users.account("staff").orElseThrow().mustChangePassword(), "the operator chose the demo passwords");
            assertInstanceOf(LoginOutcome.Success.class, users.authenticate("kim", PASSWORD), "an existing account is left alone");
            assertEquals(List.of("kim", "staff"), users.list().stream().map(Account::username).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void aConfiguredFirstAdministratorNeedNotChangeThePassword(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory users = directory(db, FAST_KDF, 5, at(T0));
            new AccountBootstrap(users, new AccountSettings(FAST_KDF, "chief", "chief's chosen passphrase", null), List.of(), false)
                    .run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertFalse(users.account("chief").orElseThrow().mustChangePassword());
            LoginOutcome.Success ok = (LoginOutcome.Success) users.authenticate("chief", "chief's chosen passphrase");
            assertFalse(ok.mustChangePassword());
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void aPasswordSetBySomeoneElseMustBeChangedAndOnlyTheHoldersChangeClearsTheMark(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            UserDirectory first = directory(db, FAST_KDF, 5, at(T0));
            first.create(staff("jo"), "admin");
            assertTrue(first.account("jo").orElseThrow().mustChangePassword(), "created by an administrator");
            assertTrue(((LoginOutcome.Success) first.authenticate("jo", PASSWORD)).mustChangePassword());
            assertEquals(AccountException.Kind.INVALID, assertThrows(AccountException.class,
                    () -> first.create(staff("me"), "admin")).kind(), "'me' names /api/users/me");

            UserDirectory users = directory(db, FAST_KDF, 5, at(T0.plusSeconds(60)));
            users.changeOwnPassword("jo", PASSWORD.toCharArray(), "jo's own long passphrase".toCharArray());
            Account changed = users.account("jo").orElseThrow();
            assertFalse(changed.mustChangePassword());
            assertEquals(T0.plusSeconds(60), changed.passwordChangedAt(), "sessions opened before this instant end");
            assertFalse(((LoginOutcome.Success) users.authenticate("jo", "jo's own long passphrase")).mustChangePassword());

            users.resetPassword("jo", "reset by the admin".toCharArray(), "admin");
            assertTrue(users.account("jo").orElseThrow().mustChangePassword(), "an administrator's reset marks it again");
            users.resetPassword("jo", "reset by jo herself".toCharArray(), "jo");
            assertFalse(users.account("jo").orElseThrow().mustChangePassword(), "an admin resetting their own password chose it");
        }
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void changingOwnPasswordChecksTheCurrentOneLikeASignInAndIsAuditedWithoutPasswords(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            Clock clock = at(T0);
            JdbcAuditTrail trail = new JdbcAuditTrail(db.dataSource(), AuditKey.random(), clock);
            UserDirectory users = new UserDirectory(db.dataSource(), new PasswordHash(FAST_KDF),
                    new AccountSettings.Lockout(5, Duration.ofMinutes(15)), clock, trail);
            users.create(staff("lou"), "root");
            String next = "lou's next passphrase";

            AccountException wrong = assertThrows(AccountException.class,
                    () -> users.changeOwnPassword("lou", "a wrong guess".toCharArray(), next.toCharArray()));
            assertEquals(AccountException.Kind.WRONG_PASSWORD, wrong.kind());
            assertEquals("currentPassword", wrong.field());
            assertEquals(1, users.account("lou").orElseThrow().failedAttempts(), "counted like a failed sign-in");

            AccountException tooShort = assertThrows(AccountException.class,
                    () -> users.changeOwnPassword("lou", PASSWORD.toCharArray(), "short".toCharArray()));
            assertEquals(AccountException.Kind.INVALID, tooShort.kind());
            assertEquals("newPassword", tooShort.field());
            AccountException same = assertThrows(AccountException.class,
                    () -> users.changeOwnPassword("lou", PASSWORD.toCharArray(), PASSWORD.toCharArray()));
            assertEquals("newPassword", same.field());
            assertTrue(same.getMessage().contains("differ"), same.getMessage());
            assertEquals(AccountException.Kind.NOT_FOUND, assertThrows(AccountException.class,
                    () -> users.changeOwnPassword("nobody", PASSWORD.toCharArray(), next.toCharArray())).kind());

            // failures through sign-in and through the change form count together
            for (int i = 0; i < 3; i++) {
                users.authenticate("lou", "guess " + i);
            }
            AccountException fifth = assertThrows(AccountException.class,
                    () -> users.changeOwnPassword("lou", "fifth guess".toCharArray(), next.toCharArray()));
            assertTrue(fifth.getMessage().contains("locked"), fifth.getMessage());
            assertEquals(new LoginOutcome.Rejected(Reason.LOCKED), users.authenticate("lou", PASSWORD));
            assertEquals(AccountException.Kind.LOCKED, assertThrows(AccountException.class,
                    () -> users.changeOwnPassword("lou", PASSWORD.toCharArray(), next.toCharArray())).kind(),
                    "locked: even the right current password changes nothing");
            assertEquals(5, users.account("lou").orElseThrow().failedAttempts(), "attempts while locked are not counted");

            UserDirectory later = new UserDirectory(db.dataSource(), new PasswordHash(FAST_KDF),
                    new AccountSettings.Lockout(5, Duration.ofMinutes(15)), at(T0.plus(Duration.ofMinutes(16))), trail);
            later.changeOwnPassword("lou", PASSWORD.toCharArray(), next.toCharArray());
            assertEquals(0, later.account("lou").orElseThrow().failedAttempts());
            assertInstanceOf(LoginOutcome.Success.class, later.authenticate("lou", next));
            assertEquals(new LoginOutcome.Rejected(Reason.BAD_CREDENTIALS), later.authenticate("lou", PASSWORD));

            List<AuditRecord> changes = trail.list(AuditQuery.all()).records().reversed().stream()
                    .filter(r -> r.action() == AuditAction.USER_PASSWORD_CHANGE).toList();
            assertEquals(List.of("REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "OK"),
                    changes.stream().map(AuditRecord::outcome).toList());
            assertEquals(List.of("WRONG_PASSWORD", "INVALID", "INVALID", "NOT_FOUND", "WRONG_PASSWORD", "LOCKED"),
                    changes.subList(0, 6).stream().map(r -> r.detailJson().replaceAll(".*\"problem\":\"([A-Z_]+)\".*", "$1")).toList());
            assertEquals("lou", changes.getLast().actor(), "the holder is the actor");
            assertTrue(changes.getLast().detailJson().contains("\"required\":true"), changes.getLast().detailJson());
            for (AuditRecord r : trail.list(AuditQuery.all()).records()) {
                String all = r.toString();
                for (String secret : List.of(PASSWORD, next, "a wrong guess", "fifth guess", "short\"")) {
                    assertFalse(all.contains(secret), all);
                }
            }
        }
    }

    private static String storedHash(TestDatabase db, String user) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM user_account WHERE username = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }
}
