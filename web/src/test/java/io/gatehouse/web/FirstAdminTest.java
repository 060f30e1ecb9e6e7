package io.gatehouse.web;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A production-style first start (no demo accounts) with the administrator's password given in
 * configuration ({@code GATEHOUSE_ADMIN_PASSWORD}): exactly that one account exists and it signs in.
 * The generated-password path is tested in {@code UserDirectoryTest}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstAdminTest extends RealServerTest {

    private static final String PASSWORD = "first admin passphrase";

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.put("gatehouse.demo.accounts", "false");
        p.put("gatehouse.accounts.initial-admin-user", "chief");
        p.put("gatehouse.accounts.initial-admin-password", PASSWORD);
        return p;
    }

    @Test
    void theConfiguredAdministratorIsTheOnlyAccount() {
        assertEquals(401, assertThrows(HttpClientResponseException.class, () -> login("admin")).getStatus().getCode());
        Map<?, ?> body = client().retrieve(HttpRequest.POST("/api/auth/login", Map.of("username", "chief", "password", PASSWORD)), Map.class);
        String token = (String) body.get("access_token");
        List<Map> users = client().retrieve(HttpRequest.GET("/api/users").bearerAuth(token), Argument.listOf(Map.class));
        assertEquals(1, users.size());
        assertEquals("chief", users.getFirst().get("username"));
        assertEquals(List.of("ADMIN"), users.getFirst().get("roles"));
        assertEquals("RESTRICTED", users.getFirst().get("clearance"));
        assertEquals(false, users.getFirst().get("mustChangePassword"), "the operator chose this password: no forced change");
    }
}
