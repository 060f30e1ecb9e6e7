package io.gatehouse.embed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class EncoderGraphRewriteTest {

    private static final OnnxEmbedder.Options SHIPPED = OnnxEmbedder.Options.defaults().withGraphRewrites(false);

    @Test
    void bgeRunsOnlyTheClsRowOfItsLastLayerAndFoldsBiasesWithTheSameVectors() {
        try (OnnxEmbedder rewritten = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15());
             OnnxEmbedder shipped = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), SHIPPED)) {
            assertEquals(List.of(EncoderGraphRewrite.BIAS_SECOND, EncoderGraphRewrite.CLS_ROW_ONLY), rewritten.graphRewrites());
            assertEquals(List.of(), shipped.graphRewrites());
            assertEquals(shipped.identity(), rewritten.identity(), "a rewrite does not make it another model");
            assertAgree(rewritten, shipped, 0.9999);
        }
        // Padded batches: the keys of padding positions are masked for the one query row as for all.
        try (OnnxEmbedder rewritten = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), OnnxEmbedder.Options.defaults().withBatchSize(8));
             OnnxEmbedder shipped = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), SHIPPED.withBatchSize(8))) {
            assertAgree(rewritten, shipped, 0.9999);
        }
    }

    @Test
    void aMeanPooledModelKeepsEveryPositionAndOnlyFoldsBiases() {
        try (OnnxEmbedder rewritten = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2());
             OnnxEmbedder shipped = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2(), SHIPPED)) {
            assertEquals(List.of(EncoderGraphRewrite.BIAS_SECOND), rewritten.graphRewrites());
            assertAgree(rewritten, shipped, 0.99999);
        }
    }

    @Test
    void theRewrittenGraphAddsTwoSlicesAndRewiresTheQueryAndTheResidual() {
        byte[] model = EmbeddingModelSpec.bgeSmallEnV15().model().readAllBytes();
        OnnxGraph before = OnnxGraph.parse(model);
        EncoderGraphRewrite.Result result = EncoderGraphRewrite.apply(model, Pooling.CLS);
        OnnxGraph after = OnnxGraph.parse(result.model());
        assertEquals(before.nodes().size() + 2, after.nodes().size());
        List<OnnxGraph.Node> slices = after.nodes().stream().filter(n -> n.name().startsWith("gatehouse/")).toList();
        assertEquals(2, slices.size());
        for (OnnxGraph.Node slice : slices) {
            assertEquals("Slice", slice.opType());
            String row = slice.outputs().getFirst();
            assertTrue(after.nodes().stream().anyMatch(n -> n.inputs().contains(row)), row + " is read");
            assertTrue(after.isInitializer(slice.inputs().get(1)));
        }
        assertEquals(before.outputs(), after.outputs());
        long biasFirst = after.nodes().stream().filter(n -> n.opType().equals("Add")
                && after.isInitializer(n.inputs().get(0)) && !after.isInitializer(n.inputs().get(1))).count();
        assertEquals(0, biasFirst);
    }

    @Test
    void aGraphWrittenBackUnchangedParsesToTheSameNodes() {
        byte[] model = EmbeddingModelSpec.allMiniLmL6V2().model().readAllBytes();
        OnnxGraph graph = OnnxGraph.parse(model);
        OnnxGraph again = OnnxGraph.parse(graph.toByteArray());
        assertEquals(graph.nodes().size(), again.nodes().size());
        for (int i = 0; i < graph.nodes().size(); i++) {
            OnnxGraph.Node a = graph.nodes().get(i);
            OnnxGraph.Node b = again.nodes().get(i);
            assertEquals(a.inputs(), b.inputs());
            assertEquals(a.outputs(), b.outputs());
            assertEquals(a.opType(), b.opType());
            assertArrayEquals(a.rest(), b.rest());
        }
        assertEquals(graph.outputs(), again.outputs());
        assertEquals(graph.defaultOpset(), again.defaultOpset());
        assertTrue(graph.defaultOpset() >= 10);
    }

    @Test
    void malformedModelBytesFailWithAClearErrorNeverAnOutOfBoundsRead() {
        Random random = new Random(20261121);
        byte[] model = EmbeddingModelSpec.allMiniLmL6V2().model().readAllBytes();
        // The nodes come first in the graph: damage lands among them and the fields around them.
        byte[] head = Arrays.copyOf(model, 64 * 1024);
        for (int i = 0; i < 300; i++) {
            byte[] damaged = switch (i % 3) {
                case 0 -> Arrays.copyOf(head, random.nextInt(head.length));
                case 1 -> {
                    byte[] copy = head.clone();
                    for (int k = 0; k < 8; k++) {
                        copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                    }
                    yield copy;
                }
                default -> {
                    byte[] noise = new byte[random.nextInt(2048)];
                    random.nextBytes(noise);
                    yield noise;
                }
            };
            try {
                EncoderGraphRewrite.apply(damaged, Pooling.CLS);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isBlank());
            } catch (RuntimeException e) {
                fail("case " + i + " failed with " + e, e);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> OnnxGraph.parse(new byte[] {0x3a, 0x7f}));
    }

    @Test
    void aRewriteThatDoesNotLoadOrDisagreesIsDroppedForTheShippedGraph() {
        byte[] other = EmbeddingModelSpec.allMiniLmL6V2().model().readAllBytes();
        try (OnnxEmbedder shipped = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), SHIPPED);
             OnnxEmbedder unloadable = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), OnnxEmbedder.Options.defaults(),
                     (model, pooling) -> new EncoderGraphRewrite.Result(new byte[] {1, 2, 3}, List.of("broken")));
             // Loads, runs and has the right dimension, but is another model: only the probe can tell.
             OnnxEmbedder disagreeing = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15(), OnnxEmbedder.Options.defaults(),
                     (model, pooling) -> new EncoderGraphRewrite.Result(other, List.of("swapped")))) {
            assertEquals(List.of(), unloadable.graphRewrites());
            assertEquals(List.of(), disagreeing.graphRewrites());
            assertAgree(unloadable, shipped, 0.999999);
            assertAgree(disagreeing, shipped, 0.999999);
        }
    }

    private static void assertAgree(OnnxEmbedder a, OnnxEmbedder b, double minCosine) {
        List<String> texts = new ArrayList<>(ReferenceTexts.mixed(b, 120, b.maxTokens() - 2));
        texts.add("");
        texts.add("x");
        // Shuffled, so batches of more than one text mix lengths and padding is in play.
        Collections.shuffle(texts, new Random(7));
        List<Embedding> left = a.embedDocuments(texts);
        List<Embedding> right = b.embedDocuments(texts);
        for (int i = 0; i < texts.size(); i++) {
            double cos = Vectors.cosine(left.get(i).vector(), right.get(i).vector());
            assertTrue(cos >= minCosine, "text " + i + ": cosine " + cos);
        }
        assertTrue(Vectors.cosine(a.embedQuery("what is a mortgage").vector(), b.embedQuery("what is a mortgage").vector()) >= minCosine);
    }
}
