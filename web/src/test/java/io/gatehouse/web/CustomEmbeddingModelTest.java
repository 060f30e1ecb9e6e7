package io.gatehouse.web;

import io.gatehouse.embed.Embedder;
import io.gatehouse.embed.EmbeddingModelSpec;
import io.gatehouse.embed.OnnxEmbedder;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model that is not bundled, configured by its files: the server embeds, indexes and answers with it, and
 * the index records it under the configured name and the file's hash. The files are the bundled MiniLM's,
 * copied out of its jar, so the vectors can be checked against the bundled model's.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomEmbeddingModelTest extends RealServerTest {

    @Inject
    Embedder embedder;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestServerProperties.fresh());
        EmbeddingModelSpec minilm = EmbeddingModelSpec.allMiniLmL6V2();
        try {
            Path dir = Files.createTempDirectory("gatehouse-model");
            Path onnx = Files.write(dir.resolve("model.onnx"), minilm.model().readAllBytes());
            Path tokenizer = Files.write(dir.resolve("tokenizer.json"), minilm.tokenizer().readAllBytes());
            p.put("gatehouse.embedding.model", "minilm-from-files");
            p.put("gatehouse.embedding.onnx", onnx.toString());
            p.put("gatehouse.embedding.tokenizer", tokenizer.toString());
            p.put("gatehouse.embedding.pooling", "mean");
            p.put("gatehouse.embedding.max-tokens", "256");
            p.put("gatehouse.embedding.dimension", "384");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void aModelGivenByItsFilesEmbedsIndexesAndAnswersUnderItsOwnName() {
        try (OnnxEmbedder bundled = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2())) {
            assertEquals("minilm-from-files", embedder.identity().name());
            assertEquals(bundled.identity().sha256(), embedder.identity().sha256(), "same file, same hash");
            float[] ours = embedder.embedQuery("who feeds the lighthouse cat").vector();
            float[] theirs = bundled.embedQuery("who feeds the lighthouse cat").vector();
            double dot = 0;
            for (int i = 0; i < ours.length; i++) {
                dot += ours[i] * theirs[i];
            }
            assertTrue(dot > 0.99999, "mean pooling as configured: cosine " + dot);
        }
        String admin = login("admin");
        byte[] pdf = Pdfs.pages("Lighthouse Operations Manual", List.of(
                List.of("Chapter 1. The lamp room.", "The lamp must be cleaned every morning before sunrise."),
                List.of("Chapter 2. Animals on the station.", "The keeper's cat is named Quillibert and weighs seven kilograms.")));
        String docId = uploadAndWait(admin, "lighthouse-manual.pdf", pdf, "INTERNAL");
        Map<?, ?> answer = ask(login("staff"), "What is the name of the keeper's cat?");
        assertTrue(((String) answer.get("answer")).contains("Quillibert"), () -> "answer: " + answer);
        List<Map<?, ?>> citations = (List<Map<?, ?>>) answer.get("citations");
        assertTrue(citations.stream().anyMatch(c -> docId.equals(c.get("documentId"))), () -> "citations: " + citations);
    }
}
