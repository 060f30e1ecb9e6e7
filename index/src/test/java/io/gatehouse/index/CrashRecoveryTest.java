package io.gatehouse.index;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 of a real JVM while it indexes: after restart every acknowledged document is there, whole, and nothing is partial. */
class CrashRecoveryTest {

    private static final int ACKS_BEFORE_KILL = 60;

    @TempDir
    Path dir;

    @Test
    void acknowledgedDocumentsSurviveSigkillWholeAndNothingIsPartial() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashingIndexer.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                    if (acked.size() >= ACKS_BEFORE_KILL) {
                        // The child is already writing the next document or batch: SIGKILL lands mid-write.
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        assertTrue(acked.size() >= ACKS_BEFORE_KILL, "child acknowledged only " + acked.size() + " documents before exiting");

        try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "crash-model", LuceneChunkIndexTest.DIM, RankFusion.DEFAULT)) {
            Set<String> present = index.documentIds();
            assertTrue(present.containsAll(acked), "acknowledged documents lost: " + diff(acked, present));
            Principal admin = new Principal("a", Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of());
            int total = (int) index.chunkCount();
            List<RetrievedChunk> all = index.search(new SearchRequest(admin, null,
                    LuceneChunkIndexTest.unit(new Random(1)), Math.max(1, total), SearchMode.VECTOR));
            assertEquals(total, all.size(), "every chunk is reachable by search");
            Map<String, Set<Integer>> ordinals = new HashMap<>();
            for (RetrievedChunk c : all) {
                ordinals.computeIfAbsent(c.documentId(), d -> new TreeSet<>()).add(c.ordinal());
                int doc = Integer.parseInt(c.documentId().substring(1));
                assertEquals(CrashingIndexer.text(doc, c.ordinal()), c.text(), "chunk text intact");
            }
            assertEquals(present, ordinals.keySet());
            for (Map.Entry<String, Set<Integer>> e : ordinals.entrySet()) {
                int doc = Integer.parseInt(e.getKey().substring(1));
                assertEquals(CrashingIndexer.chunksOf(doc), e.getValue().size(), e.getKey() + " is partial: " + e.getValue());
            }
            // the reopened index takes writes again
            index.deleteDocument(acked.iterator().next());
            assertEquals(present.size() - 1, index.documentIds().size());
        }
    }

    private static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
