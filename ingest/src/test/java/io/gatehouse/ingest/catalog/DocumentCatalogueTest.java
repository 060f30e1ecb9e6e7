package io.gatehouse.ingest.catalog;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Catalogue pages read in the database, on H2 and (when configured) PostgreSQL: more rows than a page,
 * several rows per timestamp (so the id breaks ties), filters, and the order checked against the rows
 * sorted here in Java.
 */
class DocumentCatalogueTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Tier[] TIERS = {Tier.PUBLIC, Tier.INTERNAL, Tier.CONFIDENTIAL};
    private static final Comparator<DocumentRow> CATALOGUE_ORDER =
            Comparator.comparing(DocumentRow::createdAt).thenComparing(DocumentRow::id).reversed();

    static List<String> vendors() {
        return TestDatabase.vendors();
    }

    /** 130 rows, three to a second, titles "Policy 7" / "Handbook 8" and one with a literal "50%_off". */
    private static List<DocumentRow> rows(int n) {
        List<DocumentRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String title = i == 17 ? "Sale 50%_off notes" : (i % 2 == 0 ? "Policy " : "HANDBOOK ") + i;
            out.add(row(title, TIERS[i % 3], T0.plusSeconds(i / 3).plusNanos(123_000)));
        }
        return out;
    }

    private static DocumentRow row(String title, Tier tier, Instant at) {
        String id = UUID.randomUUID().toString();
        return new DocumentRow(id, null, title.replace(' ', '-') + ".txt", title, "author", "text/plain",
                id.replace("-", ""), 100, tier.name(), tier.name(), "", 1, 1, "{}", UUID.randomUUID().toString(),
                "admin", at, at);
    }

    private static List<String> ids(List<DocumentRow> rows) {
        return rows.stream().map(DocumentRow::id).toList();
    }

    private static List<String> expected(List<DocumentRow> rows, Predicate<DocumentRow> filter) {
        return ids(rows.stream().filter(filter).sorted(CATALOGUE_ORDER).toList());
    }

    /** Every page from the first by next cursors, checking each page's bookkeeping. */
    private static List<CataloguePage> walk(DocumentCatalogue catalogue, CatalogueFilter filter, int limit) {
        List<CataloguePage> pages = new ArrayList<>();
        CataloguePage page = catalogue.page(filter, null, limit);
        assertNull(page.previous(), "the first page has nothing newer");
        pages.add(page);
        while (page.next() != null) {
            assertEquals(limit, page.items().size(), "only the last page is short");
            page = catalogue.page(filter, CatalogueCursor.parse(page.next().token()), limit);
            assertNotNull(page.previous(), "a later page leads back");
            pages.add(page);
        }
        return pages;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void pagesWalkTheWholeCatalogueNewestFirstAndBackAgain(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            List<DocumentRow> all = rows(130);
            insert(db, all);
            DocumentCatalogue catalogue = new DocumentCatalogue(db.dataSource());

            List<CataloguePage> pages = walk(catalogue, CatalogueFilter.NONE, 50);
            assertEquals(List.of(50, 50, 30), pages.stream().map(p -> p.items().size()).toList());
            pages.forEach(p -> assertEquals(130, p.total()));
            List<String> seen = pages.stream().flatMap(p -> ids(p.items()).stream()).toList();
            assertEquals(expected(all, r -> true), seen);
            assertEquals(130, new HashSet<>(seen).size());
            assertEquals(all.getFirst().createdAt(), pages.getLast().items().getLast().createdAt(), "instants survive the round trip");

            CataloguePage back = pages.getLast();
            for (int i = pages.size() - 2; i >= 0; i--) {
                back = catalogue.page(CatalogueFilter.NONE, back.previous(), 50);
                assertEquals(ids(pages.get(i).items()), ids(back.items()), "page " + i + " read backwards");
            }
            assertNull(back.previous());
            assertEquals(pages.getFirst().next(), back.next());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void uploadsAndDeletionsWhilePagingNeitherRepeatNorSkipRows(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            List<DocumentRow> all = rows(60);
            insert(db, all);
            DocumentCatalogue catalogue = new DocumentCatalogue(db.dataSource());
            CataloguePage first = catalogue.page(CatalogueFilter.NONE, null, 25);

            insert(db, List.of(row("Uploaded meanwhile", Tier.PUBLIC, T0.plusSeconds(3600))));
            CataloguePage second = catalogue.page(CatalogueFilter.NONE, first.next(), 25);
            assertEquals(expected(all, r -> true).subList(25, 50), ids(second.items()));
            assertEquals(61, second.total());

            // a page whose every row was deleted is empty but leads back; reading newer pages to the top
            // ends at a full first page, even when that overlaps the page read before it
            DocumentRow meanwhile = catalogue.page(CatalogueFilter.NONE, null, 1).items().getFirst();
            TestDatabase.exec(db.dataSource(), "DELETE FROM document WHERE created_at < TIMESTAMP WITH TIME ZONE '2026-03-01 09:00:04+00:00'");
            List<DocumentRow> remaining = new ArrayList<>(all.subList(12, 60));
            remaining.add(meanwhile);
            List<String> order = expected(remaining, r -> true);
            CataloguePage third = catalogue.page(CatalogueFilter.NONE, second.next(), 25);
            assertTrue(third.items().isEmpty());
            assertNull(third.next());
            assertNotNull(third.previous());
            CataloguePage newer = catalogue.page(CatalogueFilter.NONE, third.previous(), 25);
            assertEquals(order.subList(24, 49), ids(newer.items()));
            assertNull(newer.next());
            CataloguePage top = catalogue.page(CatalogueFilter.NONE, newer.previous(), 25);
            assertEquals(order.subList(0, 25), ids(top.items()));
            assertEquals("Uploaded meanwhile", top.items().getFirst().title());
            assertNull(top.previous());
            assertNotNull(top.next());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void filtersByTierAndByTitleIgnoringCaseAcrossPages(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            List<DocumentRow> all = rows(130);
            insert(db, all);
            DocumentCatalogue catalogue = new DocumentCatalogue(db.dataSource());

            CatalogueFilter internal = new CatalogueFilter(Tier.INTERNAL, null);
            List<CataloguePage> pages = walk(catalogue, internal, 20);
            assertEquals(expected(all, r -> r.tier().equals("INTERNAL")),
                    pages.stream().flatMap(p -> ids(p.items()).stream()).toList());
            assertEquals(43, pages.getFirst().total());

            CatalogueFilter handbooks = new CatalogueFilter(null, "  handBOOK ");
            List<CataloguePage> hb = walk(catalogue, handbooks, 20);
            assertEquals(expected(all, r -> r.title().startsWith("HANDBOOK")),
                    hb.stream().flatMap(p -> ids(p.items()).stream()).toList());

            CatalogueFilter both = new CatalogueFilter(Tier.CONFIDENTIAL, "policy");
            assertEquals(expected(all, r -> r.tier().equals("CONFIDENTIAL") && r.title().startsWith("Policy")),
                    walk(catalogue, both, 7).stream().flatMap(p -> ids(p.items()).stream()).toList());
            assertEquals(catalogue.count(both), catalogue.page(both, null, 7).total());

            // LIKE's wildcards in the filter match only themselves
            assertEquals(List.of("Sale 50%_off notes"),
                    catalogue.page(new CatalogueFilter(null, "50%_"), null, 10).items().stream().map(DocumentRow::title).toList());
            assertEquals(0, catalogue.count(new CatalogueFilter(null, "5_%")));
            assertEquals(0, catalogue.page(new CatalogueFilter(Tier.RESTRICTED, null), null, 10).total());
            assertEquals(130, catalogue.count(new CatalogueFilter(null, "   ")), "a blank title filter does not filter");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void anEmptyCatalogueIsOneEmptyPage(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            CataloguePage page = new DocumentCatalogue(db.dataSource()).page(CatalogueFilter.NONE, null, 50);
            assertEquals(0, page.total());
            assertTrue(page.items().isEmpty());
            assertNull(page.next());
            assertNull(page.previous());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void refusesLimitsOutsideOneToTheMaximum(String vendor) throws Exception {
        try (TestDatabase db = TestDatabase.open(vendor)) {
            DocumentCatalogue catalogue = new DocumentCatalogue(db.dataSource());
            assertEquals("limit is 1 to 500; got 0",
                    assertThrows(IllegalArgumentException.class, () -> catalogue.page(CatalogueFilter.NONE, null, 0)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> catalogue.page(CatalogueFilter.NONE, null, DocumentCatalogue.MAX_LIMIT + 1));
            assertEquals(0, catalogue.page(CatalogueFilter.NONE, null, DocumentCatalogue.MAX_LIMIT).total());
        }
    }

    /** Writes catalogue rows as the ingestion service's repository would, column for column. */
    private static void insert(TestDatabase db, List<DocumentRow> rows) throws SQLException {
        String sql = "INSERT INTO document (id, external_id, filename, title, author, media_type, content_hash, size_bytes, "
                + "declared_tier, tier, groups_csv, pages, chunk_count, pii_counts, original_item, uploaded_by, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
}
