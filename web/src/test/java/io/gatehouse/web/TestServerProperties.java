package io.gatehouse.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
}
