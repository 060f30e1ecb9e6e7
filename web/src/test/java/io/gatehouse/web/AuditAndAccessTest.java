package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One audit record per ask and per upload, carrying the decision; and every endpoint admits only its roles. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditAndAccessTest extends RealServerTest {

    @Inject
    Router router;

    /**
     * The OpenAPI description is generated from the controllers at compile time; this checks it is served
     * and names every REST route the running server has, each with the right methods, so a new endpoint
     * cannot be left out of the contract and a removed one cannot linger in it.
     */
    @Test
    void theOpenApiDescriptionNamesEveryRestRouteTheServerHas() {
        String yaml = client().retrieve(HttpRequest.GET("/openapi/gatehouse-0.1.yml"), String.class);
        Map<String, Object> spec = new org.yaml.snakeyaml.Yaml().load(yaml);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
        Set<String> described = new TreeSet<>();
        paths.forEach((path, ops) -> ops.keySet().forEach(method -> described.add(method.toUpperCase() + " " + path)));
        Set<String> served = router.uriRoutes()
                .map(r -> (UriRouteInfo<?, ?>) r)
                .filter(r -> !r.getHttpMethodName().equals("HEAD")) // Micronaut adds HEAD beside every GET
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString().replaceAll("\\{(\\w+):[^}]*}", "{$1}"))
                .filter(r -> r.contains(" /api/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(served.size() > 20, "the router lists the API: " + served);
        assertEquals(served, described);
    }

    @Test
    void everyAskAndEveryUploadLeavesOneRecordWithItsDecision() {
        String admin = login("admin");
        String compliance = login("compliance");
        long asksBefore = total(compliance, "ASK");
        long uploadsBefore = total(compliance, "UPLOAD");
        uploadAndWait(admin, "a.txt", "Mooring fees rise by four percent in April.".getBytes(StandardCharsets.UTF_8), "PUBLIC");
        uploadAndWait(admin, "b.txt", "The dredging survey found silt at berth six.".getBytes(StandardCharsets.UTF_8), "CONFIDENTIAL");
        ask(login("staff"), "How much do mooring fees rise?");
        ask(login("analyst"), "What did the dredging survey find?");
        ask(login("analyst"), "When do mooring fees rise?");
        assertEquals(asksBefore + 3, total(compliance, "ASK"));
        assertEquals(uploadsBefore + 2, total(compliance, "UPLOAD"));

        Map<?, ?> page = client().retrieve(HttpRequest.GET("/api/audit?action=ASK&size=3").bearerAuth(compliance), Map.class);
        List<Map<?, ?>> records = (List<Map<?, ?>>) page.get("records");
        assertEquals("analyst", records.get(0).get("actor"), "newest first");
        for (Map<?, ?> r : records) {
            assertNotNull(r.get("route"));
            assertNotNull(r.get("tier"));
            String detail = r.get("detail").toString();
            assertTrue(detail.contains("\"rule\"") && detail.contains("\"chunks\"") && detail.contains("\"reasons\""), detail);
        }
        assertEquals("CONFIDENTIAL", records.get(1).get("tier"), "the dredging answer drew on CONFIDENTIAL context");
        Map<?, ?> byRoute = client().retrieve(HttpRequest.GET("/api/audit?action=ASK&route=ON_PREM&user=staff").bearerAuth(compliance), Map.class);
        assertTrue(((Number) byRoute.get("total")).longValue() >= 1);
    }

    @Test
    void eachEndpointAdmitsOnlyItsRoles() {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String u : List.of("staff", "analyst", "compliance", "admin")) {
            tokens.put(u, login(u));
        }
        tokens.put("anonymous", null);
        byte[] file = "Boat hire closes at dusk.".getBytes(StandardCharsets.UTF_8);
        Map<String, Supplier<MutableHttpRequest<?>>> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /api/ask", () -> HttpRequest.POST("/api/ask", Map.of("question", "boat hire")));
        endpoints.put("POST /api/documents", () -> HttpRequest.POST("/api/documents", MultipartBody.builder()
                .addPart("file", "boat.txt", MediaType.TEXT_PLAIN_TYPE, file).addPart("tier", "PUBLIC").build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE));
        endpoints.put("GET /api/documents", () -> HttpRequest.GET("/api/documents"));
        endpoints.put("GET /api/documents/{id}", () -> HttpRequest.GET("/api/documents/missing"));
        endpoints.put("DELETE /api/documents/{id}", () -> HttpRequest.DELETE("/api/documents/missing"));
        endpoints.put("GET /api/jobs/{id}", () -> HttpRequest.GET("/api/jobs/missing"));
        endpoints.put("GET /api/audit", () -> HttpRequest.GET("/api/audit"));
        endpoints.put("GET /api/users", () -> HttpRequest.GET("/api/users"));
        endpoints.put("POST /api/users", () -> HttpRequest.POST("/api/users", Map.of("username", "matrix",
                "password", "matrix long password", "roles", List.of("STAFF"), "clearance", "PUBLIC")));
        endpoints.put("GET /api/users/{username}", () -> HttpRequest.GET("/api/users/missing"));
        endpoints.put("PATCH /api/users/{username}", () -> HttpRequest.PATCH("/api/users/missing", Map.of("enabled", true)));
        endpoints.put("POST /api/users/{username}/password", () -> HttpRequest.POST("/api/users/missing/password",
                Map.of("password", "matrix long password")));
        endpoints.put("GET /health", () -> HttpRequest.GET("/health"));
        endpoints.put("GET /prometheus", () -> HttpRequest.GET("/prometheus"));
        Map<String, Set<String>> allowed = Map.ofEntries(
                Map.entry("GET /api/users", Set.of("admin")),
                Map.entry("POST /api/users", Set.of("admin")),
                Map.entry("GET /api/users/{username}", Set.of("admin")),
                Map.entry("PATCH /api/users/{username}", Set.of("admin")),
                Map.entry("POST /api/users/{username}/password", Set.of("admin")),
                Map.entry("POST /api/ask", Set.of("staff", "analyst")),
                Map.entry("POST /api/documents", Set.of("admin")),
                Map.entry("GET /api/documents", Set.of("admin")),
                Map.entry("GET /api/documents/{id}", Set.of("admin")),
                Map.entry("DELETE /api/documents/{id}", Set.of("admin")),
                Map.entry("GET /api/jobs/{id}", Set.of("admin")),
                Map.entry("GET /api/audit", Set.of("compliance")),
                Map.entry("GET /health", Set.of("staff", "analyst", "compliance", "admin", "anonymous")),
                Map.entry("GET /prometheus", Set.of("staff", "analyst", "compliance", "admin", "anonymous")));
        for (var endpoint : endpoints.entrySet()) {
            for (var user : tokens.entrySet()) {
                MutableHttpRequest<?> req = endpoint.getValue().get();
                if (user.getValue() != null) {
                    req.bearerAuth(user.getValue());
                }
                int status = status(req);
                String what = endpoint.getKey() + " as " + user.getKey() + " -> " + status;
                if (allowed.get(endpoint.getKey()).contains(user.getKey())) {
                    assertTrue(status < 400 || status == 404, what); // 404: allowed in, but the id does not exist
                } else {
                    assertEquals(user.getValue() == null ? 401 : 403, status, what);
                }
            }
        }
    }

    private int status(MutableHttpRequest<?> req) {
        try {
            return client().exchange(req, String.class).getStatus().getCode();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private long total(String compliance, String action) {
        Map<?, ?> page = client().retrieve(HttpRequest.GET("/api/audit?size=1&action=" + action).bearerAuth(compliance), Map.class);
        return ((Number) page.get("total")).longValue();
    }
}
