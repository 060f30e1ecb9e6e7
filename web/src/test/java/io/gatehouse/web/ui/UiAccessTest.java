package io.gatehouse.web.ui;

import io.gatehouse.web.TestServerProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorisation matrix of the web UI: every page and form, with every role and with no session. Only
 * the intended role gets through; another role gets 403, and no session is sent to sign in. Forms are
 * posted with a valid CSRF token, so a refusal here is the role check, not the CSRF check. (The REST
 * API's matrix is in AuditAndAccessTest.)
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiAccessTest implements TestPropertyProvider {

    private static final String STAFF = "STAFF";
    private static final String COMPLIANCE = "COMPLIANCE";
    private static final String ADMIN = "ADMIN";

    private record Entry(String method, String path, String role) {
    }

    private static final List<Entry> PAGES = List.of(
            new Entry("GET", "/ask", STAFF),
            new Entry("POST", "/ask", STAFF),
            new Entry("GET", "/history", STAFF),
            new Entry("GET", "/passages/no-such-chunk", STAFF),
            new Entry("GET", "/audit", COMPLIANCE),
            new Entry("GET", "/audit/1", COMPLIANCE),
            new Entry("POST", "/audit/verify", COMPLIANCE),
            new Entry("GET", "/admin", ADMIN),
            new Entry("GET", "/admin/jobs/no-such-job", ADMIN),
            new Entry("GET", "/admin/jobs/no-such-job/progress", ADMIN),
            new Entry("POST", "/admin/documents/no-such-document/tier", ADMIN),
            new Entry("GET", "/admin/documents/no-such-document/delete", ADMIN),
            new Entry("POST", "/admin/documents/no-such-document/delete", ADMIN),
            new Entry("GET", "/admin/users", ADMIN),
            new Entry("POST", "/admin/users", ADMIN),
            new Entry("GET", "/admin/users/staff", ADMIN),
            new Entry("POST", "/admin/users/nobody", ADMIN),
            new Entry("POST", "/admin/users/nobody/password", ADMIN),
            new Entry("GET", "/admin/policy", ADMIN),
            new Entry("POST", "/admin/policy", ADMIN),
            new Entry("POST", "/admin/policy/simulate", ADMIN));

    private static final Map<String, String> USERS = Map.of(STAFF, "staff", COMPLIANCE, "compliance", ADMIN, "admin");

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return TestServerProperties.fresh();
    }

    @Test
    void everyPageAdmitsItsRoleOnly() {
        Map<String, FormClient> signedIn = new LinkedHashMap<>();
        for (var e : USERS.entrySet()) {
            FormClient c = new FormClient(server.getURI());
            assertEquals(303, c.signIn(e.getValue(), e.getValue() + "-demo").statusCode());
            signedIn.put(e.getKey(), c);
        }
        List<String> wrong = new ArrayList<>();
        for (Entry page : PAGES) {
            for (var who : signedIn.entrySet()) {
                HttpResponse<String> r = call(who.getValue(), page);
                boolean refused = r.statusCode() == 403 || r.statusCode() == 401 || redirectsToSignIn(r);
                boolean intended = who.getKey().equals(page.role());
                if (intended == refused) {
                    wrong.add(page.method() + " " + page.path() + " as " + who.getKey() + ": " + r.statusCode());
                }
                if (!intended && r.statusCode() == 403) {
                    assertTrue(r.body().contains("Not allowed"), "a refused page says why: " + page);
                }
            }
            HttpResponse<String> anonymous = call(new FormClient(server.getURI()), page);
            if (!redirectsToSignIn(anonymous) && anonymous.statusCode() != 401 && anonymous.statusCode() != 403) {
                wrong.add(page.method() + " " + page.path() + " with no session: " + anonymous.statusCode());
            }
        }
        assertTrue(wrong.isEmpty(), "unexpected access: " + wrong);
    }

    @Test
    void theNavigationOffersOnlyTheRolesPages() {
        Map<String, Set<String>> expected = Map.of(
                STAFF, Set.of("/ask", "/history"),
                COMPLIANCE, Set.of("/audit"),
                ADMIN, Set.of("/admin", "/admin/users", "/admin/policy"));
        for (var e : USERS.entrySet()) {
            FormClient c = new FormClient(server.getURI());
            String home = c.signIn(e.getValue(), e.getValue() + "-demo").headers().firstValue("location").orElseThrow();
            var links = org.jsoup.Jsoup.parse(c.get(home).body()).select("nav[aria-label=Main] a").eachAttr("href");
            assertEquals(expected.get(e.getKey()), Set.copyOf(links), e.getKey());
        }
    }

    private static HttpResponse<String> call(FormClient c, Entry page) {
        if (page.method().equals("GET")) {
            return c.get(page.path());
        }
        String token = FormClient.csrfOf(c.get("/login").body());
        return c.postForm(page.path(), Map.of("_csrf", token));
    }

    private static boolean redirectsToSignIn(HttpResponse<String> r) {
        return r.statusCode() == 303 && r.headers().firstValue("location").orElse("").startsWith("/login");
    }
}
