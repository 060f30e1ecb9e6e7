package io.gatehouse.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our vectors against LangChain4j's in-process model class for the same ONNX file, text by text.
 * LangChain4j embeds each text alone (no padding); we embed the whole list at once, sorted and
 * concurrent, which is the path ingestion takes. Texts stay where both implementations see the same
 * tokens: LangChain4j splits texts over 510 tokens into parts and averages them where we truncate, and
 * for MiniLM it keeps the 128-token truncation written into that model's tokenizer.json (we cut at
 * 256, sentence-transformers' setting for the model), so MiniLM texts stay within 126 text tokens.
 */
class ReferenceAgreementTest {

    private static final int TEXTS = 200;
    private static final double MIN_COSINE = 0.999;

    @Test
    void bgeSmallMatchesLangChain4jOnEveryText() {
        try (OnnxEmbedder ours = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15())) {
            List<String> texts = ReferenceTexts.mixed(ours, TEXTS, ours.maxTokens() - 2);
            assertAgreement(ours, new BgeSmallEnV15QuantizedEmbeddingModel(), texts);
        }
    }

    @Test
    void allMiniLmMatchesLangChain4jOnEveryText() {
        try (OnnxEmbedder ours = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2())) {
            List<String> texts = ReferenceTexts.mixed(ours, TEXTS, 128 - 2);
            assertAgreement(ours, new AllMiniLmL6V2QuantizedEmbeddingModel(), texts);
        }
    }

    @Test
    void bgeQueryIsThePrefixedTextEmbeddedByTheReference() {
        EmbeddingModel reference = new BgeSmallEnV15QuantizedEmbeddingModel();
        try (OnnxEmbedder ours = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15())) {
            for (String q : List.of("how tall is the eiffel tower", "refund policy for damaged goods",
                    "wie hoch ist die zugspitze", "python read file line by line")) {
                float[] expected = reference.embed(ours.spec().queryPrefix() + q).content().vector();
                double cos = Vectors.cosine(expected, ours.embedQuery(q).vector());
                assertTrue(cos >= MIN_COSINE, "query cosine " + cos);
            }
        }
    }

    private static void assertAgreement(OnnxEmbedder ours, EmbeddingModel reference, List<String> texts) {
        assertEquals(TEXTS, texts.size());
        List<Embedding> mine = ours.embedDocuments(texts);
        List<String> failures = new ArrayList<>();
        double worst = 1;
        int longest = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = reference.embed(texts.get(i)).content().vector();
            double cos = Vectors.cosine(expected, mine.get(i).vector());
            worst = Math.min(worst, cos);
            longest = Math.max(longest, mine.get(i).tokenCount());
            if (cos < MIN_COSINE) {
                failures.add("#" + i + " (" + mine.get(i).tokenCount() + " tokens) cosine " + cos);
            }
        }
        System.out.printf("%s: %d texts, up to %d tokens, worst cosine %.6f%n",
                ours.identity().name(), texts.size(), longest, worst);
        assertTrue(longest > 100, "the set must include long texts, longest has " + longest + " tokens");
        assertTrue(failures.isEmpty(), "texts below cosine " + MIN_COSINE + ": " + failures);
    }
}
