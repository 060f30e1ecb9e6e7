package io.gatehouse.policy.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Where the audit trail's Flyway migrations live. {@code db/migration} holds the schema every database
 * gets; {@code db/vendor/postgresql} holds the PostgreSQL-only append-only trigger (H2 has no PL/pgSQL).
 * Flyway Community does not expand a {@code {vendor}} placeholder in locations (Spring Boot does, Micronaut
 * does not), so the vendor location is resolved here from the database itself; a static configuration
 * lists {@code classpath:db/vendor/postgresql} explicitly for PostgreSQL deployments.
 */
public final class AuditSchema {

    public static final String COMMON_LOCATION = "classpath:db/migration";
    public static final String POSTGRESQL_LOCATION = "classpath:db/vendor/postgresql";

    private AuditSchema() {
    }

    /** The locations for a database whose JDBC product name is {@code databaseProductName}. */
    public static List<String> migrationLocations(String databaseProductName) {
        if (databaseProductName != null && databaseProductName.toLowerCase(Locale.ROOT).contains("postgresql")) {
            return List.of(COMMON_LOCATION, POSTGRESQL_LOCATION);
        }
        return List.of(COMMON_LOCATION);
    }

    /** The locations for the database behind {@code dataSource}. */
    public static List<String> migrationLocations(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return migrationLocations(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new AuditException("cannot tell which database holds the audit trail", e);
        }
    }
}
