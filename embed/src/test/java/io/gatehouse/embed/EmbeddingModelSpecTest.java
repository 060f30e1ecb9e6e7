package io.gatehouse.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingModelSpecTest {

    @TempDir
    Path dir;

    @Test
    void withoutAPathTheNameIsABundledModel() {
        assertEquals(EmbeddingModelSpec.allMiniLmL6V2(), EmbeddingModelSpec.resolve("all-minilm-l6-v2-q", null, null, "cls", 512, null, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingModelSpec.resolve("e5-small", null, null, "cls", 512, null, 0));
        assertTrue(e.getMessage().contains("no bundled embedding model named 'e5-small'"), e.getMessage());
    }

    @Test
    void aModelFromFilesTakesEverySettingGiven() throws IOException {
        Path onnx = Files.writeString(dir.resolve("m.onnx"), "x");
        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");
        EmbeddingModelSpec spec = EmbeddingModelSpec.resolve("e5-small", onnx, tokenizer, " Mean ", 512, "query: ", 384);
        assertEquals("e5-small", spec.name());
        assertEquals(Pooling.MEAN, spec.pooling());
        assertEquals("query: ", spec.queryPrefix());
        assertEquals(384, spec.dimension());
        assertEquals(512, spec.maxTokens());
        assertEquals(onnx.toString(), spec.model().describe());
        assertEquals("", EmbeddingModelSpec.resolve("e5-small", onnx, tokenizer, "cls", 512, null, 384).queryPrefix());
    }

    @Test
    void eachMissingOrContradictorySettingIsNamed() throws IOException {
        Path onnx = Files.writeString(dir.resolve("m.onnx"), "x");
        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");
        assertMessage("without the model's onnx path", () -> EmbeddingModelSpec.resolve("e5", null, tokenizer, "cls", 512, null, 384));
        assertMessage("names a bundled model", () -> EmbeddingModelSpec.resolve("bge-small-en-v1.5-q", onnx, tokenizer, "cls", 512, null, 384));
        assertMessage("needs the path of its tokenizer.json", () -> EmbeddingModelSpec.resolve("e5", onnx, null, "cls", 512, null, 384));
        assertMessage("no file at", () -> EmbeddingModelSpec.resolve("e5", dir.resolve("missing.onnx"), tokenizer, "cls", 512, null, 384));
        assertMessage("pooling is cls or mean, got 'max'", () -> EmbeddingModelSpec.resolve("e5", onnx, tokenizer, "max", 512, null, 384));
        assertMessage("dimension of the model", () -> EmbeddingModelSpec.resolve("e5", onnx, tokenizer, "cls", 512, null, 0));
        assertMessage("maxTokens must leave room", () -> EmbeddingModelSpec.resolve("e5", onnx, tokenizer, "cls", 2, null, 384));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should say '" + part + "'");
    }
}
