package io.gatehouse.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Properties for a server of its own: a fresh data folder and database. */
public final class TestServerProperties {

    private TestServerProperties() {
    }

    public static Map<String, String> fresh() {
        try {
            Path dir = Files.createTempDirectory("gatehouse-test");
            // The tests sign in as the demo users (staff, analyst, compliance, admin; password <name>-demo).
            return Map.of("gatehouse.data-dir", dir.toString(), "gatehouse.demo.accounts", "true",
                    "datasources.default.url", "jdbc:h2:file:" + dir.resolve("db/gatehouse") + ";DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #fresh()} on the PostgreSQL server named by {@code GATEHOUSE_TEST_PG_URL}, in a schema of its
     * own; for tests run in the {@code postgres} environment (the same migrations plus the audit trigger).
     */
    public static Map<String, String> freshOnPostgres() {
        Map<String, String> p = new HashMap<>(fresh());
        String schema = "web_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = System.getenv("GATEHOUSE_TEST_PG_URL");
        p.put("datasources.default.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        p.put("datasources.default.username", System.getenv().getOrDefault("GATEHOUSE_TEST_PG_USER", "postgres"));
        p.put("datasources.default.password", System.getenv().getOrDefault("GATEHOUSE_TEST_PG_PASSWORD", ""));
        p.put("flyway.datasources.default.schemas", schema);
        return p;
    }
}
