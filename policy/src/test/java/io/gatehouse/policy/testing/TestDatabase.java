package io.gatehouse.policy.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.policy.audit.AuditSchema;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A freshly migrated database for one test: a private H2 in-memory database (with the server's URL
 * options), or a private schema in the PostgreSQL server named by {@value #PG_URL} (+ {@code _USER},
 * {@code _PASSWORD}; {@code ./gatehouse test} starts one through .ci/postgres.sh). Migrated by Flyway from
 * the locations the server uses, so every module's migrations on the test's classpath apply. Shared with
 * the other modules' tests through policy's test jar.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String PG_URL = "GATEHOUSE_TEST_PG_URL";
    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    private final String vendor;
    private final HikariDataSource dataSource;
    private final String schema;

    private TestDatabase(String vendor, HikariDataSource dataSource, String schema) {
        this.vendor = vendor;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** The databases to run on here: {@value #H2}, plus {@value #POSTGRESQL} when a server is configured. */
    public static List<String> vendors() {
        List<String> v = new ArrayList<>(List.of(H2));
        if (postgresConfigured()) {
            v.add(POSTGRESQL);
        }
        return v;
    }

    public static boolean postgresConfigured() {
        String url = System.getenv(PG_URL);
        return url != null && !url.isBlank();
    }

    public static TestDatabase open(String vendor) {
        HikariConfig cfg = new HikariConfig();
        cfg.setMaximumPoolSize(40); // the concurrency tests hold many connections at once
        cfg.setMinimumIdle(0);
        String schema = null;
        switch (vendor) {
            // The same options as the server's H2 URL (web/src/main/resources/application.yml).
            case H2 -> cfg.setJdbcUrl("jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            case POSTGRESQL -> {
                schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                cfg.setJdbcUrl(System.getenv(PG_URL));
                cfg.setUsername(System.getenv().getOrDefault("GATEHOUSE_TEST_PG_USER", "postgres"));
                cfg.setPassword(System.getenv().getOrDefault("GATEHOUSE_TEST_PG_PASSWORD", ""));
                cfg.setSchema(schema);
            }
            default -> throw new IllegalArgumentException("no test database " + vendor + "; one of " + List.of(H2, POSTGRESQL));
        }
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            if (schema != null) {
                exec(ds, "CREATE SCHEMA " + schema);
            }
            Flyway.configure().dataSource(ds)
                    .locations(AuditSchema.migrationLocations(ds).toArray(String[]::new))
                    .schemas(schema == null ? new String[0] : new String[] {schema})
                    .load().migrate();
        } catch (RuntimeException | SQLException e) {
            ds.close();
            throw new IllegalStateException("could not prepare the " + vendor + " test database", e);
        }
        return new TestDatabase(vendor, ds, schema);
    }

    public String vendor() {
        return vendor;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            exec(dataSource, schema != null ? "DROP SCHEMA " + schema + " CASCADE" : "DROP ALL OBJECTS");
        } finally {
            dataSource.close();
        }
    }
}
