package io.gatehouse.web;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accounts through the real server on H2: administration over REST, validation problems, lockout with a
 * short configured duration, disabled users' tokens, the last-admin rule and the login audit.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsApiTest extends RealServerTest {

    private static final String DANA_PASSWORD = "dana's long passphrase";
    private static final String DANA_OWN = "the passphrase dana chose";

    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.put("gatehouse.accounts.lockout.duration", "1500ms");
        return p;
    }

    @Test
    void adminsCreateChangeDisableAndResetAccounts() throws SQLException {
        String admin = login("admin");
        Map<?, ?> created = client().retrieve(HttpRequest.POST("/api/users", Map.of("username", "dana", "password", DANA_PASSWORD,
                "roles", List.of("staff"), "clearance", "CONFIDENTIAL", "groups", List.of("finance"))).bearerAuth(admin), Map.class);
        assertEquals("dana", created.get("username"));
        assertEquals(List.of("STAFF"), created.get("roles"));
        assertEquals("CONFIDENTIAL", created.get("clearance"));
        assertEquals(true, created.get("enabled"));
        assertFalse(created.toString().contains("hash") || created.toString().contains(DANA_PASSWORD), created::toString);

        String hash = storedHash("dana");
        assertTrue(hash.startsWith("pbkdf2-sha256$600000$"), "PBKDF2 at OWASP's 600,000 iterations: " + hash.substring(0, 25));
        assertFalse(hash.contains(DANA_PASSWORD));

        // an administrator chose the password: dana must choose her own before anything else
        String setByAdmin = login("dana", DANA_PASSWORD);
        assertEquals(true, client().retrieve(HttpRequest.GET("/api/users/dana").bearerAuth(admin), Map.class).get("mustChangePassword"));
        HttpClientResponseException held = assertThrows(HttpClientResponseException.class,
                () -> client().exchange(HttpRequest.POST("/api/ask", Map.of("question", "mooring fees")).bearerAuth(setByAdmin), Map.class));
        assertEquals(403, held.getStatus().getCode());
        assertEquals("/problems/password-change-required", TestServer.problem(held).get("type"));
        String dana = changeOwnPassword("dana", DANA_PASSWORD, DANA_OWN);
        assertEquals(200, status(HttpRequest.POST("/api/ask", Map.of("question", "mooring fees")).bearerAuth(dana)));
        List<Map> all = client().retrieve(HttpRequest.GET("/api/users").bearerAuth(admin), Argument.listOf(Map.class));
        assertTrue(all.stream().anyMatch(u -> "dana".equals(u.get("username"))));

        Map<?, ?> changed = client().retrieve(HttpRequest.PATCH("/api/users/dana", Map.of("roles", List.of("STAFF", "COMPLIANCE"),
                "clearance", "INTERNAL")).bearerAuth(admin), Map.class);
        assertEquals("INTERNAL", changed.get("clearance"));
        assertEquals(List.of("finance"), changed.get("groups"), "unchanged fields stay");
        // Roles come from the database on every request: the same token now reaches the audit trail.
        assertEquals(200, status(HttpRequest.GET("/api/audit").bearerAuth(dana)));

        client().retrieve(HttpRequest.PATCH("/api/users/dana", Map.of("enabled", false)).bearerAuth(admin), Map.class);
        assertEquals(401, status(HttpRequest.POST("/api/ask", Map.of("question", "mooring fees")).bearerAuth(dana)),
                "a disabled user's still-valid token is refused");
        assertEquals(401, status(HttpRequest.GET("/api/audit").bearerAuth(dana)));
        assertEquals(401, status(loginRequest("dana", DANA_OWN)));
        assertEquals(false, client().retrieve(HttpRequest.GET("/api/users/dana").bearerAuth(admin), Map.class).get("enabled"));

        client().retrieve(HttpRequest.PATCH("/api/users/dana", Map.of("enabled", true)).bearerAuth(admin), Map.class);
        assertEquals(204, status(HttpRequest.POST("/api/users/dana/password", Map.of("password", "a fresh passphrase")).bearerAuth(admin)));
        assertEquals(401, status(loginRequest("dana", DANA_OWN)));
        login("dana", "a fresh passphrase");
        assertEquals(true, client().retrieve(HttpRequest.GET("/api/users/dana").bearerAuth(admin), Map.class).get("mustChangePassword"),
                "reset by an administrator: dana must choose again");

        String compliance = login("compliance");
        for (String action : List.of("USER_CREATE", "USER_UPDATE", "USER_PASSWORD_RESET")) {
            Map<?, ?> page = client().retrieve(HttpRequest.GET("/api/audit?action=" + action + "&user=admin").bearerAuth(compliance), Map.class);
            List<?> records = (List<?>) page.get("records");
            assertTrue(records.stream().anyMatch(r -> "dana".equals(((Map<?, ?>) r).get("subject"))), action + " recorded: " + records);
        }
        String failures = client().retrieve(HttpRequest.GET("/api/audit?action=LOGIN_FAILURE&user=dana").bearerAuth(compliance), String.class);
        assertTrue(failures.contains("disabled") && failures.contains("bad-credentials"), failures);
        String trail = client().retrieve(HttpRequest.GET("/api/audit?size=500").bearerAuth(compliance), String.class);
        assertFalse(trail.contains(DANA_PASSWORD) || trail.contains(DANA_OWN) || trail.contains("a fresh passphrase"),
                "no record holds a password");
    }

    @Test
    void invalidRequestsNameTheFieldAndUnknownOrDuplicateUsersAreSaid() {
        String admin = login("admin");
        assertProblem(400, "username", HttpRequest.POST("/api/users", user("Bad Name", "long enough password", List.of("STAFF"))));
        assertProblem(400, "username", HttpRequest.POST("/api/users", user("x".repeat(65), "long enough password", List.of("STAFF"))));
        assertProblem(400, "password", HttpRequest.POST("/api/users", user("erin", "too short", List.of("STAFF"))));
        assertProblem(400, "roles", HttpRequest.POST("/api/users", user("erin", "long enough password", List.of())));
        assertProblem(400, "roles", HttpRequest.POST("/api/users", user("erin", "long enough password", List.of("WIZARD"))));
        Map<String, Object> noClearance = new HashMap<>(user("erin", "long enough password", List.of("STAFF")));
        noClearance.put("clearance", "SECRETISH");
        assertProblem(400, "clearance", HttpRequest.POST("/api/users", noClearance));
        assertEquals(201, status(HttpRequest.POST("/api/users", user("erin", "long enough password", List.of("STAFF"))).bearerAuth(admin)));
        assertProblem(409, null, HttpRequest.POST("/api/users", user("erin", "another long password", List.of("STAFF"))));
        assertProblem(404, null, HttpRequest.GET("/api/users/nobody"));
        assertProblem(404, null, HttpRequest.PATCH("/api/users/nobody", Map.of("enabled", false)));
        assertProblem(404, null, HttpRequest.POST("/api/users/nobody/password", Map.of("password", "long enough password")));
        assertProblem(400, "password", HttpRequest.POST("/api/users/erin/password", Map.of("password", "short")));
        assertProblem(400, "roles", HttpRequest.PATCH("/api/users/erin", Map.of("roles", List.of())));
    }

    @Test
    void theLastEnabledAdministratorCannotBeDisabledOrDemoted() {
        String admin = login("admin");
        assertProblem(409, null, HttpRequest.PATCH("/api/users/admin", Map.of("enabled", false)));
        assertProblem(409, null, HttpRequest.PATCH("/api/users/admin", Map.of("roles", List.of("STAFF"))));
        client().retrieve(HttpRequest.POST("/api/users", Map.of("username", "root2", "password", "root2 long password",
                "roles", List.of("ADMIN"), "clearance", "RESTRICTED")).bearerAuth(admin), Map.class);
        String root2 = changeOwnPassword("root2", "root2 long password", "root2's own passphrase");
        // With a second administrator, the first may be disabled (by the second), then comes back.
        client().retrieve(HttpRequest.PATCH("/api/users/admin", Map.of("enabled", false)).bearerAuth(root2), Map.class);
        MutableHttpRequest<?> selfDisable = HttpRequest.PATCH("/api/users/root2", Map.of("enabled", false)).bearerAuth(root2);
        HttpClientResponseException last = assertThrows(HttpClientResponseException.class, () -> client().exchange(selfDisable, Map.class));
        assertEquals(409, last.getStatus().getCode());
        client().retrieve(HttpRequest.PATCH("/api/users/admin", Map.of("enabled", true)).bearerAuth(root2), Map.class);
        client().retrieve(HttpRequest.PATCH("/api/users/root2", Map.of("roles", List.of("STAFF"))).bearerAuth(login("admin")), Map.class);
        assertEquals(403, status(HttpRequest.GET("/api/users").bearerAuth(root2)), "demoted at once, same token");
    }

    @Test
    void fiveFailuresLockTheAccountUntilTheDurationEndsAndEveryAttemptIsAudited() throws InterruptedException {
        String admin = login("admin");
        String password = "lock test passphrase";
        client().retrieve(HttpRequest.POST("/api/users", user("lee", password, List.of("STAFF"))).bearerAuth(admin), Map.class);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, status(loginRequest("lee", "wrong password " + i)));
        }
        assertEquals(401, status(loginRequest("lee", password)), "locked: the right password is refused");
        assertEquals(401, status(loginRequest("nobody-" + System.nanoTime(), password)));
        Thread.sleep(1_700); // the configured lockout is 1.5 s
        login("lee", password);

        String compliance = login("compliance");
        List<?> failures = (List<?>) client().retrieve(HttpRequest.GET("/api/audit?action=LOGIN_FAILURE&user=lee&size=50")
                .bearerAuth(compliance), Map.class).get("records");
        List<String> reasons = failures.stream().map(r -> ((Map<?, ?>) r).get("detail").toString()).toList();
        assertEquals(5, reasons.stream().filter(d -> d.contains("bad-credentials")).count(), reasons::toString);
        assertEquals(1, reasons.stream().filter(d -> d.contains("locked")).count(), reasons::toString);
        Map<?, ?> successes = client().retrieve(HttpRequest.GET("/api/audit?action=LOGIN_SUCCESS&user=lee").bearerAuth(compliance), Map.class);
        assertEquals(1, ((Number) successes.get("total")).intValue());
        String unknown = client().retrieve(HttpRequest.GET("/api/audit?action=LOGIN_FAILURE&text=nobody-").bearerAuth(compliance), String.class);
        assertTrue(unknown.contains("bad-credentials"), unknown);
        String trail = client().retrieve(HttpRequest.GET("/api/audit?size=500").bearerAuth(compliance), String.class);
        assertFalse(trail.contains(password) || trail.contains("wrong password"), "no record holds a password");
        assertEquals(0, ((Number) client().retrieve(HttpRequest.GET("/api/users/lee").bearerAuth(admin), Map.class)
                .get("failedAttempts")).intValue());
    }

    @Test
    void concurrentWrongPasswordsAreAllCounted() {
        String admin = login("admin");
        client().retrieve(HttpRequest.POST("/api/users", user("max", "max's long passphrase", List.of("STAFF"))).bearerAuth(admin), Map.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Integer>> attempts = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> status(loginRequest("max", "guess " + i)), pool)).toList();
            attempts.forEach(a -> assertEquals(401, a.join()));
        } finally {
            pool.shutdownNow();
        }
        Map<?, ?> max = client().retrieve(HttpRequest.GET("/api/users/max").bearerAuth(admin), Map.class);
        assertEquals(4, ((Number) max.get("failedAttempts")).intValue());
        assertNull(max.get("lockedUntil"));
    }

    private static Map<String, Object> user(String name, String password, List<String> roles) {
        return Map.of("username", name, "password", password, "roles", roles, "clearance", "INTERNAL");
    }

    private void assertProblem(int status, String field, MutableHttpRequest<?> request) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client().exchange(request.bearerAuth(login("admin")), Map.class));
        assertEquals(status, e.getStatus().getCode(), request.getPath());
        Map<?, ?> problem = TestServer.problem(e);
        assertTrue(problem.get("type").toString().startsWith("/problems/account/"), problem::toString);
        assertEquals(field, problem.get("field"), problem::toString);
    }

    /** The holder of an account an administrator set up replaces its password; returns a token issued after. */
    private String changeOwnPassword(String user, String current, String chosen) {
        String token = login(user, current);
        assertEquals(204, status(HttpRequest.POST("/api/users/me/password", Map.of("currentPassword", current, "newPassword", chosen))
                .bearerAuth(token)));
        return login(user, chosen);
    }

    private String login(String user, String password) {
        Map<?, ?> body = client().retrieve(loginRequest(user, password), Map.class);
        return (String) body.get("access_token");
    }

    private static MutableHttpRequest<?> loginRequest(String user, String password) {
        return HttpRequest.POST("/api/auth/login", Map.of("username", user, "password", password));
    }

    private int status(MutableHttpRequest<?> req) {
        try {
            return client().exchange(req, String.class).getStatus().getCode();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private String storedHash(String user) throws SQLException {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM user_account WHERE username = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }
}
