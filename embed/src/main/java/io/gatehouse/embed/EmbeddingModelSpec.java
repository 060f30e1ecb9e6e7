package io.gatehouse.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything needed to run one BERT-style embedding model: the ONNX graph, its tokenizer, how to pool,
 * the longest input it was trained on (special tokens included), the instruction prefix its queries
 * need (empty if none) and the vector dimension it produces.
 */
public record EmbeddingModelSpec(
        String name,
        ModelSource model,
        ModelSource tokenizer,
        Pooling pooling,
        int maxTokens,
        String queryPrefix,
        int dimension) {

    public EmbeddingModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(queryPrefix, "queryPrefix");
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must leave room for text between the special tokens, got " + maxTokens);
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
    }

    /** BAAI bge-small-en-v1.5, int8-quantised, as shipped in LangChain4j's model jar: the default. */
    public static EmbeddingModelSpec bgeSmallEnV15() {
        return new EmbeddingModelSpec(
                "bge-small-en-v1.5-q",
                ModelSource.classpath("bge-small-en-v1.5-q.onnx"),
                ModelSource.classpath("bge-small-en-v1.5-q-tokenizer.json"),
                Pooling.CLS,
                512,
                // BAAI's recommended instruction for short-query-to-passage retrieval.
                "Represent this sentence for searching relevant passages: ",
                384);
    }

    /**
     * sentence-transformers all-MiniLM-L6-v2, int8-quantised, from LangChain4j's model jar. Its
     * position table has 512 entries but it was trained on inputs of at most 256 word pieces, and
     * sentence-transformers cuts there, so we do too.
     */
    public static EmbeddingModelSpec allMiniLmL6V2() {
        return new EmbeddingModelSpec(
                "all-minilm-l6-v2-q",
                ModelSource.classpath("all-minilm-l6-v2-q.onnx"),
                ModelSource.classpath("all-minilm-l6-v2-q-tokenizer.json"),
                Pooling.MEAN,
                256,
                "",
                384);
    }

    /** Any other BERT-style model exported to ONNX with a HuggingFace tokenizer.json beside it. */
    public static EmbeddingModelSpec fromFiles(String name, Path onnx, Path tokenizerJson, Pooling pooling,
                                               int maxTokens, String queryPrefix, int dimension) {
        return new EmbeddingModelSpec(name, ModelSource.file(onnx), ModelSource.file(tokenizerJson),
                pooling, maxTokens, queryPrefix, dimension);
    }

    /**
     * The model configuration names: a bundled model when {@code onnx} is null, otherwise the model at
     * {@code onnx} with the tokenizer at {@code tokenizerJson}, under {@code name}. Every missing or
     * contradictory setting is reported with the setting's name.
     *
     * @param pooling {@code cls} or {@code mean}, any case
     */
    public static EmbeddingModelSpec resolve(String name, Path onnx, Path tokenizerJson, String pooling,
                                             int maxTokens, String queryPrefix, int dimension) {
        Objects.requireNonNull(name, "name");
        if (onnx == null) {
            if (tokenizerJson != null) {
                throw new IllegalArgumentException("a tokenizer path was given without the model's onnx path");
            }
            return bundled(name);
        }
        if (isBundledName(name)) {
            throw new IllegalArgumentException("'" + name + "' names a bundled model; give the model at " + onnx
                    + " a name of its own, so the index records which model built it");
        }
        if (tokenizerJson == null) {
            throw new IllegalArgumentException("the model at " + onnx + " needs the path of its tokenizer.json");
        }
        for (Path p : new Path[] {onnx, tokenizerJson}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no file at " + p);
            }
        }
        Pooling how;
        try {
            how = Pooling.valueOf(Objects.requireNonNull(pooling, "pooling").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pooling is cls or mean, got '" + pooling + "'");
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("the dimension of the model at " + onnx + " is required (e.g. 384)");
        }
        return fromFiles(name, onnx, tokenizerJson, how, maxTokens, queryPrefix == null ? "" : queryPrefix, dimension);
    }

    private static boolean isBundledName(String name) {
        return bundledNamed(name) != null;
    }

    /** Looks up a bundled model by the name used in configuration. */
    public static EmbeddingModelSpec bundled(String name) {
        EmbeddingModelSpec spec = bundledNamed(name);
        if (spec == null) {
            throw new IllegalArgumentException("no bundled embedding model named '" + name
                    + "'; bundled: bge-small-en-v1.5-q (default), all-minilm-l6-v2-q");
        }
        return spec;
    }

    private static EmbeddingModelSpec bundledNamed(String name) {
        return switch (name) {
            case "bge-small-en-v1.5-q", "bge-small-en-v1.5" -> bgeSmallEnV15();
            case "all-minilm-l6-v2-q", "all-MiniLM-L6-v2" -> allMiniLmL6V2();
            default -> null;
        };
    }
}
