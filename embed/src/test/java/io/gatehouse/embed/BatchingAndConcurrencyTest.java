package io.gatehouse.embed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchingAndConcurrencyTest {

    private static List<String> texts() {
        List<String> all = ReferenceTexts.handWritten();
        return all.subList(0, 60);
    }

    @Test
    void concurrentRunsGiveExactlyTheSequentialVectorsInInputOrder() {
        List<String> texts = texts();
        OnnxEmbedder.Options sequential = new OnnxEmbedder.Options(1, 1, 1, false, true);
        OnnxEmbedder.Options concurrent = new OnnxEmbedder.Options(1, 4, 1, false, true);
        try (OnnxEmbedder one = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), sequential);
             OnnxEmbedder four = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), concurrent)) {
            List<Embedding> a = one.embedDocuments(texts);
            List<Embedding> b = four.embedDocuments(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(a.get(i).vector(), b.get(i).vector(), 1e-6f, "text " + i);
                assertEquals(a.get(i).tokenCount(), b.get(i).tokenCount());
            }
        }
    }

    /**
     * A lone text runs on the wide session (two intra-op threads here), texts in flight together on
     * the narrow one (one thread each): the split is a scheduling choice and must not change a vector.
     */
    @Test
    void aTextAloneAndAmongOthersGetsTheSameVector() {
        List<String> texts = texts().subList(0, 20);
        try (OnnxEmbedder embedder = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), new OnnxEmbedder.Options(2, 2, 1, false, true))) {
            List<Embedding> together = embedder.embedDocuments(texts);
            for (int i = 0; i < texts.size(); i++) {
                Embedding alone = embedder.embedDocuments(List.of(texts.get(i))).getFirst();
                assertArrayEquals(alone.vector(), together.get(i).vector(), 1e-6f, "text " + i);
            }
            assertArrayEquals(embedder.embedQuery("how do I reset a password").vector(),
                    embedder.embedDocuments(List.of(EmbeddingModelSpec.bgeSmallEnV15().queryPrefix() + "how do I reset a password", "x"))
                            .getFirst().vector(), 1e-6f);
        }
    }

    @Test
    void oneEmbedderServesManyThreadsAtOnce() throws Exception {
        List<String> texts = texts();
        try (OnnxEmbedder shared = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15())) {
            List<Embedding> expected = shared.embedDocuments(texts);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < texts.size(); i++) {
                        int k = i;
                        futures.add(pool.submit(() -> k % 2 == 0
                                ? shared.embedDocuments(List.of(texts.get(k))).getFirst().vector()
                                : shared.embedDocuments(texts.subList(k, Math.min(texts.size(), k + 3))).getFirst().vector()));
                    }
                }
                for (int f = 0; f < futures.size(); f++) {
                    assertArrayEquals(expected.get(f % texts.size()).vector(), futures.get(f).get(), 1e-6f, "call " + f);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * With batches, texts are sorted by length and padded. Each vector must still land at its own
     * text's position and padding must not leak into mean pooling (it would drag short texts towards
     * the padding token's state). Dynamic int8 quantisation makes batched vectors differ a little from
     * single ones, so this checks identity by nearest neighbour and a loose cosine, not equality.
     */
    @Test
    void paddedBatchesKeepOrderAndIgnorePadding() {
        List<String> texts = new ArrayList<>(texts());
        texts.add(ReferenceTexts.handWritten().getLast().repeat(6)); // a long one forces heavy padding of the rest
        OnnxEmbedder.Options batched = new OnnxEmbedder.Options(1, 2, 16, false, true);
        try (OnnxEmbedder single = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2());
             OnnxEmbedder batches = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2(), batched)) {
            List<Embedding> a = single.embedDocuments(texts);
            List<Embedding> b = batches.embedDocuments(texts);
            for (int i = 0; i < texts.size(); i++) {
                int nearest = -1;
                double best = -2;
                for (int j = 0; j < texts.size(); j++) {
                    double c = Vectors.cosine(b.get(i).vector(), a.get(j).vector());
                    if (c > best) {
                        best = c;
                        nearest = j;
                    }
                }
                assertTrue(nearest == i || texts.get(nearest).equals(texts.get(i)), "text " + i + " landed at " + nearest);
                assertTrue(best > 0.95, "text " + i + " cosine to its single-run vector " + best);
                assertEquals(a.get(i).tokenCount(), b.get(i).tokenCount());
            }
        }
    }
}
