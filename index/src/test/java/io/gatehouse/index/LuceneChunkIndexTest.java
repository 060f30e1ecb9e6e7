package io.gatehouse.index;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuceneChunkIndexTest {

    static final int DIM = 16;
    private static final List<String> GROUPS = List.of("hr", "finance", "legal");
    private static final String[] WORDS = {"harbour", "ledger", "payroll", "vessel", "audit", "branch", "loan",
            "mortgage", "invoice", "tariff", "cargo", "pension", "bonus", "policy", "laptop"};

    @TempDir
    Path dir;

    @Test
    void aChunkByIdIsSeenOnlyWithinTheReadersClearanceAndNotAfterDeletion() throws Exception {
        Random rnd = new Random(7);
        List<ChunkRecord> all = new ArrayList<>();
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "test-model", DIM, RankFusion.DEFAULT)) {
            for (int d = 0; d < 40; d++) {
                String docId = "doc-" + d;
                Tier tier = Tier.ofRank(rnd.nextInt(4));
                Set<String> groups = randomGroups(rnd);
                List<ChunkRecord> chunks = new ArrayList<>();
                for (int c = 0; c < 1 + rnd.nextInt(3); c++) {
                    chunks.add(new ChunkRecord(docId + "#" + c, docId, "Doc " + d, c, 1 + c, "", 0, 10,
                            randomText(rnd), unit(rnd), tier, groups, Set.of()));
                }
                index.replaceDocument(docId, chunks);
                all.addAll(chunks);
            }
            index.deleteDocument("doc-0");
            for (int trial = 0; trial < 100; trial++) {
                Principal p = new Principal("u" + trial, Set.of(Role.STAFF), Tier.ofRank(rnd.nextInt(4)), randomGroups(rnd));
                for (ChunkRecord c : all) {
                    Optional<RetrievedChunk> seen = index.chunk(c.chunkId(), p);
                    boolean visible = !c.documentId().equals("doc-0") && p.mayRead(c.tier(), c.groups());
                    assertEquals(visible, seen.isPresent(), () -> c.chunkId() + " for " + p);
                    seen.ifPresent(r -> {
                        assertEquals(c.text(), r.text());
                        assertEquals(c.page(), r.page());
                        assertEquals(c.tier(), r.tier());
                    });
                }
                assertTrue(index.chunk("no-such-chunk", p).isEmpty());
            }
        }
    }

    @Test
    void clearanceFilterNeverLeaksAndFindsTheBestAllowedChunk() throws Exception {
        Random rnd = new Random(42);
        List<ChunkRecord> all = new ArrayList<>();
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "test-model", DIM, RankFusion.DEFAULT)) {
            for (int d = 0; d < 60; d++) {
                String docId = "doc-" + d;
                Tier tier = Tier.ofRank(rnd.nextInt(4));
                Set<String> groups = randomGroups(rnd);
                List<ChunkRecord> chunks = new ArrayList<>();
                for (int c = 0; c < 1 + rnd.nextInt(5); c++) {
                    chunks.add(new ChunkRecord(docId + "#" + c, docId, "Doc " + d, c, 1, "", 0, 10,
                            randomText(rnd), unit(rnd), tier, groups, Set.of()));
                }
                index.replaceDocument(docId, chunks);
                all.addAll(chunks);
            }
            for (int trial = 0; trial < 200; trial++) {
                Principal p = new Principal("u" + trial, Set.of(Role.STAFF), Tier.ofRank(rnd.nextInt(4)), randomGroups(rnd));
                float[] q = unit(rnd);
                String text = WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)];
                int k = 1 + rnd.nextInt(10);
                List<ChunkRecord> allowed = all.stream().filter(c -> p.mayRead(c.tier(), c.groups())).toList();
                for (SearchMode mode : SearchMode.values()) {
                    List<RetrievedChunk> hits = index.search(new SearchRequest(p, text, q, k, mode));
                    for (RetrievedChunk h : hits) {
                        assertTrue(p.mayRead(h.tier(), h.groups()), () -> mode + " leaked " + h.chunkId() + " to " + p);
                    }
                    if (mode != SearchMode.BM25) {
                        // the filter runs inside k-NN, so k allowed chunks come back whenever k exist
                        assertEquals(Math.min(k, allowed.size()), hits.size(), mode + " returned too few");
                    }
                }
                if (!allowed.isEmpty()) {
                    ChunkRecord best = allowed.stream().max(Comparator.comparingDouble(c -> dot(c.vector(), q))).orElseThrow();
                    List<RetrievedChunk> hits = index.search(new SearchRequest(p, text, q, k, SearchMode.VECTOR));
                    assertEquals(best.chunkId(), hits.get(0).chunkId(), "exact best allowed chunk must rank first");
                }
            }
        }
    }

    /**
     * Filters that admit roughly 1-10% of 6,000 chunks: Lucene must not run out of allowed candidates in
     * the graph (k allowed chunks exist, so k come back), must never return a chunk the asker may not
     * read, and must still rank the exact best allowed chunk first.
     */
    @Test
    void selectiveFiltersAdmittingOneToTenPercentStillFindKAndNeverLeak() throws Exception {
        Random rnd = new Random(99);
        List<String> manyGroups = new ArrayList<>();
        for (int g = 0; g < 40; g++) {
            manyGroups.add("team-" + g);
        }
        List<ChunkRecord> all = new ArrayList<>();
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "test-model", DIM, RankFusion.DEFAULT)) {
            Map<String, List<ChunkRecord>> batch = new LinkedHashMap<>();
            for (int d = 0; d < 1500; d++) {
                String docId = "doc-" + d;
                Tier tier = Tier.ofRank(rnd.nextInt(4));
                // nearly every chunk belongs to one of 40 teams, so a principal in one or two teams reads few
                Set<String> groups = rnd.nextInt(50) == 0 ? Set.of() : Set.of(manyGroups.get(rnd.nextInt(manyGroups.size())));
                List<ChunkRecord> chunks = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    chunks.add(new ChunkRecord(docId + "#" + c, docId, "Doc " + d, c, 1, "", 0, 10,
                            randomText(rnd), unit(rnd), tier, groups, Set.of()));
                }
                batch.put(docId, chunks);
                all.addAll(chunks);
            }
            index.replaceDocuments(batch);
            double minShare = 1;
            double maxShare = 0;
            for (int trial = 0; trial < 60; trial++) {
                Set<String> mine = new HashSet<>();
                for (int g = 0; g < 1 + rnd.nextInt(3); g++) {
                    mine.add(manyGroups.get(rnd.nextInt(manyGroups.size())));
                }
                Principal p = new Principal("u" + trial, Set.of(Role.STAFF), Tier.ofRank(1 + rnd.nextInt(3)), mine);
                List<ChunkRecord> allowed = all.stream().filter(c -> p.mayRead(c.tier(), c.groups())).toList();
                double share = (double) allowed.size() / all.size();
                minShare = Math.min(minShare, share);
                maxShare = Math.max(maxShare, share);
                float[] q = unit(rnd);
                int k = 1 + rnd.nextInt(20);
                String text = WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)];
                for (SearchMode mode : SearchMode.values()) {
                    List<RetrievedChunk> hits = index.search(new SearchRequest(p, text, q, k, mode));
                    for (RetrievedChunk h : hits) {
                        assertTrue(p.mayRead(h.tier(), h.groups()), () -> mode + " leaked " + h.chunkId() + " to " + p);
                    }
                    if (mode != SearchMode.BM25) {
                        assertEquals(Math.min(k, allowed.size()), hits.size(), mode + " returned too few at share " + share);
                    }
                }
                ChunkRecord best = allowed.stream().max(Comparator.comparingDouble(c -> dot(c.vector(), q))).orElseThrow();
                List<RetrievedChunk> hits = index.search(new SearchRequest(p, text, q, k, SearchMode.VECTOR));
                assertEquals(best.chunkId(), hits.get(0).chunkId(), "exact best allowed chunk must rank first");
            }
            assertTrue(minShare >= 0.005 && maxShare <= 0.15, "the filters should admit about 1-10%: " + minShare + ".." + maxShare);
        }
    }

    @Test
    void int8QuantisedVectorsStillRankTheExactBestFirst() throws Exception {
        Random rnd = new Random(5);
        Principal admin = new Principal("a", Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of());
        IndexOptions int8 = IndexOptions.DEFAULT.withVectorStorage(IndexOptions.VectorStorage.INT8);
        List<ChunkRecord> all = new ArrayList<>();
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "m", DIM, RankFusion.DEFAULT, int8)) {
            Map<String, List<ChunkRecord>> batch = new LinkedHashMap<>();
            for (int d = 0; d < 500; d++) {
                ChunkRecord c = chunk("d" + d, 0, randomText(rnd), rnd);
                batch.put("d" + d, List.of(c));
                all.add(c);
            }
            index.replaceDocuments(batch);
            for (int trial = 0; trial < 50; trial++) {
                float[] q = unit(rnd);
                ChunkRecord best = all.stream().max(Comparator.comparingDouble(c -> dot(c.vector(), q))).orElseThrow();
                List<RetrievedChunk> hits = index.search(new SearchRequest(admin, null, q, 5, SearchMode.VECTOR));
                assertEquals(best.chunkId(), hits.get(0).chunkId(), "full-precision re-rank puts the exact best first");
                assertEquals(dot(best.vector(), q), hits.get(0).score() * 2 - 1, 1e-4, "score is the float dot product");
            }
        }
        // a float index reopened over int8 segments reads them: the format is recorded per segment
        try (LuceneChunkIndex again = LuceneChunkIndex.open(dir, "m", DIM, RankFusion.DEFAULT)) {
            assertEquals(500, again.chunkCount());
            assertEquals(5, again.search(new SearchRequest(admin, null, unit(rnd), 5, SearchMode.VECTOR)).size());
        }
    }

    @Test
    void bulkReplaceValidatesEverythingBeforeWritingAnything() throws Exception {
        Random rnd = new Random(8);
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "m", DIM, RankFusion.DEFAULT)) {
            ChunkRecord bad = new ChunkRecord("b:0", "b", "b", 0, 1, "", 0, 1, "x", new float[DIM + 1], Tier.PUBLIC, Set.of(), Set.of());
            Map<String, List<ChunkRecord>> batch = new LinkedHashMap<>();
            batch.put("a", List.of(chunk("a", 0, "first", rnd)));
            batch.put("b", List.of(bad));
            assertThrows(IllegalArgumentException.class, () -> index.replaceDocuments(batch));
            assertEquals(0, index.chunkCount(), "nothing of a rejected batch is written");
            index.replaceDocuments(Map.of("a", List.of(chunk("a", 0, "one", rnd), chunk("a", 1, "two", rnd)),
                    "c", List.of(chunk("c", 0, "three", rnd))));
            assertEquals(Set.of("a", "c"), index.documentIds());
            assertEquals(3, index.chunkCount());
        }
    }

    @Test
    void compactingKeepsEveryChunkAndEveryAnswer() throws Exception {
        Random rnd = new Random(21);
        Principal admin = new Principal("a", Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of());
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "m", DIM, RankFusion.DEFAULT)) {
            for (int d = 0; d < 30; d++) { // one commit each: many small segments
                index.replaceDocument("d" + d, List.of(chunk("d" + d, 0, randomText(rnd), rnd), chunk("d" + d, 1, randomText(rnd), rnd)));
            }
            index.deleteDocument("d3");
            float[] q = unit(rnd);
            List<String> before = index.search(new SearchRequest(admin, "cargo ledger", q, 10, SearchMode.HYBRID))
                    .stream().map(RetrievedChunk::chunkId).toList();
            index.compact();
            assertEquals(58, index.chunkCount());
            assertEquals(29, index.documentIds().size());
            assertEquals(before, index.search(new SearchRequest(admin, "cargo ledger", q, 10, SearchMode.HYBRID))
                    .stream().map(RetrievedChunk::chunkId).toList());
        }
    }

    @Test
    void reopeningWithAnotherDimensionIsRefused() throws Exception {
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "m", DIM, RankFusion.DEFAULT)) {
            index.replaceDocument("d", List.of(chunk("d", 0, "text", new Random(1))));
        }
        assertThrows(IndexModelMismatchException.class, () -> LuceneChunkIndex.open(dir, "m", DIM * 2, RankFusion.DEFAULT));
    }

    @Test
    void replaceIsWholeAndDeleteErases() throws Exception {
        Random rnd = new Random(7);
        Principal admin = new Principal("a", Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of());
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "test-model", DIM, RankFusion.DEFAULT)) {
            index.replaceDocument("d1", List.of(
                    chunk("d1", 0, "the cargo manifest lists seventeen containers", rnd),
                    chunk("d1", 1, "customs tariff for bananas", rnd)));
            index.replaceDocument("d2", List.of(chunk("d2", 0, "the pension scheme matures at sixty", rnd)));
            assertEquals(3, index.chunkCount());
            index.replaceDocument("d1", List.of(chunk("d1", 0, "revised manifest: nine containers", rnd)));
            assertEquals(2, index.chunkCount());
            assertTrue(bm25(index, admin, "seventeen").isEmpty(), "old chunks are gone after replace");
            assertEquals(1, bm25(index, admin, "nine containers").size());
            index.deleteDocument("d1");
            assertTrue(bm25(index, admin, "containers manifest").isEmpty());
            List<RetrievedChunk> vec = index.search(new SearchRequest(admin, null, unit(rnd), 10, SearchMode.VECTOR));
            assertTrue(vec.stream().noneMatch(h -> h.documentId().equals("d1")), "vectors are erased too");
            assertEquals(Set.of("d2"), index.documentIds());
        }
    }

    @Test
    void reopeningWithAnotherModelIsRefusedWithAWayOut() throws Exception {
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "model-a", DIM, RankFusion.DEFAULT)) {
            index.replaceDocument("d", List.of(chunk("d", 0, "text", new Random(1))));
        }
        IndexModelMismatchException e = assertThrows(IndexModelMismatchException.class,
                () -> LuceneChunkIndex.open(dir, "model-b", DIM, RankFusion.DEFAULT));
        assertTrue(e.getMessage().contains("model-a") && e.getMessage().contains("Re-embed"), e.getMessage());
        try (LuceneChunkIndex again = LuceneChunkIndex.open(dir, "model-a", DIM, RankFusion.DEFAULT)) {
            assertEquals(1, again.chunkCount(), "committed chunks survive a reopen");
        }
    }

    @Test
    void stopWordOnlyQueriesStillGetVectorResults() throws Exception {
        Random rnd = new Random(3);
        Principal p = new Principal("s", Set.of(Role.STAFF), Tier.INTERNAL, Set.of());
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "m", DIM, RankFusion.DEFAULT)) {
            index.replaceDocument("d", List.of(chunk("d", 0, "anything", rnd)));
            assertTrue(bm25(index, p, "the of and ?!").isEmpty());
            assertEquals(1, index.search(new SearchRequest(p, "the of and ?!", unit(rnd), 5, SearchMode.HYBRID)).size());
        }
    }

    private static List<RetrievedChunk> bm25(ChunkIndex index, Principal p, String q) {
        return index.search(new SearchRequest(p, q, null, 10, SearchMode.BM25));
    }

    private static ChunkRecord chunk(String doc, int ord, String text, Random rnd) {
        return new ChunkRecord(doc + "#" + ord, doc, doc, ord, 1, "", 0, text.length(), text, unit(rnd),
                Tier.PUBLIC, Set.of(), Set.of());
    }

    private static Set<String> randomGroups(Random rnd) {
        Set<String> g = new HashSet<>();
        for (String name : GROUPS) {
            if (rnd.nextInt(3) == 0) {
                g.add(name);
            }
        }
        return g;
    }

    private static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
        }
        return sb.toString().trim();
    }

    static float[] unit(Random rnd) {
        float[] v = new float[DIM];
        double n = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
