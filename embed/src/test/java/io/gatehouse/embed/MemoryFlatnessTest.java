package io.gatehouse.embed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embeds many texts, bad ones included, and checks that resident memory stops growing once warm: a
 * leaked native tensor, tokenizer encoding or direct buffer per call would show up as steady growth.
 * The slow variant runs the 10,000 embeddings the issue asks for; the default one a shorter stretch.
 */
class MemoryFlatnessTest {

    @Test
    void residentMemoryIsFlatOver2000Embeddings() throws IOException {
        run(2_000, 4);
    }

    @Test
    @Tag("slow")
    void residentMemoryIsFlatOver10000Embeddings() throws IOException {
        run(10_000, 10);
    }

    private static void run(int total, int checkpoints) throws IOException {
        List<String> texts = new ArrayList<>(ReferenceTexts.handWritten());
        texts.add("");
        texts.add("   ");
        texts.add("bad \uD800 surrogate");
        texts.add("control\u0000\u0007chars");
        texts.add("long ".repeat(800)); // truncated every time
        int chunk = 100;
        try (OnnxEmbedder bge = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15())) {
            // Warm-up: let ONNX Runtime's arena, the JIT and the heap reach their working size first.
            embed(bge, texts, 0, total / 5, chunk);
            long[] rss = new long[checkpoints + 1];
            rss[0] = settledRssKb();
            int done = total / 5;
            int per = (total - done) / checkpoints;
            for (int c = 1; c <= checkpoints; c++) {
                embed(bge, texts, done, per, chunk);
                done += per;
                rss[c] = settledRssKb();
            }
            StringBuilder trace = new StringBuilder();
            for (long r : rss) {
                trace.append(r / 1024).append(" MB ");
            }
            System.out.printf("%d embeddings, RSS at checkpoints after warm-up: %s%n", done, trace);
            // The first checkpoint still holds garbage from warm-up that the next GC returns, which
            // would hide a leak of the same size; measure growth from the second.
            long growthMb = (rss[checkpoints] - rss[1]) / 1024;
            // A leak of one output tensor per call (>= 30 KB) over 8,000 calls would be > 200 MB.
            assertTrue(growthMb < 64, "resident memory grew by " + growthMb + " MB after warm-up: " + trace);
        }
    }

    private static void embed(OnnxEmbedder bge, List<String> texts, int from, int count, int chunk) {
        for (int start = 0; start < count; start += chunk) {
            List<String> batch = new ArrayList<>(chunk);
            for (int i = 0; i < Math.min(chunk, count - start); i++) {
                batch.add(texts.get((from + start + i) % texts.size()));
            }
            bge.embedDocuments(batch);
            bge.embedQuery(batch.getFirst());
        }
    }

    private static long settledRssKb() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
