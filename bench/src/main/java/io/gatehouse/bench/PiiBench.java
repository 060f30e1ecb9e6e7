package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.policy.pii.Recognizer;
import io.gatehouse.policy.pii.RecognizerPiiDetector;
import io.gatehouse.policy.pii.StandardRecognizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./gatehouse bench pii [--mb 2] [--rounds 5]}: throughput of the whole PII detector on one thread,
 * in MB of UTF-8 text per second of that thread's CPU time, over chunks of about 1,000 characters (the
 * size ingestion tags). Two texts: web passages (the MS MARCO sample in {@code ../shared/eval}, ordinary
 * document prose) and the PII evaluation file's sentences packed into chunks (every line full of names,
 * numbers and addresses: the worst case). Each is repeated to the requested size. Beside them, in the same
 * run: a single-regex baseline (the email recognizer) to compare machines by ratio, and the cost of each
 * recognizer alone on the PII-dense text. Writes {@code bench/target/pii-bench.json}.
 */
public final class PiiBench {

    private static final int CHUNK_CHARS = 1000;

    private PiiBench() {
    }

    public static void main(String[] args) throws IOException {
        double mb = 2.0;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path piiPath = PiiEval.locateDefault();
        Path prosePath = piiPath.resolveSibling("../msmarco-5k/corpus.jsonl").normalize();
        List<String> dense = chunks(sentences(piiPath, "full_text"), (long) (mb * 1_000_000));
        List<String> prose = chunks(Files.exists(prosePath) ? passages(prosePath) : List.of(), (long) (mb * 1_000_000));

        RecognizerPiiDetector detector = RecognizerPiiDetector.withDefaults();
        Recognizer baseline = StandardRecognizers.email();
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        out.put("bench", "pii");
        out.put("unit", "MB of UTF-8 text per CPU-second of one thread");
        System.out.printf(Locale.ROOT, "PII detector throughput, one thread, chunks of ~%d characters (MB/s of thread CPU time)%n%n",
                CHUNK_CHARS);
        System.out.printf(Locale.ROOT, "%-44s %8s %10s %10s%n", "text", "MB", "detector", "baseline");
        ArrayNode texts = out.putArray("texts");
        for (var entry : List.of(Map.entry("web passages (MS MARCO sample)", prose), Map.entry("PII-dense (evaluation sentences)", dense))) {
            List<String> chunks = entry.getValue();
            if (chunks.isEmpty()) {
                System.out.printf(Locale.ROOT, "%-44s  (not found, skipped)%n", entry.getKey());
                continue;
            }
            long bytes = bytes(chunks);
            double detectorMbs = measure(chunks, bytes, rounds, detector::analyze);
            double baselineMbs = measure(chunks, bytes, rounds, baseline::recognize);
            System.out.printf(Locale.ROOT, "%-44s %8.2f %10.2f %10.2f%n", entry.getKey(), bytes / 1e6, detectorMbs, baselineMbs);
            texts.addObject().put("text", entry.getKey()).put("bytes", bytes).put("detectorMBps", detectorMbs)
                    .put("baselineMBps", baselineMbs).put("ratio", detectorMbs / baselineMbs);
        }
        System.out.println("(target: >= 2 MB/s for the whole detector; baseline = the email regex alone)");

        ArrayNode parts = out.putArray("recognizersOnPiiDense");
        System.out.printf(Locale.ROOT, "%n%-28s %10s%n", "recognizer alone, PII-dense", "MB/s");
        long denseBytes = bytes(dense);
        for (Recognizer r : detector.recognizers()) {
            double v = measure(dense, denseBytes, Math.max(1, rounds / 2), r::recognize);
            System.out.printf(Locale.ROOT, "%-28s %10.2f%n", r.name(), v);
            parts.addObject().put("name", r.name()).put("MBps", v);
        }
        Path target = Path.of("bench/target");
        Files.createDirectories(target);
        Path file = target.resolve("pii-bench.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
        System.out.println("\nwritten " + file);
    }

    private static long bytes(List<String> chunks) {
        return chunks.stream().mapToLong(c -> c.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    /**
     * Median MB/s over the rounds after one warm-up pass, by the CPU time of this thread: the machine
     * is shared, and wall-clock time would measure the neighbours' load as much as the detector.
     */
    private static double measure(List<String> chunks, long bytes, int rounds, Consumer<String> work) {
        chunks.forEach(work);
        double[] mbs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            chunks.forEach(work);
            mbs[r] = bytes / 1e6 / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        Arrays.sort(mbs);
        return mbs[rounds / 2];
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static List<String> sentences(Path path, String field) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(path)) {
            for (JsonNode sample : new ObjectMapper().readTree(path.toFile())) {
                out.add(sample.get(field).asText());
            }
        }
        return out;
    }

    private static List<String> passages(Path jsonl) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(json.readTree(line).get("text").asText());
            }
        }
        return out;
    }

    private static List<String> chunks(List<String> sentences, long targetBytes) {
        List<String> chunks = new ArrayList<>();
        if (sentences.isEmpty()) {
            return chunks;
        }
        StringBuilder current = new StringBuilder();
        long total = 0;
        int i = 0;
        while (total < targetBytes) {
            String s = sentences.get(i++ % sentences.size());
            if (current.length() + s.length() > CHUNK_CHARS && current.length() > 0) {
                chunks.add(current.toString());
                total += current.length();
                current.setLength(0);
            }
            current.append(current.length() == 0 ? "" : "\n\n").append(s);
        }
        if (current.length() > 0) {
            chunks.add(current.toString());
        }
        return chunks;
    }
}
