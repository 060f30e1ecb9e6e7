package io.gatehouse.policy.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A freshly migrated database for one test: a private H2 in-memory database, or a private schema in the
 * PostgreSQL server named by {@code GATEHOUSE_TEST_PG_URL} (+ {@code _USER}, {@code _PASSWORD}); see
 * .ci/postgres.sh. Migrated by Flyway from the same locations the server uses.
 */
final class TestDatabase implements AutoCloseable {

    static final String PG_URL = "GATEHOUSE_TEST_PG_URL";

    enum Vendor { H2, POSTGRESQL }

    private final Vendor vendor;
    private final HikariDataSource dataSource;
    private final String schema;

    private TestDatabase(Vendor vendor, HikariDataSource dataSource, String schema) {
        this.vendor = vendor;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    static boolean postgresConfigured() {
        String url = System.getenv(PG_URL);
        return url != null && !url.isBlank();
    }

    static TestDatabase open(Vendor vendor) {
        HikariConfig cfg = new HikariConfig();
        cfg.setMaximumPoolSize(40);
        cfg.setMinimumIdle(0);
        String schema = null;
        if (vendor == Vendor.H2) {
            // The same options as the server's H2 URL (web/src/main/resources/application.yml).
            cfg.setJdbcUrl("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        } else {
            schema = "audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
            cfg.setJdbcUrl(System.getenv(PG_URL));
            cfg.setUsername(System.getenv().getOrDefault("GATEHOUSE_TEST_PG_USER", "postgres"));
            cfg.setPassword(System.getenv().getOrDefault("GATEHOUSE_TEST_PG_PASSWORD", ""));
            cfg.setSchema(schema);
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

    Vendor vendor() {
        return vendor;
    }

    DataSource dataSource() {
        return dataSource;
    }

    static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (vendor == Vendor.POSTGRESQL) {
                exec(dataSource, "DROP SCHEMA " + schema + " CASCADE");
            } else {
                exec(dataSource, "DROP ALL OBJECTS");
            }
        } finally {
            dataSource.close();
        }
    }
}
