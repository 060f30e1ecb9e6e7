package io.gatehouse.embed;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncationTest {

    /** Words that are one word piece each in the BERT uncased vocabulary. */
    private static final String[] WORDS = {"house", "river", "green", "table", "music", "paper", "stone", "light"};

    private static String words(int n) {
        StringJoiner j = new StringJoiner(" ");
        for (int i = 0; i < n; i++) {
            j.add(WORDS[i % WORDS.length]);
        }
        return j.toString();
    }

    @Test
    void textBeyondTheMaximumIsCutToItsHeadAndFlagged() {
        try (OnnxEmbedder bge = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15())) {
            int room = bge.maxTokens() - 2; // [CLS] and [SEP]
            String head = words(room);
            String longer = words(room + 90);
            assertEquals(room, bge.countTokens(head));
            assertEquals(room + 90, bge.countTokens(longer));

            List<Embedding> out = bge.embedDocuments(List.of(head, longer));
            assertFalse(out.get(0).truncated());
            assertEquals(room, out.get(0).tokenCount());
            assertTrue(out.get(1).truncated());
            assertEquals(room + 90, out.get(1).tokenCount(), "the token count is the text's, not what was kept");
            // The model saw exactly the head: same ids, same run shape, same vector.
            assertEquals(1.0, Vectors.cosine(out.get(0).vector(), out.get(1).vector()), 1e-6);
        }
    }

    @Test
    void miniLmCutsAt256Tokens() {
        try (OnnxEmbedder miniLm = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2())) {
            assertEquals(256, miniLm.maxTokens());
            List<Embedding> out = miniLm.embedDocuments(List.of(words(254), words(255)));
            assertFalse(out.get(0).truncated());
            assertTrue(out.get(1).truncated());
        }
    }
}
