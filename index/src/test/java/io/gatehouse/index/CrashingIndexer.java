package io.gatehouse.index;

import io.gatehouse.policy.Tier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The child JVM of {@link CrashRecoveryTest}: indexes documents for ever, alternating single replaces
 * and bulk batches, and prints {@code ACK <id>} for each document only after the call that wrote it
 * has returned. Document {@code d<i>} has {@link #chunksOf(int)} chunks, so the parent can tell whole from partial.
 */
public final class CrashingIndexer {

    private CrashingIndexer() {
    }

    static int chunksOf(int i) {
        return 1 + i % 7;
    }

    static String text(int doc, int ordinal) {
        return "document d" + doc + " chunk " + ordinal + " harbour ledger cargo";
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random rnd = new Random(11);
        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "crash-model", LuceneChunkIndexTest.DIM, RankFusion.DEFAULT)) {
            System.out.println("READY");
            System.out.flush();
            for (int i = 0; ; ) {
                if (i % 2 == 0) {
                    index.replaceDocument("d" + i, chunks(i, rnd));
                    System.out.println("ACK d" + i);
                    i++;
                } else {
                    Map<String, List<ChunkRecord>> batch = new LinkedHashMap<>();
                    for (int j = 0; j < 5; j++, i++) {
                        batch.put("d" + i, chunks(i, rnd));
                    }
                    index.replaceDocuments(batch);
                    batch.keySet().forEach(id -> System.out.println("ACK " + id));
                }
                System.out.flush();
            }
        }
    }

    private static List<ChunkRecord> chunks(int doc, Random rnd) {
        List<ChunkRecord> out = new ArrayList<>();
        for (int c = 0; c < chunksOf(doc); c++) {
            String t = text(doc, c);
            out.add(new ChunkRecord("d" + doc + ":" + c, "d" + doc, "D" + doc, c, 1, "", 0, t.length(), t,
                    LuceneChunkIndexTest.unit(rnd), Tier.PUBLIC, Set.of(), Set.of()));
        }
        return out;
    }
}
