package io.gatehouse.web.security;

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
 * The server's migrations applied to a private database for one test: H2 in memory always, and a
 * private schema on the PostgreSQL server named by {@code GATEHOUSE_TEST_PG_URL} when it is set
 * ({@code ./gatehouse test} starts one through .ci/postgres.sh).
 */
record AccountDatabase(String vendor, HikariDataSource dataSource, String schema) implements AutoCloseable {

    /** The databases to run on here: "h2", plus "postgresql" when a server is configured. */
    static List<String> vendors() {
        List<String> v = new ArrayList<>(List.of("h2"));
        String url = System.getenv("GATEHOUSE_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            v.add("postgresql");
        }
        return v;
    }

    static AccountDatabase open(String vendor) {
        HikariConfig cfg = new HikariConfig();
        cfg.setMaximumPoolSize(40);
        String schema = null;
        if (vendor.equals("h2")) {
            cfg.setJdbcUrl("jdbc:h2:mem:accounts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        } else {
            schema = "accounts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            cfg.setJdbcUrl(System.getenv("GATEHOUSE_TEST_PG_URL"));
            cfg.setUsername(System.getenv().getOrDefault("GATEHOUSE_TEST_PG_USER", "postgres"));
            cfg.setPassword(System.getenv().getOrDefault("GATEHOUSE_TEST_PG_PASSWORD", ""));
            cfg.setSchema(schema);
        }
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            if (schema != null) {
                exec(ds, "CREATE SCHEMA " + schema);
            }
            Flyway.configure().dataSource(ds).locations(AuditSchema.migrationLocations(ds).toArray(String[]::new))
                    .schemas(schema == null ? new String[0] : new String[] {schema}).load().migrate();
        } catch (RuntimeException | SQLException e) {
            ds.close();
            throw new IllegalStateException("could not prepare the " + vendor + " test database", e);
        }
        return new AccountDatabase(vendor, ds, schema);
    }

    static void exec(DataSource ds, String sql) throws SQLException {
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
