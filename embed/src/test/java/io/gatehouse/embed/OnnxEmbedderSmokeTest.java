package io.gatehouse.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxEmbedderSmokeTest {

    private static OnnxEmbedder bge;

    @BeforeAll
    static void open() {
        bge = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15());
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    @Test
    void embedsDocumentsAsUnitVectorsOfTheModelDimension() {
        List<Embedding> out = bge.embedDocuments(List.of("The cat sat on the mat.", "Quarterly revenue grew by 4%."));
        assertEquals(2, out.size());
        for (Embedding e : out) {
            assertEquals(384, e.vector().length);
            assertEquals(1.0, Vectors.norm(e.vector()), 1e-4);
            assertFalse(e.truncated());
        }
        assertEquals(bge.countTokens("The cat sat on the mat."), out.getFirst().tokenCount());
    }

    @Test
    void identityIsNameAndSha256OfTheModelBytes() {
        ModelIdentity id = bge.identity();
        assertEquals("bge-small-en-v1.5-q", id.name());
        assertTrue(id.sha256().matches("[0-9a-f]{64}"), id.sha256());
        assertEquals(384, id.dimension());
    }

    @Test
    void queryIsCloserToItsAnswerThanToAnUnrelatedPassage() {
        Embedding q = bge.embedQuery("how tall is the eiffel tower");
        List<Embedding> docs = bge.embedDocuments(List.of(
                "The Eiffel Tower is 330 metres tall and stands in Paris.",
                "Photosynthesis converts light energy into chemical energy in plants."));
        assertTrue(Vectors.cosine(q.vector(), docs.get(0).vector()) > Vectors.cosine(q.vector(), docs.get(1).vector()));
    }
}
