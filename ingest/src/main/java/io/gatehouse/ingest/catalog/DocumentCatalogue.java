package io.gatehouse.ingest.catalog;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Pages of the catalogue read in the database, newest first, with optional filters: the API's and the
 * admin page's view of a catalogue too large to load whole. Paging is by key on
 * {@code (created_at, id)} (see {@link CatalogueCursor}), served by the indexes of migration V6; the title
 * filter is a case-insensitive substring match, which scans the rows the other conditions leave.
 * The SQL is the subset H2 and PostgreSQL share (row-value comparison, LIMIT, LIKE ... ESCAPE).
 */
@Singleton
public class DocumentCatalogue {

    public static final int MAX_LIMIT = 500;

    private static final String COLUMNS = "id, external_id, filename, title, author, media_type, content_hash, size_bytes, "
            + "declared_tier, tier, groups_csv, pages, chunk_count, pii_counts, original_item, uploaded_by, created_at, updated_at";

    private final DataSource dataSource;

    /** Reads outside any transaction, so the pool itself rather than Micronaut's transaction-aware wrapper. */
    public DocumentCatalogue(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /**
     * The page of at most {@code limit} documents matching {@code filter} at {@code cursor} (null: the
     * newest). A cursor reading newer documents that reaches the newest answers with the first page, so
     * the top of the catalogue is always a full page.
     */
    public CataloguePage page(CatalogueFilter filter, CatalogueCursor cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is 1 to " + MAX_LIMIT + "; got " + limit);
        }
        try (Connection c = dataSource.getConnection()) {
            long total = count(c, filter);
            if (cursor != null && cursor.direction() == CatalogueCursor.Direction.NEWER) {
                List<DocumentRow> newer = rows(c, filter, cursor, limit + 1);
                if (newer.size() > limit) {
                    List<DocumentRow> items = newer.subList(1, newer.size());
                    DocumentRow last = items.getLast();
                    return new CataloguePage(items, total,
                            exists(c, filter, CatalogueCursor.after(last)) ? CatalogueCursor.after(last) : null,
                            CatalogueCursor.before(items.getFirst()));
                }
                cursor = null;
            }
            List<DocumentRow> rows = rows(c, filter, cursor, limit + 1);
            List<DocumentRow> items = rows.subList(0, Math.min(limit, rows.size()));
            CatalogueCursor next = rows.size() > limit ? CatalogueCursor.after(items.getLast()) : null;
            CatalogueCursor previous = null;
            if (cursor != null) {
                // newer than the first row shown, or than the position itself when this page is empty
                CatalogueCursor back = items.isEmpty()
                        ? new CatalogueCursor(CatalogueCursor.Direction.NEWER, cursor.createdAt(), cursor.id())
                        : CatalogueCursor.before(items.getFirst());
                previous = exists(c, filter, back) ? back : null;
            }
            return new CataloguePage(items, total, next, previous);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the catalogue", e);
        }
    }

    /** How many documents the filter matches. */
    public long count(CatalogueFilter filter) {
        try (Connection c = dataSource.getConnection()) {
            return count(c, filter);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the catalogue", e);
        }
    }

    private static long count(Connection c, CatalogueFilter filter) throws SQLException {
        Query q = new Query("SELECT COUNT(*) FROM document", filter, null);
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows in catalogue order from the cursor's position in its direction; NEWER rows come back in catalogue order too. */
    private static List<DocumentRow> rows(Connection c, CatalogueFilter filter, CatalogueCursor cursor, int limit) throws SQLException {
        boolean newer = cursor != null && cursor.direction() == CatalogueCursor.Direction.NEWER;
        Query q = new Query("SELECT " + COLUMNS + " FROM document", filter, cursor);
        q.sql.append(newer ? " ORDER BY created_at ASC, id ASC" : " ORDER BY created_at DESC, id DESC").append(" LIMIT ?");
        q.params.add(limit);
        List<DocumentRow> out = new ArrayList<>(Math.min(limit, 64));
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        if (newer) {
            Collections.reverse(out);
        }
        return out;
    }

    private static boolean exists(Connection c, CatalogueFilter filter, CatalogueCursor from) throws SQLException {
        Query q = new Query("SELECT 1 FROM document", filter, from);
        // ordered as the index is, so the planner walks it from the position; unordered, PostgreSQL may
        // scan the heap and pass half the table before the first row on the far side of the position
        q.sql.append(from.direction() == CatalogueCursor.Direction.OLDER
                ? " ORDER BY created_at DESC, id DESC LIMIT 1" : " ORDER BY created_at ASC, id ASC LIMIT 1");
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** A statement built from the filter and the cursor, with only the conditions they need (so the planner sees plain predicates). */
    private static final class Query {
        final StringBuilder sql;
        final List<Object> params = new ArrayList<>();

        Query(String select, CatalogueFilter filter, CatalogueCursor cursor) {
            sql = new StringBuilder(select);
            List<String> where = new ArrayList<>();
            if (filter.tier() != null) {
                where.add("tier = ?");
                params.add(filter.tier().name());
            }
            if (filter.titleContains() != null) {
                where.add("LOWER(title) LIKE ? ESCAPE '!'");
                params.add(filter.titlePattern());
            }
            if (cursor != null) {
                where.add(cursor.direction() == CatalogueCursor.Direction.OLDER ? "(created_at, id) < (?, ?)" : "(created_at, id) > (?, ?)");
                params.add(OffsetDateTime.ofInstant(cursor.createdAt(), ZoneOffset.UTC));
                params.add(cursor.id());
            }
            if (!where.isEmpty()) {
                sql.append(" WHERE ").append(String.join(" AND ", where));
            }
        }

        PreparedStatement prepare(Connection c) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql.toString());
            try {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                return ps;
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
        }
    }

    private static DocumentRow row(ResultSet rs) throws SQLException {
        return new DocumentRow(rs.getString("id"), rs.getString("external_id"), rs.getString("filename"),
                rs.getString("title"), rs.getString("author"), rs.getString("media_type"), rs.getString("content_hash"),
                rs.getLong("size_bytes"), rs.getString("declared_tier"), rs.getString("tier"), rs.getString("groups_csv"),
                rs.getInt("pages"), rs.getInt("chunk_count"), rs.getString("pii_counts"), rs.getString("original_item"),
                rs.getString("uploaded_by"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
