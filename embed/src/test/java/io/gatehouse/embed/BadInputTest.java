package io.gatehouse.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs a careless caller or a hostile document can produce: each has a defined outcome. */
class BadInputTest {

    private static OnnxEmbedder bge;

    @BeforeAll
    static void open() {
        bge = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15());
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    private static void assertUnitVector(Embedding e) {
        assertEquals(384, e.vector().length);
        for (float x : e.vector()) {
            assertTrue(Float.isFinite(x), "finite components");
        }
        assertEquals(1.0, Vectors.norm(e.vector()), 1e-4);
    }

    @Test
    void emptyAndBlankTextGiveTheEmptyInputVectorWithZeroTokens() {
        List<Embedding> out = bge.embedDocuments(List.of("", " ", "\t\n  \r\n", "\u00A0\u2003"));
        Embedding empty = out.getFirst();
        for (Embedding e : out) {
            assertUnitVector(e);
            assertEquals(0, e.tokenCount());
            assertFalse(e.truncated());
            // Whitespace normalises away, so every one is the model's vector for [CLS][SEP].
            assertEquals(1.0, Vectors.cosine(empty.vector(), e.vector()), 1e-6);
        }
        assertEquals(0, bge.countTokens("   "));
        assertUnitVector(bge.embedQuery(""));
    }

    @Test
    void oneMegabyteOfTextIsTruncatedAndSaysSo() {
        StringBuilder sb = new StringBuilder(1 << 20);
        while (sb.length() < (1 << 20)) {
            sb.append("Large documents arrive from scanners and exports without paragraph breaks. ");
        }
        String big = sb.toString();
        Embedding e = bge.embedDocuments(List.of(big)).getFirst();
        assertUnitVector(e);
        assertTrue(e.truncated());
        assertEquals(bge.countTokens(big), e.tokenCount());
        assertTrue(e.tokenCount() > 100_000, "counts every token of the text, got " + e.tokenCount());
        Embedding q = bge.embedQuery(big);
        assertUnitVector(q);
        assertTrue(q.truncated());
    }

    @Test
    void unpairedSurrogatesAreReplacedNotFatal() {
        String lonelyHigh = "price \uD83D rises";
        String lonelyLow = "price \uDE00 rises";
        String reversedPair = "price \uDE00\uD83D rises";
        String trailingHigh = "ends with \uD83D";
        List<Embedding> out = bge.embedDocuments(List.of(lonelyHigh, lonelyLow, reversedPair, trailingHigh));
        out.forEach(BadInputTest::assertUnitVector);
        // A lone surrogate means exactly what U+FFFD means.
        Embedding replaced = bge.embedDocuments(List.of("price \uFFFD rises")).getFirst();
        assertEquals(1.0, Vectors.cosine(replaced.vector(), out.get(0).vector()), 1e-6);
        assertEquals(1.0, Vectors.cosine(replaced.vector(), out.get(1).vector()), 1e-6);
        assertEquals(bge.countTokens("price \uFFFD rises"), bge.countTokens(lonelyHigh));
    }

    @Test
    void controlCharactersAreDroppedByTheTokenizerNormaliser() {
        String clean = "quarterly revenue grew";
        String noisy = "quarterly\u0000 revenue\u0007\u001B grew\u007F\u0085";
        List<Embedding> out = bge.embedDocuments(List.of(clean, noisy, "\u0000\u0001\u0002"));
        out.forEach(BadInputTest::assertUnitVector);
        assertEquals(1.0, Vectors.cosine(out.get(0).vector(), out.get(1).vector()), 1e-5);
        assertEquals(0, out.get(2).tokenCount());
    }

    @Test
    void nullIsRejectedWithItsPosition() {
        List<String> withNull = new ArrayList<>(Arrays.asList("fine", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bge.embedDocuments(withNull));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> bge.embedQuery(null));
        assertThrows(NullPointerException.class, () -> bge.embedDocuments(null));
    }

    @Test
    void noTextsGiveNoEmbeddings() {
        assertEquals(List.of(), bge.embedDocuments(List.of()));
    }

    @Test
    void aClosedEmbedderRefusesWorkInsteadOfTouchingFreedMemory() {
        OnnxEmbedder shortLived = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2());
        shortLived.close();
        shortLived.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> shortLived.embedQuery("hello"));
        assertThrows(IllegalStateException.class, () -> shortLived.countTokens("hello"));
    }
}
