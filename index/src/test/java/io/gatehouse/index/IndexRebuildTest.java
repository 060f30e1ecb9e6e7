package io.gatehouse.index;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexRebuildTest {

    @TempDir
    Path dir;

    @Test
    void reembeddingKeepsEveryChunkAndItsMetadataUnderTheNewModel() throws Exception {
        Random rnd = new Random(5);
        Path old = dir.resolve("old");
        try (LuceneChunkIndex index = LuceneChunkIndex.open(old, "model-a", 16, RankFusion.DEFAULT)) {
            index.replaceDocument("d1", List.of(
                    new ChunkRecord("d1:0", "d1", "Pilotage", 0, 3, "Fees", 5, 40, "pilotage fees rise in spring",
                            LuceneChunkIndexTest.unit(rnd), Tier.RESTRICTED, Set.of("finance"), Set.of("CREDIT_CARD")),
                    new ChunkRecord("d1:1", "d1", "Pilotage", 1, 4, "Fees", 0, 20, "tugs are booked a day ahead",
                            LuceneChunkIndexTest.unit(rnd), Tier.INTERNAL, Set.of(), Set.of())));
            index.replaceDocument("d2", List.of(new ChunkRecord("d2:0", "d2", "Gone", 0, 1, "", 0, 5, "erased text",
                    LuceneChunkIndexTest.unit(rnd), Tier.PUBLIC, Set.of(), Set.of())));
            index.deleteDocument("d2");
        }
        Path fresh = dir.resolve("new");
        long n = IndexRebuild.reembed(old, fresh, "model-b", 8, texts -> texts.stream().map(t -> {
            float[] v = new float[8];
            v[Math.abs(t.hashCode()) % 8] = 1f;
            return v;
        }).toList(), done -> { });
        assertEquals(2, n, "deleted chunks are not resurrected");
        assertThrows(IndexModelMismatchException.class, () -> LuceneChunkIndex.open(fresh, "model-a", 16, RankFusion.DEFAULT));
        try (LuceneChunkIndex index = LuceneChunkIndex.open(fresh, "model-b", 8, RankFusion.DEFAULT)) {
            Principal analyst = new Principal("a", Set.of(Role.STAFF), Tier.RESTRICTED, Set.of("finance"));
            List<RetrievedChunk> hits = index.search(new SearchRequest(analyst, "pilotage fees", null, 5, SearchMode.BM25));
            RetrievedChunk c = hits.getFirst();
            assertEquals("d1:0", c.chunkId());
            assertEquals(Tier.RESTRICTED, c.tier());
            assertEquals(Set.of("finance"), c.groups());
            assertEquals(Set.of("CREDIT_CARD"), c.piiTypes());
            assertEquals(3, c.page());
            Principal staff = new Principal("s", Set.of(Role.STAFF), Tier.INTERNAL, Set.of());
            assertTrue(index.search(new SearchRequest(staff, "pilotage fees", null, 5, SearchMode.BM25)).stream()
                    .noneMatch(h -> h.chunkId().equals("d1:0")), "the tier still filters");
        }
    }
}
