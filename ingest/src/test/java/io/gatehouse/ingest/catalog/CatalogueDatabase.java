package io.gatehouse.ingest.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.policy.audit.AuditSchema;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The server's migrations applied to a private database for one test: H2 in memory (with the server's
 * URL options) always, and a private schema on the PostgreSQL server named by {@code GATEHOUSE_TEST_PG_URL}
 * when it is set ({@code ./gatehouse test} starts one through .ci/postgres.sh).
 */
record CatalogueDatabase(String vendor, HikariDataSource dataSource, String schema) implements AutoCloseable {

    static List<String> vendors() {
        List<String> v = new ArrayList<>(List.of("h2"));
        String url = System.getenv("GATEHOUSE_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            v.add("postgresql");
        }
        return v;
    }

    static CatalogueDatabase open(String vendor) {
        HikariConfig cfg = new HikariConfig();
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(0);
        String schema = null;
        if (vendor.equals("h2")) {
            cfg.setJdbcUrl("jdbc:h2:mem:catalogue-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        } else {
            schema = "catalogue_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
        return new CatalogueDatabase(vendor, ds, schema);
    }

    /** Writes catalogue rows as the ingestion service's repository would, column for column. */
    void insert(List<DocumentRow> rows) throws SQLException {
        String sql = "INSERT INTO document (id, external_id, filename, title, author, media_type, content_hash, size_bytes, "
                + "declared_tier, tier, groups_csv, pages, chunk_count, pii_counts, original_item, uploaded_by, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (DocumentRow r : rows) {
                ps.setString(1, r.id());
                ps.setString(2, r.externalId());
                ps.setString(3, r.filename());
                ps.setString(4, r.title());
                ps.setString(5, r.author());
                ps.setString(6, r.mediaType());
                ps.setString(7, r.contentHash());
                ps.setLong(8, r.sizeBytes());
                ps.setString(9, r.declaredTier());
                ps.setString(10, r.tier());
                ps.setString(11, r.groupsCsv());
                ps.setInt(12, r.pages());
                ps.setInt(13, r.chunkCount());
                ps.setString(14, r.piiCounts());
                ps.setString(15, r.originalItem());
                ps.setString(16, r.uploadedBy());
                ps.setObject(17, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
                ps.setObject(18, OffsetDateTime.ofInstant(r.updatedAt(), ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
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
