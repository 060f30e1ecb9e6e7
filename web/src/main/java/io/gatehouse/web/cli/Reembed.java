package io.gatehouse.web.cli;

import io.gatehouse.embed.Embedding;
import io.gatehouse.embed.EmbeddingModelSpec;
import io.gatehouse.embed.OnnxEmbedder;
import io.gatehouse.index.IndexRebuild;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./gatehouse reembed --model NAME [--data-dir data]}: rebuilds the chunk index's vectors with another
 * embedding model from the chunk text the index stores, with the server stopped. The model is a bundled one,
 * or, with {@code --onnx PATH --tokenizer PATH --pooling cls|mean --dimension N [--max-tokens N]
 * [--query-prefix TEXT]}, any other BERT-style model under the name given. The old index is kept beside the
 * new one ({@code index.before-reembed-<time>}) until you delete it.
 */
public final class Reembed {

    private Reembed() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!opts.containsKey("model")) {
            System.err.println("usage: ./gatehouse reembed --model bge-small-en-v1.5-q|all-minilm-l6-v2-q [--data-dir data]");
            System.err.println("   or: ./gatehouse reembed --model NAME --onnx model.onnx --tokenizer tokenizer.json"
                    + " --pooling cls|mean --dimension N [--max-tokens 512] [--query-prefix TEXT] [--data-dir data]");
            System.exit(2);
        }
        EmbeddingModelSpec spec;
        try {
            spec = EmbeddingModelSpec.resolve(opts.get("model"), path(opts.get("onnx")), path(opts.get("tokenizer")),
                    opts.getOrDefault("pooling", "cls"), number(opts, "max-tokens", "512"),
                    opts.get("query-prefix"), number(opts, "dimension", "0"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path data = Path.of(opts.getOrDefault("data-dir", System.getenv().getOrDefault("GATEHOUSE_DATA_DIR", "data")));
        Path index = data.resolve("index");
        if (!Files.isDirectory(index)) {
            System.err.println("no index at " + index.toAbsolutePath());
            System.exit(1);
        }
        try (Directory dir = FSDirectory.open(index); Lock lock = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            lock.ensureValid(); // held only to prove no server is writing; released before the swap
        } catch (LockObtainFailedException e) {
            System.err.println("the index is in use: stop the server first");
            System.exit(1);
        }
        Path fresh = data.resolve("index.reembed");
        if (Files.exists(fresh)) {
            System.err.println(fresh + " exists (an interrupted run?); delete it and start again");
            System.exit(1);
        }
        try (OnnxEmbedder embedder = OnnxEmbedder.open(spec)) {
            long n = IndexRebuild.reembed(index, fresh, embedder.identity().id(), embedder.dimension(),
                    texts -> embedder.embedDocuments(texts).stream().map(Embedding::vector).toList(),
                    done -> System.out.printf("\r%d chunks re-embedded", done));
            Path before = data.resolve("index.before-reembed-" + System.currentTimeMillis());
            Files.move(index, before, StandardCopyOption.ATOMIC_MOVE);
            Files.move(fresh, index, StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("%n%d chunks re-embedded with %s; the previous index is in %s.%n", n, opts.get("model"), before);
            System.out.printf("Start the server with GATEHOUSE_EMBEDDING_MODEL=%s (gatehouse.embedding.model)%s.%n", opts.get("model"),
                    opts.containsKey("onnx") ? " and the same gatehouse.embedding.onnx, tokenizer, pooling, dimension,"
                            + " max-tokens and query-prefix" : "");
        }
    }

    private static int number(Map<String, String> opts, String option, String otherwise) {
        String value = opts.getOrDefault(option, otherwise);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " takes a whole number, got '" + value + "'");
        }
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }
}
