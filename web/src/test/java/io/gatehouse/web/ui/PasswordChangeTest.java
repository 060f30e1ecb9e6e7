package io.gatehouse.web.ui;

import io.gatehouse.web.TestServerProperties;
import io.gatehouse.web.security.UserDirectory;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changing one's own password through the real server on H2: the /account page and
 * {@code POST /api/users/me/password}, the end of other sessions and older bearer tokens, the lockout
 * shared with sign-in, the forced change after an administrator set the password, and an audit export
 * that holds no password. Each test uses its own account.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordChangeTest implements TestPropertyProvider {

    private static final String ME = "/api/users/me/password";

    @Inject
    EmbeddedServer server;

    @Inject
    UserDirectory users;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return TestServerProperties.fresh();
    }

    private FormClient browser() {
        return new FormClient(server.getURI());
    }

    @Test
    void thePageChangesThePasswordKeepsThisBrowserSignedInAndEndsEveryOtherSession() throws Exception {
        String newPassword = "staff's very own passphrase";
        FormClient mine = browser();
        assertEquals(303, mine.signIn("staff", "staff-demo").statusCode());
        FormClient other = browser();
        assertEquals(303, other.signIn("staff", "staff-demo").statusCode());
        String oldToken = token("staff", "staff-demo");
        String oldCookie = mine.cookies().get("gh_session");
        awaitNextSecond(); // bearer tokens carry whole seconds: the change must come in a later one

        Document ask = Jsoup.parse(mine.get("/ask").body());
        assertEquals("/account", ask.getElementById("account-link").attr("href"), "the header links to the account page");
        Document page = Jsoup.parse(mine.get("/account").body());
        assertNotNull(page.getElementById("change-password-form"));
        assertTrue(page.select("script:not([src]), [style]").isEmpty(), "no inline script or style (strict CSP)");
        String csrf = page.selectFirst("#change-password-form input[name=_csrf]").val();

        HttpResponse<String> r = mine.postForm("/account", Map.of("_csrf", csrf, "currentPassword", "staff-demo",
                "newPassword", newPassword, "repeatPassword", newPassword + "!"));
        assertEquals(400, r.statusCode());
        assertNotNull(Jsoup.parse(r.body()).getElementById("repeat-password-error"));
        assertFalse(r.body().contains(newPassword), "no password is sent back");

        r = mine.postForm("/account", Map.of("_csrf", csrf, "currentPassword", "staff-demo",
                "newPassword", "staff-demo", "repeatPassword", "staff-demo"));
        assertEquals(400, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("new-password-error").text().contains("at least"), r.body());

        r = mine.postForm("/account", Map.of("_csrf", csrf, "currentPassword", "staff-demo",
                "newPassword", newPassword, "repeatPassword", newPassword));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/account?done=changed", r.headers().firstValue("location").orElseThrow());
        String renewed = mine.cookies().get("gh_session");
        assertNotNull(renewed);
        assertNotEquals(oldCookie, renewed, "a fresh session for this browser");
        Document done = Jsoup.parse(mine.get("/account?done=changed").body());
        assertTrue(done.getElementById("account-notice").text().contains("changed"), done.text());
        assertEquals(200, mine.get("/ask").statusCode(), "this browser stays signed in");

        assertEquals(303, other.get("/ask").statusCode(), "the other browser's session is over");
        FormClient replay = browser();
        replay.cookies().put("gh_session", oldCookie);
        assertEquals(303, replay.get("/ask").statusCode(), "the old cookie of this browser is over too");
        assertEquals(401, ask(oldToken).statusCode(), "a bearer token from before is over");

        assertEquals(401, browser().signIn("staff", "staff-demo").statusCode());
        assertEquals(303, browser().signIn("staff", newPassword).statusCode());
        assertEquals(200, ask(token("staff", newPassword)).statusCode());
    }

    @Test
    void aWrongCurrentPasswordIsRefusedByNameAndCountsTowardTheLockoutLikeASignIn() throws Exception {
        // the page's browser signs in first: a successful sign-in resets the failure count
        FormClient page = browser();
        assertEquals(303, page.signIn("analyst", "analyst-demo").statusCode());
        String token = token("analyst", "analyst-demo");
        String next = "analyst's next passphrase";
        Map<?, ?> p = problem(api("POST", ME, Map.of("currentPassword", "not it", "newPassword", next), token), 403);
        assertEquals("/problems/account/wrong-password", p.get("type"));
        assertEquals("currentPassword", p.get("field"));
        assertEquals(1, users.account("analyst").orElseThrow().failedAttempts());

        p = problem(api("POST", ME, Map.of("currentPassword", "analyst-demo", "newPassword", "short"), token), 400);
        assertEquals("/problems/account/invalid", p.get("type"));
        assertEquals("newPassword", p.get("field"));
        p = problem(api("POST", ME, Map.of("currentPassword", "analyst-demo"), token), 400);
        assertEquals("newPassword", p.get("field"));

        // the page's wrong answers count the same way
        String csrf = FormClient.csrfOf(page.get("/account").body());
        HttpResponse<String> r = page.postForm("/account", Map.of("_csrf", csrf, "currentPassword", "still not it",
                "newPassword", next, "repeatPassword", next));
        assertEquals(403, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("current-password-error").text().contains("wrong"), r.body());
        assertEquals(2, users.account("analyst").orElseThrow().failedAttempts());

        api("POST", ME, Map.of("currentPassword", "guess three", "newPassword", next), token);
        assertEquals(401, browser().signIn("analyst", "guess four").statusCode());
        p = problem(api("POST", ME, Map.of("currentPassword", "guess five", "newPassword", next), token), 403);
        assertTrue(p.get("detail").toString().contains("locked"), p::toString);
        assertEquals(5, users.account("analyst").orElseThrow().failedAttempts());
        assertTrue(users.account("analyst").orElseThrow().lockedAt(Instant.now()));

        assertEquals(401, browser().signIn("analyst", "analyst-demo").statusCode(), "locked: sign-in refused");
        p = problem(api("POST", ME, Map.of("currentPassword", "analyst-demo", "newPassword", next), token), 403);
        assertEquals("/problems/account/locked", p.get("type"), "locked: no change with the right password either");
        assertEquals(200, ask(token).statusCode(), "a lockout stops sign-ins, not the session");
    }

    @Test
    void anAccountAnAdministratorSetUpMustChangeItsPasswordBeforeAnythingElse() throws Exception {
        String admin = token("admin", "admin-demo");
        String first = "set by the administrator";
        assertEquals(201, api("POST", "/api/users", Map.of("username", "nurse.kim", "password", first,
                "roles", List.of("STAFF"), "clearance", "INTERNAL"), admin).statusCode());
        assertEquals(true, json.readValue(api("GET", "/api/users/nurse.kim", null, admin).body(), Map.class).get("mustChangePassword"));

        FormClient kim = browser();
        HttpResponse<String> r = kim.signIn("nurse.kim", first);
        assertEquals(303, r.statusCode());
        assertEquals("/account", r.headers().firstValue("location").orElseThrow(), "sent to the change page");
        for (String path : List.of("/ask", "/history", "/", "/ask?q=anything")) {
            r = kim.get(path);
            assertEquals(303, r.statusCode(), path);
            assertEquals("/account", r.headers().firstValue("location").orElseThrow(), path);
        }
        Document page = Jsoup.parse(kim.get("/account").body());
        assertNotNull(page.getElementById("password-required"));
        String csrf = FormClient.csrfOf(page.outerHtml());
        r = kim.send(HttpRequest.newBuilder(kim.base().resolve("/api/ask")).header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"visiting hours\"}")));
        assertRequired(r);

        String token = token("nurse.kim", first);
        assertRequired(ask(token));
        assertRequired(api("POST", "/api/ask", Map.of("question", "visiting hours"), token));
        String basic = "Basic " + Base64.getEncoder().encodeToString(("nurse.kim:" + first).getBytes(StandardCharsets.UTF_8));
        assertRequired(send(HttpRequest.newBuilder(server.getURI().resolve("/api/ask")).header("Authorization", basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"visiting hours\"}"))));
        assertRequired(api("GET", "/api/users", null, token)); // not a staff call at all: still the password first

        // changed over the API: the gate lifts for new tokens, and the browser session from before is over
        String own = "kim's own passphrase 7";
        assertEquals(204, api("POST", ME, Map.of("currentPassword", first, "newPassword", own), token).statusCode());
        assertEquals(303, kim.get("/ask").statusCode());
        assertTrue(kim.get("/ask").headers().firstValue("location").orElseThrow().startsWith("/login"));
        assertEquals(200, ask(token("nurse.kim", own)).statusCode());
        FormClient again = browser();
        r = again.signIn("nurse.kim", own);
        assertEquals("/ask", r.headers().firstValue("location").orElseThrow());
        assertEquals(200, again.get("/ask").statusCode());
        assertEquals(false, json.readValue(api("GET", "/api/users/nurse.kim", null, admin).body(), Map.class).get("mustChangePassword"));

        // an administrator's reset puts the account back behind the gate; the page then lets the user through
        String reset = "reset by the administrator";
        assertEquals(204, api("POST", "/api/users/nurse.kim/password", Map.of("password", reset), admin).statusCode());
        FormClient afterReset = browser();
        assertEquals("/account", afterReset.signIn("nurse.kim", reset).headers().firstValue("location").orElseThrow());
        assertEquals(303, afterReset.get("/ask").statusCode());
        String chosen = "kim chose this one too";
        csrf = FormClient.csrfOf(afterReset.get("/account").body());
        r = afterReset.postForm("/account", Map.of("_csrf", csrf, "currentPassword", reset, "newPassword", chosen,
                "repeatPassword", chosen));
        assertEquals(303, r.statusCode(), r.body());
        Document done = Jsoup.parse(afterReset.get("/account?done=changed").body());
        assertTrue(done.getElementById("password-required") == null, "the requirement is met");
        assertEquals("/ask", done.getElementById("account-continue").attr("href"));
        assertEquals(200, afterReset.get("/ask").statusCode());
    }

    @Test
    void theApiChangeRenewsTheCallingBrowsersSessionAndEveryChangeIsAuditedWithoutAPassword() throws Exception {
        String own = "compliance officer's own passphrase";
        FormClient officer = browser();
        assertEquals(303, officer.signIn("compliance", "compliance-demo").statusCode());
        String before = officer.cookies().get("gh_session");
        String csrf = FormClient.csrfOf(officer.get("/audit").body());
        HttpResponse<String> r = officer.send(HttpRequest.newBuilder(officer.base().resolve(ME))
                .header("Content-Type", "application/json").header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("currentPassword", "wrong one",
                        "newPassword", own)))));
        assertEquals(403, r.statusCode());
        r = officer.send(HttpRequest.newBuilder(officer.base().resolve(ME))
                .header("Content-Type", "application/json").header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("currentPassword", "compliance-demo",
                        "newPassword", own)))));
        assertEquals(204, r.statusCode(), r.body());
        assertNotEquals(before, officer.cookies().get("gh_session"), "the browser got a fresh session with the 204");
        assertEquals(200, officer.get("/audit").statusCode(), "and stays signed in");

        String export = officer.send(HttpRequest.newBuilder(officer.base().resolve("/api/audit/export?format=jsonl")).GET()).body();
        List<String> changes = export.lines().filter(l -> l.contains("USER_PASSWORD_CHANGE")).toList();
        assertTrue(changes.stream().anyMatch(l -> l.contains("\"compliance\"") && l.contains("\"OK\"")), export);
        assertTrue(changes.stream().anyMatch(l -> l.contains("\"compliance\"") && l.contains("WRONG_PASSWORD")), export);
        for (String secret : List.of(own, "compliance-demo", "wrong one")) {
            assertFalse(export.contains(secret), "the audit export holds no password: " + secret);
        }
    }

    /** A question, the one API call a staff member has. */
    private HttpResponse<String> ask(String token) throws IOException {
        return api("POST", "/api/ask", Map.of("question", "what are the visiting hours?"), token);
    }

    @Test
    void bothWaysToChangeAPasswordNeedASignedInUser() throws Exception {
        HttpResponse<String> r = browser().get("/account");
        assertEquals(303, r.statusCode());
        assertEquals("/login?next=%2Faccount", r.headers().firstValue("location").orElseThrow());
        r = api("POST", ME, Map.of("currentPassword", "admin-demo", "newPassword", "a takeover attempt"), null);
        assertEquals(401, r.statusCode(), r.body());
        FormClient anonymous = browser();
        String csrf = FormClient.csrfOf(anonymous.get("/login").body());
        r = anonymous.postForm("/account", Map.of("_csrf", csrf, "currentPassword", "admin-demo",
                "newPassword", "a takeover attempt", "repeatPassword", "a takeover attempt"));
        assertEquals(303, r.statusCode());
        assertTrue(r.headers().firstValue("location").orElseThrow().startsWith("/login"));
        assertEquals(303, browser().signIn("admin", "admin-demo").statusCode(), "nothing changed");
    }

    private static void assertRequired(HttpResponse<String> r) {
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/problem+json"));
        assertTrue(r.body().contains("\"/problems/password-change-required\""), r.body());
    }

    private Map<?, ?> problem(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/problem+json"));
        return json.readValue(r.body(), Map.class);
    }

    private String token(String user, String password) throws IOException {
        HttpResponse<String> r = api("POST", "/api/auth/login", Map.of("username", user, "password", password), null);
        assertEquals(200, r.statusCode(), r.body());
        return (String) json.readValue(r.body(), Map.class).get("access_token");
    }

    private HttpResponse<String> api(String method, String path, Object body, String token) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve(path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    /** Through a client without cookies: what an API integration is. */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        return browser().send(request);
    }

    /** Waits until the clock enters its next whole second. */
    private static void awaitNextSecond() throws InterruptedException {
        long now = System.currentTimeMillis();
        Thread.sleep(1_000 - now % 1_000 + 20);
    }
}
