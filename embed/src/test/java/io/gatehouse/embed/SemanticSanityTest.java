package io.gatehouse.embed;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-written (anchor, paraphrase, unrelated) triples: the paraphrase must score higher, every time. */
class SemanticSanityTest {

    private static List<String[]> triples() throws IOException {
        try (InputStream in = SemanticSanityTest.class.getResourceAsStream("/semantic-triples.tsv")) {
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] t = line.split("\t");
                if (t.length != 3) {
                    throw new IllegalStateException("bad triple line: " + line);
                }
                out.add(t);
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bge-small-en-v1.5-q", "all-minilm-l6-v2-q"})
    void paraphraseBeatsUnrelatedForEveryTriple(String model) throws IOException {
        List<String[]> triples = triples();
        assertTrue(triples.size() >= 30, "a few dozen triples");
        List<String> flat = new ArrayList<>();
        triples.forEach(t -> flat.addAll(List.of(t)));
        try (OnnxEmbedder embedder = OnnxEmbedder.open(EmbeddingModelSpec.bundled(model))) {
            List<Embedding> v = embedder.embedDocuments(flat);
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < triples.size(); i++) {
                float[] anchor = v.get(3 * i).vector();
                double para = Vectors.cosine(anchor, v.get(3 * i + 1).vector());
                double unrelated = Vectors.cosine(anchor, v.get(3 * i + 2).vector());
                if (para <= unrelated) {
                    wrong.add("triple " + (i + 1) + ": paraphrase " + para + " <= unrelated " + unrelated);
                }
            }
            assertTrue(wrong.isEmpty(), model + ": " + wrong);
        }
    }
}
