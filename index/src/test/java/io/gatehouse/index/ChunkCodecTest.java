package io.gatehouse.index;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkCodecTest {

    private static final Principal ADMIN = new Principal("admin", Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of("hr", "legal"));

    @TempDir
    Path dir;

    @Test
    void theCodecIsFoundByTheNameSegmentsRecord() {
        assertEquals(ChunkCodec.class, Codec.forName(ChunkCodec.NAME).getClass());
    }

    @Test
    void storedFieldsOfAnySizeAndScriptComeBackExactly() throws Exception {
        Random rnd = new Random(11);
        List<ChunkRecord> all = new ArrayList<>();
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "test-model", LuceneChunkIndexTest.DIM, RankFusion.DEFAULT)) {
            for (int d = 0; d < 60; d++) {
                // From empty to far beyond a 2 KB block, so chunks share blocks and span several.
                int length = switch (d % 4) {
                    case 0 -> rnd.nextInt(3);
                    case 1 -> rnd.nextInt(2_000);
                    case 2 -> 2_000 + rnd.nextInt(3_000);
                    default -> rnd.nextInt(60_000);
                };
                ChunkRecord c = new ChunkRecord("c" + d, "d" + d, randomString(rnd, rnd.nextInt(80)), 0, 1 + rnd.nextInt(900),
                        randomString(rnd, rnd.nextInt(40)), rnd.nextInt(1000), 1000 + rnd.nextInt(1000),
                        randomString(rnd, length), LuceneChunkIndexTest.unit(rnd), Tier.ofRank(rnd.nextInt(4)),
                        rnd.nextBoolean() ? Set.of("hr", "legal") : Set.of(), rnd.nextBoolean() ? Set.of("EMAIL") : Set.of());
                index.replaceDocument(c.documentId(), List.of(c));
                all.add(c);
                if (d == 30) {
                    index.compact(); // one merged segment plus new ones: both paths of the reader
                }
            }
            for (ChunkRecord c : all) {
                assertStoredAsWritten(c, index.chunk(c.chunkId(), ADMIN).orElseThrow());
            }
        }
        assertEquals(Set.of(ChunkCodec.NAME), segmentCodecs(dir));
    }

    @Test
    void anIndexWrittenWithLucenesDefaultCodecOpensAndIsRewrittenAsItMerges() throws Exception {
        Random rnd = new Random(5);
        List<ChunkRecord> all = new ArrayList<>();
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "test-model", LuceneChunkIndexTest.DIM, RankFusion.DEFAULT)) {
            for (int d = 0; d < 20; d++) {
                all.add(add(index, d, rnd));
            }
        }
        // What Gatehouse wrote before it had its own codec: Lucene's default with HNSW on the vector field.
        Codec earlier = new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return new Lucene99HnswVectorsFormat();
            }
        };
        try (Directory d = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setCodec(earlier))) {
            w.forceMerge(1);
            w.commit();
        }
        assertEquals(Set.of("Lucene104"), segmentCodecs(dir));

        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "test-model", LuceneChunkIndexTest.DIM, RankFusion.DEFAULT)) {
            for (int d = 20; d < 23; d++) { // too few new segments for a background merge
                all.add(add(index, d, rnd));
            }
            assertEquals(Set.of("Lucene104", ChunkCodec.NAME), segmentCodecs(dir));
            assertAllFound(index, all);
            index.compact();
            assertAllFound(index, all);
        }
        assertEquals(Set.of(ChunkCodec.NAME), segmentCodecs(dir));
    }

    private static ChunkRecord add(LuceneChunkIndex index, int d, Random rnd) {
        ChunkRecord c = new ChunkRecord("c" + d, "d" + d, "Doc " + d, 0, 1, "", 0, 10,
                "ledger entry " + d + " " + randomString(rnd, 1_500), LuceneChunkIndexTest.unit(rnd), Tier.PUBLIC,
                Set.of(), Set.of());
        index.replaceDocument(c.documentId(), List.of(c));
        return c;
    }

    /** Every chunk is read back whole, and is its own nearest neighbour through the HNSW graph of its segment. */
    private static void assertAllFound(LuceneChunkIndex index, List<ChunkRecord> all) {
        for (ChunkRecord c : all) {
            assertStoredAsWritten(c, index.chunk(c.chunkId(), ADMIN).orElseThrow());
            List<RetrievedChunk> hits = index.search(new SearchRequest(ADMIN, null, c.vector(), 1, SearchMode.VECTOR));
            assertEquals(c.chunkId(), hits.getFirst().chunkId());
            assertStoredAsWritten(c, hits.getFirst());
        }
    }

    private static void assertStoredAsWritten(ChunkRecord c, RetrievedChunk r) {
        assertEquals(c.text(), r.text(), c.chunkId());
        assertEquals(c.documentId(), r.documentId());
        assertEquals(c.documentTitle(), r.documentTitle());
        assertEquals(c.section(), r.section());
        assertEquals(c.page(), r.page());
        assertEquals(c.tier(), r.tier());
        assertEquals(c.groups(), r.groups());
        assertEquals(c.piiTypes(), r.piiTypes());
    }

    private static Set<String> segmentCodecs(Path path) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Directory d = FSDirectory.open(path)) {
            for (SegmentCommitInfo s : SegmentInfos.readLatestCommit(d)) {
                names.add(s.info.getCodec().getName());
            }
        }
        assertTrue(!names.isEmpty());
        return names;
    }

    /** Letters, digits, spaces, accents, CJK and characters outside the BMP (surrogate pairs). */
    private static String randomString(Random rnd, int codePoints) {
        StringBuilder sb = new StringBuilder(codePoints);
        for (int i = 0; i < codePoints; i++) {
            int cp = switch (rnd.nextInt(6)) {
                case 0 -> ' ';
                case 1 -> 0x00C0 + rnd.nextInt(0x40);
                case 2 -> 0x4E00 + rnd.nextInt(0x5000);
                case 3 -> 0x1F600 + rnd.nextInt(0x40);
                default -> 'a' + rnd.nextInt(26);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
