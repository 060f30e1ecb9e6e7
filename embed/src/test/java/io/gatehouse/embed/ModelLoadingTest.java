package io.gatehouse.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLoadingTest {

    @TempDir
    Path dir;

    private Path copyOut(ModelSource source, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, source.readAllBytes());
        return p;
    }

    @Test
    void aModelFromFilesIsTheSameModelAsFromTheJar() throws IOException {
        EmbeddingModelSpec bundled = EmbeddingModelSpec.bgeSmallEnV15();
        Path onnx = copyOut(bundled.model(), "model.onnx");
        Path tok = copyOut(bundled.tokenizer(), "tokenizer.json");
        EmbeddingModelSpec fromDisk = EmbeddingModelSpec.fromFiles("bge-small-en-v1.5-q", onnx, tok,
                Pooling.CLS, 512, bundled.queryPrefix(), 384);
        try (OnnxEmbedder a = OnnxEmbedder.open(bundled); OnnxEmbedder b = OnnxEmbedder.open(fromDisk)) {
            assertEquals(a.identity(), b.identity());
            assertArrayEquals(a.embedQuery("file or jar").vector(), b.embedQuery("file or jar").vector(), 1e-6f);
        }
    }

    @Test
    void theTwoBundledModelsHaveDifferentIdentities() {
        try (OnnxEmbedder bge = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15());
             OnnxEmbedder mini = OnnxEmbedder.open(EmbeddingModelSpec.allMiniLmL6V2())) {
            assertNotEquals(bge.identity().sha256(), mini.identity().sha256());
            assertNotEquals(bge.identity().id(), mini.identity().id());
            assertTrue(bge.identity().id().startsWith("bge-small-en-v1.5-q@"));
            assertTrue(bge.identity().id().endsWith(":384"));
        }
    }

    @Test
    void aSpecWithTheWrongDimensionIsRefusedAtOpen() {
        EmbeddingModelSpec b = EmbeddingModelSpec.bgeSmallEnV15();
        EmbeddingModelSpec wrong = new EmbeddingModelSpec(b.name(), b.model(), b.tokenizer(), b.pooling(), 512, "", 768);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxEmbedder.open(wrong));
        assertTrue(e.getMessage().contains("384"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAModelIsAClearError() throws IOException {
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "not a model");
        Path tok = copyOut(EmbeddingModelSpec.bgeSmallEnV15().tokenizer(), "tokenizer.json");
        EmbeddingModelSpec spec = EmbeddingModelSpec.fromFiles("junk", junk, tok, Pooling.MEAN, 512, "", 384);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OnnxEmbedder.open(spec));
        assertTrue(e.getMessage().contains("junk.onnx"), e.getMessage());
    }

    @Test
    void aMissingTokenizerIsAClearError() throws IOException {
        Path onnx = copyOut(EmbeddingModelSpec.allMiniLmL6V2().model(), "model.onnx");
        EmbeddingModelSpec spec = EmbeddingModelSpec.fromFiles("x", onnx, dir.resolve("absent.json"), Pooling.MEAN, 256, "", 384);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OnnxEmbedder.open(spec));
        assertTrue(e.getMessage().contains("absent.json"), e.getMessage());
    }

    @Test
    void unknownBundledNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddingModelSpec.bundled("gpt"));
        assertTrue(e.getMessage().contains("bge-small-en-v1.5-q"));
    }

    @Test
    void bundledNamesResolve() {
        assertEquals(Pooling.CLS, EmbeddingModelSpec.bundled("bge-small-en-v1.5-q").pooling());
        assertEquals(Pooling.MEAN, EmbeddingModelSpec.bundled("all-minilm-l6-v2-q").pooling());
        assertEquals(List.of(512, 256), List.of(EmbeddingModelSpec.bgeSmallEnV15().maxTokens(), EmbeddingModelSpec.allMiniLmL6V2().maxTokens()));
    }
}
