package io.gatehouse.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.ingest.catalog.CatalogueCursor;
import io.gatehouse.ingest.catalog.CatalogueFilter;
import io.gatehouse.ingest.catalog.CataloguePage;
import io.gatehouse.ingest.catalog.DocumentCatalogue;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditSchema;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code ./gatehouse bench catalogue [--documents N] [--rounds R] [--pg-url URL --pg-user U --pg-password P]}:
 * the catalogue page the API and the admin page serve ({@link DocumentCatalogue#page}: 50 rows plus the
 * filter's count), over N catalogue rows (default 100,000) on an H2 file database and, when a URL is given
 * (or GATEHOUSE_TEST_PG_URL is set), PostgreSQL: the first page, a page in the middle by cursor, a tier
 * filter and a title filter; and for comparison a page in the middle by OFFSET and what the admin page
 * used to do, loading every row. Median and 95th percentile of R rounds each, in milliseconds.
 */
public final class CatalogueBench {

    private static final Tier[] TIERS = Tier.values();
    private static final String[] WORDS = {"policy", "handbook", "minutes", "contract", "report", "memo", "audit", "plan"};

    private CatalogueBench() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int documents = Integer.parseInt(opt.getOrDefault("documents", "100000"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "50"));
        System.out.printf(Locale.ROOT, "catalogue of %,d documents, %d rounds per measure, page size 50%n", documents, rounds);

        Path dir = Files.createTempDirectory("gatehouse-catalogue-bench");
        try {
            run("H2 (file)", BenchDatabases.h2(dir.resolve("db")), null, documents, rounds);
        } finally {
            ScratchDirectory.delete(dir);
        }
        Optional<HikariConfig> pg = BenchDatabases.postgres(opt, "catalogue_bench_");
        if (pg.isPresent()) {
            run("PostgreSQL", pg.get(), pg.get().getSchema(), documents, rounds);
        } else {
            System.out.println(BenchDatabases.POSTGRES_SKIPPED);
        }
    }

    private interface Measured {
        void run() throws Exception;
    }

    private static void run(String name, HikariConfig cfg, String schema, int documents, int rounds) throws Exception {
        cfg.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            try {
                if (schema != null) {
                    exec(ds, "CREATE SCHEMA " + schema);
                }
                Flyway.configure().dataSource(ds).locations(AuditSchema.migrationLocations(ds).toArray(String[]::new))
                        .schemas(schema == null ? new String[0] : new String[] {schema}).load().migrate();
                long t0 = System.nanoTime();
                fill(ds, documents);
                if (schema != null) {
                    exec(ds, "ANALYZE document");
                }
                System.out.printf(Locale.ROOT, "%n%s: %,d rows written in %.1f s%n", name, documents, (System.nanoTime() - t0) / 1e9);
                DocumentCatalogue catalogue = new DocumentCatalogue(ds);
                CatalogueCursor middle = middle(ds, documents / 2);
                CatalogueFilter tier = new CatalogueFilter(Tier.CONFIDENTIAL, null);
                CatalogueFilter title = new CatalogueFilter(null, "Contract 4");
                CataloguePage check = catalogue.page(CatalogueFilter.NONE, middle, 50);
                if (check.items().size() != 50 || check.total() != documents) {
                    throw new IllegalStateException("the middle page is not a full page of the whole catalogue");
                }
                measure("first page (with count)", rounds, () -> catalogue.page(CatalogueFilter.NONE, null, 50));
                measure("middle page by cursor (with count)", rounds, () -> catalogue.page(CatalogueFilter.NONE, middle, 50));
                measure("count only", rounds, () -> catalogue.count(CatalogueFilter.NONE));
                measure("tier filter, middle page", rounds, () -> catalogue.page(tier, middle, 50));
                measure("title filter, first page", rounds, () -> catalogue.page(title, null, 50));
                measure("baseline: middle page by OFFSET", rounds, () -> offsetPage(ds, documents / 2));
                measure("baseline: every row (the old admin page)", Math.max(3, rounds / 10), () -> everyRow(ds));
            } finally {
                if (schema != null) {
                    exec(ds, "DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static void measure(String what, int rounds, Measured m) throws Exception {
        for (int i = 0; i < Math.min(5, rounds); i++) {
            m.run(); // warm-up: JIT and the database's caches
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            m.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  %-42s median %8.2f ms   p95 %8.2f ms%n", what, ms[rounds / 2],
                ms[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.95) - 1)]);
    }

    /** Rows as ingestion writes them: a few per second (so ids break ties), tiers in turn, titles from a small vocabulary. */
    private static void fill(HikariDataSource ds, int n) throws SQLException {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        String sql = "INSERT INTO document (id, external_id, filename, title, author, media_type, content_hash, size_bytes, "
                + "declared_tier, tier, groups_csv, pages, chunk_count, pii_counts, original_item, uploaded_by, created_at, updated_at) "
                + "VALUES (?, NULL, ?, ?, 'author', 'application/pdf', ?, 1000, ?, ?, '', 3, 12, '{}', ?, 'admin', ?, ?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                String word = WORDS[i % WORDS.length];
                String title = Character.toUpperCase(word.charAt(0)) + word.substring(1) + " " + i;
                OffsetDateTime at = OffsetDateTime.ofInstant(start.plusMillis(i * 400L), ZoneOffset.UTC);
                ps.setString(1, id);
                ps.setString(2, word + "-" + i + ".pdf");
                ps.setString(3, title);
                ps.setString(4, id.replace("-", "") + id.replace("-", ""));
                ps.setString(5, TIERS[i % TIERS.length].name());
                ps.setString(6, TIERS[i % TIERS.length].name());
                ps.setString(7, UUID.randomUUID().toString());
                ps.setObject(8, at);
                ps.setObject(9, at);
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    /** The position {@code offset} rows down the catalogue, as a cursor to read older rows from. */
    private static CatalogueCursor middle(HikariDataSource ds, int offset) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT created_at, id FROM document ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?")) {
            ps.setInt(1, offset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new CatalogueCursor(CatalogueCursor.Direction.OLDER,
                        rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2));
            }
        }
    }

    private static int offsetPage(HikariDataSource ds, int offset) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM document ORDER BY created_at DESC, id DESC LIMIT 50 OFFSET ?")) {
            ps.setInt(1, offset);
            return drain(ps);
        }
    }

    private static int everyRow(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM document ORDER BY created_at DESC")) {
            return drain(ps);
        }
    }

    private static int drain(PreparedStatement ps) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n += rs.getString("title").length() > 0 ? 1 : 0;
            }
        }
        return n;
    }

    private static void exec(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
