package io.gatehouse.web.ui;

import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.web.TestServerProperties;
import io.gatehouse.web.security.NewAccount;
import io.gatehouse.web.security.UserDirectory;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-in, sessions, sign-out and CSRF refusal, through a real server and a cookie-keeping client. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionAndCsrfTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    AuditTrail audit;

    @Inject
    UserDirectory users;

    @Override
    public Map<String, String> getProperties() {
        return TestServerProperties.fresh();
    }

    private FormClient client() {
        return new FormClient(server.getURI());
    }

    @Test
    void aPageWithoutSessionRedirectsToSignInAndBack() {
        FormClient c = client();
        HttpResponse<String> r = c.get("/audit");
        assertEquals(303, r.statusCode());
        assertEquals("/login?next=%2Faudit", r.headers().firstValue("location").orElseThrow());
        String token = FormClient.csrfOf(c.get("/login?next=%2Faudit").body());
        r = c.postForm("/login", Map.of("_csrf", token, "username", "compliance", "password", "compliance-demo", "next", "/audit"));
        assertEquals(303, r.statusCode());
        assertEquals("/audit", r.headers().firstValue("location").orElseThrow());
    }

    @Test
    void signInSetsHardenedCookiesAndSignOutEndsTheSession() {
        FormClient c = client();
        HttpResponse<String> r = c.signIn("staff", "staff-demo");
        assertEquals(303, r.statusCode());
        assertEquals("/ask", r.headers().firstValue("location").orElseThrow());
        String session = c.lastSetCookies().stream().filter(s -> s.startsWith("gh_session=")).findFirst().orElseThrow();
        String lower = session.toLowerCase();
        assertTrue(lower.contains("httponly"), session);
        assertTrue(lower.contains("secure"), session);
        assertTrue(lower.contains("samesite=lax"), session);
        assertTrue(lower.contains("path=/"), session);
        String csrfCookie = c.lastSetCookies().stream().filter(s -> s.startsWith("gh_csrf=")).findFirst().orElseThrow().toLowerCase();
        assertTrue(csrfCookie.contains("httponly") && csrfCookie.contains("secure") && csrfCookie.contains("samesite=strict"), csrfCookie);

        HttpResponse<String> ask = c.get("/ask");
        assertEquals(200, ask.statusCode());
        assertTrue(ask.body().contains("Signed in as"), "the page knows who is signed in");
        String stolen = c.cookies().get("gh_session");

        r = c.postForm("/logout", Map.of("_csrf", FormClient.csrfOf(ask.body())));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(303, c.get("/ask").statusCode(), "signed out");
        // the old cookie value is dead on the server, not just forgotten by this browser
        FormClient replay = client();
        replay.cookies().put("gh_session", stolen);
        assertEquals(303, replay.get("/ask").statusCode());
    }

    @Test
    void disablingAnAccountOrResettingItsPasswordEndsItsSessions() {
        FormClient admin = client();
        assertEquals(303, admin.signIn("admin", "admin-demo").statusCode());
        String adminToken = FormClient.csrfOf(admin.get("/login").body());
        FormClient analyst = client();
        assertEquals(303, analyst.signIn("analyst", "analyst-demo").statusCode());
        assertEquals(200, analyst.get("/ask").statusCode());

        HttpResponse<String> reset = admin.send(HttpRequest.newBuilder(admin.base().resolve("/api/users/analyst/password"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", adminToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"a-brand-new-passphrase\"}")));
        assertEquals(204, reset.statusCode(), reset.body());
        assertEquals(303, analyst.get("/ask").statusCode(), "the session opened before the reset is over");
        HttpResponse<String> again = analyst.signIn("analyst", "a-brand-new-passphrase");
        assertEquals("/account", again.headers().firstValue("location").orElseThrow(), "the admin chose it: change it first");
        assertEquals(200, analyst.get("/account").statusCode());

        HttpResponse<String> disable = admin.send(HttpRequest.newBuilder(admin.base().resolve("/api/users/analyst"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", adminToken)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")));
        assertEquals(200, disable.statusCode(), disable.body());
        HttpResponse<String> after = analyst.get("/account");
        assertEquals(303, after.statusCode(), "a disabled account's session is over");
        assertTrue(after.headers().firstValue("location").orElseThrow().startsWith("/login"));
    }

    @Test
    void wrongPasswordRendersTheFormAgainWithAnErrorAndIsAudited() {
        FormClient c = client();
        HttpResponse<String> r = c.signIn("compliance", "not-the-password");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("id=\"login-error\""));
        assertFalse(r.body().contains("not-the-password"), "the password is not echoed back");
        assertFalse(c.cookies().containsKey("gh_session"));
        assertEquals(303, c.signIn("compliance", "compliance-demo").statusCode());

        List<AuditRecord> logins = audit.list(new AuditQuery(null, null, "compliance", null, null, null, null, 0, 50)).records();
        assertTrue(logins.stream().anyMatch(a -> a.action() == AuditAction.LOGIN_FAILURE
                && a.detailJson().contains("bad-credentials")), "the failed attempt is in the trail with its reason");
        assertTrue(logins.stream().anyMatch(a -> a.action() == AuditAction.LOGIN_SUCCESS));
        assertTrue(logins.stream().noneMatch(a -> a.detailJson().contains("not-the-password")
                || a.detailJson().contains("compliance-demo")), "no password in the trail");
    }

    @Test
    void aFailedBasicAuthenticationIsAuditedLikeAFailedSignIn() {
        FormClient c = client();
        String basic = java.util.Base64.getEncoder().encodeToString("analyst:guessed-password".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(c.base().resolve("/api/documents"))
                .header("Authorization", "Basic " + basic).GET());
        assertEquals(401, r.statusCode());
        List<AuditRecord> failures = audit.list(new AuditQuery(null, null, "analyst", AuditAction.LOGIN_FAILURE, null, null,
                null, 0, 50)).records();
        assertEquals(1, failures.size());
        assertTrue(failures.getFirst().detailJson().contains("bad-credentials"));
        assertFalse(failures.getFirst().detailJson().contains("guessed-password"));
    }

    @Test
    void repeatedFailuresLockTheAccountAndTheFormSaysSo() {
        users.create(new NewAccount("lockme", "a-long-enough-password".toCharArray(), Set.of(Role.STAFF), Tier.PUBLIC,
                Set.of()), "test");
        FormClient c = client();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, c.signIn("lockme", "wrong-" + i).statusCode());
        }
        HttpResponse<String> r = c.signIn("lockme", "a-long-enough-password");
        assertEquals(401, r.statusCode(), "locked: even the right password is refused");
        assertTrue(r.body().contains("locked"), r.body());
        assertFalse(c.cookies().containsKey("gh_session"));
    }

    @Test
    void formsWithoutAValidCsrfTokenAreRefused() {
        FormClient c = client();
        c.get("/login");
        // sign-in form without the token: refused before the password is even checked
        HttpResponse<String> r = c.postForm("/login", Map.of("username", "staff", "password", "staff-demo"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("CSRF"));
        assertTrue(r.body().contains("The form has expired"), "a person gets a page saying what to do");
        r = c.postForm("/login", Map.of("_csrf", "forged", "username", "staff", "password", "staff-demo"));
        assertEquals(403, r.statusCode());

        assertEquals(303, c.signIn("staff", "staff-demo").statusCode());
        // signed in: a state-changing form or API call without the token is refused
        assertEquals(403, c.postForm("/logout", Map.of()).statusCode());
        assertEquals(403, c.postForm("/ask", Map.of("question", "what is the leave policy?")).statusCode());
        HttpResponse<String> api = c.send(HttpRequest.newBuilder(c.base().resolve("/api/ask"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"what is the leave policy?\"}")));
        assertEquals(403, api.statusCode(), "the session cookie alone does not authorise a cross-site API call");
        assertTrue(api.headers().firstValue("content-type").orElseThrow().startsWith("application/problem+json"));
        // a token made for another browser's cookie does not fit this one
        String othersToken = FormClient.csrfOf(client().get("/login").body());
        assertEquals(403, c.postForm("/logout", Map.of("_csrf", othersToken)).statusCode());
        // with the page's token the same request goes through
        String token = FormClient.csrfOf(c.get("/ask").body());
        api = c.send(HttpRequest.newBuilder(c.base().resolve("/api/ask"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"what is the leave policy?\"}")));
        assertEquals(200, api.statusCode(), api.body());
    }

    @Test
    void browsersGetErrorPagesAndApiClientsProblemJson() {
        FormClient c = client();
        assertEquals(303, c.signIn("staff", "staff-demo").statusCode());
        HttpResponse<String> page = c.get("/no-such-page");
        assertEquals(404, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("There is no such page."), page.body());
        HttpResponse<String> api = c.send(HttpRequest.newBuilder(c.base().resolve("/api/no-such-endpoint"))
                .header("Accept", "application/json").GET());
        assertEquals(404, api.statusCode());
        assertTrue(api.headers().firstValue("content-type").orElseThrow().startsWith("application/problem+json"));
    }

    @Test
    void openRedirectsThroughNextAreIgnored() {
        FormClient c = client();
        String token = FormClient.csrfOf(c.get("/login").body());
        HttpResponse<String> r = c.postForm("/login", Map.of("_csrf", token, "username", "staff", "password", "staff-demo",
                "next", "//evil.example/steal"));
        assertEquals("/ask", r.headers().firstValue("location").orElseThrow());
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        HttpResponse<String> r = client().get("/login");
        String csp = r.headers().firstValue("content-security-policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("no-store", r.headers().firstValue("cache-control").orElseThrow());
        assertEquals("DENY", r.headers().firstValue("x-frame-options").orElseThrow());
    }
}
