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
import java.util.function.Consumer;

/**
 * {@code ./gatehouse bench pii [path] [--mb 2] [--rounds 5]}: throughput of the whole PII detector on one
 * thread, in MB of UTF-8 text per second of that thread's CPU time, over chunks of about 1,000 characters (the size ingestion
 * tags). The text is the PII evaluation file's sentences packed into chunks (so it is dense in PII:
 * a pessimistic load), repeated to the requested size. Beside it, in the same run: the cost of each
 * recognizer alone, and a single-regex baseline (the email recognizer) to compare machines by ratio.
 * Writes {@code bench/target/pii-bench.json}.
 */
public final class PiiBench {

    private static final int CHUNK_CHARS = 1000;

    private PiiBench() {
    }

    public static void main(String[] args) throws IOException {
        String pathArg = null;
        double mb = 2.0;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> pathArg = args[i];
            }
        }
        Path path = pathArg != null ? Path.of(pathArg) : PiiEval.locateDefault();
        List<String> chunks = chunks(path, (long) (mb * 1_000_000));
        long bytes = chunks.stream().mapToLong(c -> c.getBytes(StandardCharsets.UTF_8).length).sum();

        RecognizerPiiDetector detector = RecognizerPiiDetector.withDefaults();
        Recognizer baseline = StandardRecognizers.email();
        System.out.printf(Locale.ROOT, "PII detector throughput, one thread: %d chunks, %.2f MB of text from %s%n",
                chunks.size(), bytes / 1e6, path);

        double detectorMbs = measure(chunks, bytes, rounds, detector::analyze);
        double baselineMbs = measure(chunks, bytes, rounds, baseline::recognize);
        System.out.printf(Locale.ROOT, "%n%-28s %10s%n", "what", "MB/s");
        System.out.printf(Locale.ROOT, "%-28s %10.2f%n", "whole detector", detectorMbs);
        System.out.printf(Locale.ROOT, "%-28s %10.2f%n", "baseline: one email regex", baselineMbs);
        System.out.printf(Locale.ROOT, "detector / baseline = %.3f   (target: >= 2 MB/s for the whole detector)%n%n",
                detectorMbs / baselineMbs);

        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        out.put("bench", "pii");
        out.put("textBytes", bytes);
        out.put("chunks", chunks.size());
        out.put("detectorMBps", detectorMbs);
        out.put("baselineMBps", baselineMbs);
        ArrayNode parts = out.putArray("recognizers");
        System.out.printf(Locale.ROOT, "%-28s %10s%n", "recognizer alone", "MB/s");
        for (Recognizer r : detector.recognizers()) {
            double v = measure(chunks, bytes, Math.max(1, rounds / 2), r::recognize);
            System.out.printf(Locale.ROOT, "%-28s %10.2f%n", r.name(), v);
            parts.addObject().put("name", r.name()).put("MBps", v);
        }
        Path target = Path.of("bench/target");
        Files.createDirectories(target);
        Path file = target.resolve("pii-bench.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
        System.out.println("\nwritten " + file);
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

    private static List<String> chunks(Path path, long targetBytes) throws IOException {
        List<String> sentences = new ArrayList<>();
        if (Files.exists(path)) {
            for (JsonNode sample : new ObjectMapper().readTree(path.toFile())) {
                sentences.add(sample.get("full_text").asText());
            }
        } else {
            System.out.println("(" + path + " not found: using built-in sentences)");
            sentences.add("Hi, this is Graham Whitcombe. Call me on (617) 555-0134 or write to graham@example.net.");
            sentences.add("The quarterly report shows revenue grew by 12 percent over the last year in all regions.");
            sentences.add("Please ship the order to 48 Elm Grove Road, Bristol, and charge card 4111 1111 1111 1111.");
        }
        List<String> chunks = new ArrayList<>();
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
            current.append(s).append(current.length() == 0 ? "" : "\n\n");
        }
        if (current.length() > 0) {
            chunks.add(current.toString());
        }
        return chunks;
    }
}
