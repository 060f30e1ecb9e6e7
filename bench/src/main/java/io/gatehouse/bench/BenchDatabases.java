package io.gatehouse.bench;

import com.zaxxer.hikari.HikariConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The databases the audit and catalogue benchmarks measure: H2 in a file, with the server's URL options,
 * and PostgreSQL when one is named ({@code --pg-url}, {@code --pg-user}, {@code --pg-password}, or the
 * {@code GATEHOUSE_TEST_PG_*} variables that {@code .ci/postgres.sh} writes).
 */
final class BenchDatabases {

    static final String POSTGRES_SKIPPED =
            "(PostgreSQL skipped: pass --pg-url or set GATEHOUSE_TEST_PG_URL; .ci/postgres.sh start provides one)";

    private BenchDatabases() {
    }

    /** H2 in {@code file} with the options of the server's URL (web/src/main/resources/application.yml). */
    static HikariConfig h2(Path file) {
        HikariConfig h2 = new HikariConfig();
        h2.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath() + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        return h2;
    }

    /** PostgreSQL in a new schema named {@code schemaPrefix} plus a unique suffix, or empty when none is named. */
    static Optional<HikariConfig> postgres(Map<String, String> opt, String schemaPrefix) {
        String url = opt.getOrDefault("pg-url", System.getenv("GATEHOUSE_TEST_PG_URL"));
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        HikariConfig pg = new HikariConfig();
        pg.setJdbcUrl(url);
        pg.setUsername(opt.getOrDefault("pg-user", System.getenv().getOrDefault("GATEHOUSE_TEST_PG_USER", "postgres")));
        pg.setPassword(opt.getOrDefault("pg-password", System.getenv().getOrDefault("GATEHOUSE_TEST_PG_PASSWORD", "")));
        pg.setSchema(schemaPrefix + Long.toHexString(System.nanoTime()));
        return Optional.of(pg);
    }
}
