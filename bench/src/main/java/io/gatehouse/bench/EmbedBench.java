package io.gatehouse.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import io.gatehouse.embed.Embedding;
import io.gatehouse.embed.EmbeddingModelSpec;
import io.gatehouse.embed.OnnxEmbedder;
import io.gatehouse.ingest.chunk.Chunker;
import io.gatehouse.ingest.chunk.TextChunk;
import io.gatehouse.ingest.parse.DocumentType;
import io.gatehouse.ingest.parse.PageText;
import io.gatehouse.ingest.parse.ParsedDocument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./gatehouse bench embed [corpus.jsonl] [options]}: our {@link OnnxEmbedder} against LangChain4j's
 * in-process model class on the same ONNX file, in one JVM.
 *
 * <ul>
 *   <li>Throughput: the corpus (default the 5,000 MS MARCO passages) is chunked by the ingestion
 *       {@link Chunker} (256 target tokens, 32 overlap, the defaults of {@code gatehouse.ingest}) and
 *       split into as many slices as there are rounds; each round embeds its slice with both
 *       implementations, alternating which goes first, and the table reports the median chunks/s and
 *       the median of the per-round ratios. The lowest cosine between the two vectors of a chunk is
 *       reported too.</li>
 *   <li>Latency: one 16-token query (bge's instruction prefix is added by both, as a real query would
 *       be), p50 and p99 over repeated single calls after a warm-up.</li>
 *   <li>Peak resident memory of the whole process (both models loaded) from /proc/self/status.</li>
 * </ul>
 * Options: {@code --model bge|minilm}, {@code --rounds N} (default 5), {@code --limit N} passages,
 * {@code --intra N --runs N --batch N --no-spin --no-rewrite} to override {@link OnnxEmbedder.Options},
 * {@code --sweep} to compare option sets instead of running the LangChain4j comparison.
 * A JSON copy of the results goes to {@code bench/target/embed-bench.json}.
 */
public final class EmbedBench {

    private static final String DEFAULT_CORPUS = "../shared/eval/msmarco-5k/corpus.jsonl";
    private static final long SETTLE_MILLIS = 500;

    /** 16 word pieces for both bundled tokenizers (checked at run time). */
    private static final String QUERY = "what are the common side effects of taking vitamin d supplements every day during the winter";
    private static final int LATENCY_WARMUP = 50;
    private static final int LATENCY_CALLS = 500;

    private EmbedBench() {
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        EmbeddingModelSpec spec = a.model.equals("minilm") ? EmbeddingModelSpec.allMiniLmL6V2() : EmbeddingModelSpec.bgeSmallEnV15();
        Path corpus = locate(a.corpus);
        List<String> passages = Corpus.texts(corpus, a.limit);

        OnnxEmbedder.Options options = a.options();
        try (OnnxEmbedder ours = OnnxEmbedder.open(spec, options)) {
            Chunker chunker = new Chunker(256, 32, ours::countTokens);
            List<String> chunks = new ArrayList<>();
            long tokens = 0;
            for (String p : passages) {
                for (TextChunk c : chunker.chunk(new ParsedDocument(DocumentType.TEXT, "", List.of(new PageText(1, p))))) {
                    chunks.add(c.text());
                    tokens += c.tokens();
                }
            }
            System.out.printf(Locale.ROOT, "corpus %s: %d passages -> %d chunks, %.1f tokens per chunk on average%n",
                    corpus, passages.size(), chunks.size(), (double) tokens / chunks.size());
            System.out.printf(Locale.ROOT, "machine: %d cores available, load average %.1f, Java %s; ours: %s, options %s, graph rewrites %s%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage(), Runtime.version(), ours.identity().id(), options,
                    ours.graphRewrites());
            if (a.sweep) {
                Sweep.run(spec, chunks, a.rounds);
                return;
            }
            EmbeddingModel reference = a.model.equals("minilm")
                    ? new AllMiniLmL6V2QuantizedEmbeddingModel() : new BgeSmallEnV15QuantizedEmbeddingModel();
            compare(ours, reference, chunks, a.rounds);
        }
    }

    private static void compare(OnnxEmbedder ours, EmbeddingModel reference, List<String> chunks, int rounds) throws IOException {
        // Warm both up on the same few chunks so neither pays for first-run allocation in round 1.
        List<String> warm = chunks.subList(0, Math.min(32, chunks.size()));
        ours.embedDocuments(warm);
        reference.embedAll(warm.stream().map(TextSegment::from).toList());

        double[] oursRate = new double[rounds];
        double[] refRate = new double[rounds];
        double[] ratio = new double[rounds];
        double[] oursCpuMs = new double[rounds];
        double[] refCpuMs = new double[rounds];
        double minCos = 1;
        double sumCos = 0;
        int slice = chunks.size() / rounds;
        System.out.printf("%n| round | chunks | first | ours chunks/s | LangChain4j chunks/s | ratio | ours CPU ms/chunk | LangChain4j CPU ms/chunk | load avg |%n|---|---|---|---|---|---|---|---|---|%n");
        for (int r = 0; r < rounds; r++) {
            List<String> part = chunks.subList(r * slice, r == rounds - 1 ? chunks.size() : (r + 1) * slice);
            List<TextSegment> segments = part.stream().map(TextSegment::from).toList();
            boolean oursFirst = r % 2 == 0;
            List<Embedding> mine = null;
            List<dev.langchain4j.data.embedding.Embedding> theirs = null;
            long oursNanos = 0;
            long refNanos = 0;
            for (int turn = 0; turn < 2; turn++) {
                settle();
                long t0 = System.nanoTime();
                long c0 = processCpuNanos();
                if ((turn == 0) == oursFirst) {
                    mine = ours.embedDocuments(part);
                    oursNanos = System.nanoTime() - t0;
                    oursCpuMs[r] = (processCpuNanos() - c0) / 1e6 / part.size();
                } else {
                    theirs = reference.embedAll(segments).content();
                    refNanos = System.nanoTime() - t0;
                    refCpuMs[r] = (processCpuNanos() - c0) / 1e6 / part.size();
                }
            }
            for (int i = 0; i < part.size(); i++) {
                double c = cosine(mine.get(i).vector(), theirs.get(i).vector());
                minCos = Math.min(minCos, c);
                sumCos += c;
            }
            oursRate[r] = part.size() / (oursNanos / 1e9);
            refRate[r] = part.size() / (refNanos / 1e9);
            ratio[r] = oursRate[r] / refRate[r];
            System.out.printf(Locale.ROOT, "| %d | %d | %s | %.1f | %.1f | %.2fx | %.1f | %.1f | %.1f |%n", r + 1, part.size(),
                    oursFirst ? "ours" : "LangChain4j", oursRate[r], refRate[r], ratio[r], oursCpuMs[r], refCpuMs[r], loadAverage());
        }

        String query = QUERY;
        int queryTokens = ours.countTokens(query);
        double[] oursLatency = latencies(() -> ours.embedQuery(query));
        // With one intra-op thread the whole query runs on the calling thread, so its CPU time is the
        // latency the query would have on an otherwise idle core, whatever else the machine is doing.
        double[] oursQueryCpu = threadCpuMillis(() -> ours.embedQuery(query));
        String prefixed = ours.spec().queryPrefix() + query;
        double[] refLatency = latencies(() -> reference.embed(prefixed));
        long peakKb = procStatus("VmHWM");
        long rssKb = procStatus("VmRSS");

        System.out.printf("%n| measure | ours | LangChain4j |%n|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| throughput, median of %d rounds (chunks/s) | %.1f | %.1f |%n", rounds, median(oursRate), median(refRate));
        System.out.printf(Locale.ROOT, "| ratio ours / LangChain4j, median of per-round ratios | %.2fx | |%n", median(ratio));
        System.out.printf(Locale.ROOT, "| CPU time per chunk, median (ms, all threads of the process) | %.1f | %.1f |%n", median(oursCpuMs), median(refCpuMs));
        System.out.printf(Locale.ROOT, "| query latency p50, %d-token query (ms) | %.2f | %.2f |%n", queryTokens, pct(oursLatency, 50), pct(refLatency, 50));
        System.out.printf(Locale.ROOT, "| query latency p99 (ms) | %.2f | %.2f |%n", pct(oursLatency, 99), pct(refLatency, 99));
        if (ours.options().intraOpThreads() == 1) {
            System.out.printf(Locale.ROOT, "| query CPU time on the calling thread p50 / p99 (ms) | %.2f / %.2f | |%n", pct(oursQueryCpu, 50), pct(oursQueryCpu, 99));
        }
        System.out.printf(Locale.ROOT, "| cosine ours vs LangChain4j over %d chunks: min / mean | %.5f / %.5f | |%n", chunks.size(), minCos, sumCos / chunks.size());
        System.out.printf(Locale.ROOT, "| peak RSS of the process, both models loaded (MB) | %d | |%n", peakKb / 1024);

        String json = String.format(Locale.ROOT,
                "{\"model\":\"%s\",\"chunks\":%d,\"rounds\":%d,\"options\":\"%s\",\"oursChunksPerSec\":%s,\"langchain4jChunksPerSec\":%s,"
                        + "\"ratios\":%s,\"medianRatio\":%.4f,\"oursCpuMsPerChunk\":%s,\"langchain4jCpuMsPerChunk\":%s,\"queryTokens\":%d,\"oursQueryP50Ms\":%.3f,\"oursQueryP99Ms\":%.3f,\"oursQueryCpuP50Ms\":%.3f,"
                        + "\"langchain4jQueryP50Ms\":%.3f,\"langchain4jQueryP99Ms\":%.3f,\"minCosine\":%.6f,\"peakRssMb\":%d,\"rssMb\":%d}%n",
                ours.identity().id(), chunks.size(), rounds, ours.options(), Arrays.toString(oursRate), Arrays.toString(refRate),
                Arrays.toString(ratio), median(ratio), Arrays.toString(oursCpuMs), Arrays.toString(refCpuMs), queryTokens, pct(oursLatency, 50), pct(oursLatency, 99), pct(oursQueryCpu, 50),
                pct(refLatency, 50), pct(refLatency, 99), minCos, peakKb / 1024, rssKb / 1024);
        Path out = Path.of("bench/target/embed-bench.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("\nwrote " + out);
    }

    /** Compares option sets of our own embedder, interleaved per round and settled before each, on one slice per round. */
    private static final class Sweep {
        static void run(EmbeddingModelSpec spec, List<String> chunks, int rounds) {
            int cores = Runtime.getRuntime().availableProcessors();
            List<OnnxEmbedder.Options> sets = List.of(
                    new OnnxEmbedder.Options(1, cores, 1, false, true),
                    new OnnxEmbedder.Options(1, cores, 1, true, true),
                    new OnnxEmbedder.Options(cores, 1, 1, false, true),
                    new OnnxEmbedder.Options(cores, 1, 1, true, true),
                    new OnnxEmbedder.Options(cores, cores, 1, false, true),
                    new OnnxEmbedder.Options(cores, cores, 1, true, true),
                    new OnnxEmbedder.Options(cores, cores, 1, true, false),
                    new OnnxEmbedder.Options(1, cores, 4, false, true),
                    new OnnxEmbedder.Options(1, cores, 16, false, true),
                    new OnnxEmbedder.Options(cores, 1, 16, false, true),
                    new OnnxEmbedder.Options(cores, 1, 64, false, true));
            List<OnnxEmbedder> embedders = new ArrayList<>();
            try {
                for (OnnxEmbedder.Options o : sets) {
                    OnnxEmbedder e = OnnxEmbedder.open(spec, o);
                    e.embedDocuments(chunks.subList(0, Math.min(32, chunks.size())));
                    embedders.add(e);
                }
                double[][] rate = new double[sets.size()][rounds];
                double[][] cpu = new double[sets.size()][rounds];
                int slice = chunks.size() / rounds;
                for (int r = 0; r < rounds; r++) {
                    List<String> part = chunks.subList(r * slice, (r + 1) * slice);
                    for (int k = 0; k < sets.size(); k++) {
                        int s = (k + r) % sets.size(); // rotate the order so no set always runs first
                        settle();
                        long t0 = System.nanoTime();
                        long c0 = processCpuNanos();
                        embedders.get(s).embedDocuments(part);
                        rate[s][r] = part.size() / ((System.nanoTime() - t0) / 1e9);
                        cpu[s][r] = (processCpuNanos() - c0) / 1e6 / part.size();
                    }
                }
                System.out.printf("%n| intra-op threads | concurrent runs | batch | spin | graph rewrites | chunks/s (median of %d) | CPU ms/chunk | query p50 ms |%n|---|---|---|---|---|---|---|---|%n", rounds);
                for (int s = 0; s < sets.size(); s++) {
                    OnnxEmbedder.Options o = sets.get(s);
                    OnnxEmbedder e = embedders.get(s);
                    double p50 = pct(latencies(() -> e.embedQuery(QUERY)), 50);
                    System.out.printf(Locale.ROOT, "| %d | %d | %d | %s | %s | %.1f | %.1f | %.2f |%n", o.intraOpThreads(), o.concurrentRuns(),
                            o.batchSize(), o.spinWait() ? "yes" : "no", e.graphRewrites().isEmpty() ? "none" : String.join(", ", e.graphRewrites()),
                            median(rate[s]), median(cpu[s]), p50);
                }
            } finally {
                embedders.forEach(OnnxEmbedder::close);
            }
        }
    }

    private static double[] latencies(Runnable call) {
        settle();
        for (int i = 0; i < LATENCY_WARMUP; i++) {
            call.run();
        }
        double[] ms = new double[LATENCY_CALLS];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double[] threadCpuMillis(Runnable call) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[LATENCY_CALLS];
        for (int i = 0; i < ms.length; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            call.run();
            ms[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /**
     * Starts each timed segment from the same state: the other library's garbage collected and its
     * ONNX Runtime pool threads (which spin for a while after a run) back asleep. Without this the
     * library timed second in a round paid for the first one's leftovers: in five rounds on an idle
     * machine ours ran at 50-57 chunks/s when timed first and 46-53 when timed second.
     */
    private static void settle() {
        System.gc();
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long procStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** The corpus path as given, else the default found beside the repository root or one of its parents (worktrees). */
    private static Path locate(String given) {
        if (given != null) {
            return Path.of(given);
        }
        Path direct = Path.of(DEFAULT_CORPUS);
        if (Files.exists(direct)) {
            return direct;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/eval/msmarco-5k/corpus.jsonl");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no corpus at " + DEFAULT_CORPUS + "; pass its path as the first argument");
    }

    private record Args(String corpus, String model, int rounds, int limit, Integer intra, Integer runs, Integer batch,
                        boolean spin, boolean rewrite, boolean sweep) {
        static Args parse(String[] args) {
            String corpus = null;
            String model = "bge";
            int rounds = 5;
            int limit = Integer.MAX_VALUE;
            Integer intra = null;
            Integer runs = null;
            Integer batch = null;
            boolean spin = true;
            boolean rewrite = true;
            boolean sweep = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model" -> model = args[++i];
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--limit" -> limit = Integer.parseInt(args[++i]);
                    case "--intra" -> intra = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--batch" -> batch = Integer.parseInt(args[++i]);
                    case "--no-spin" -> spin = false;
                    case "--no-rewrite" -> rewrite = false;
                    case "--sweep" -> sweep = true;
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        corpus = args[i];
                    }
                }
            }
            if (!model.equals("bge") && !model.equals("minilm")) {
                throw new IllegalArgumentException("--model is bge or minilm");
            }
            return new Args(corpus, model, rounds, limit, intra, runs, batch, spin, rewrite, sweep);
        }

        OnnxEmbedder.Options options() {
            OnnxEmbedder.Options o = OnnxEmbedder.Options.defaults();
            if (intra != null) {
                o = o.withIntraOpThreads(intra);
            }
            if (runs != null) {
                o = o.withConcurrentRuns(runs);
            }
            if (batch != null) {
                o = o.withBatchSize(batch);
            }
            return o.withSpinWait(spin).withGraphRewrites(rewrite);
        }
    }

    /** Reads the "text" (and "title") of each line of a BEIR corpus.jsonl without a JSON library. */
    static final class Corpus {
        static List<String> texts(Path file, int limit) throws IOException {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String title = field(line, "title");
                String text = field(line, "text");
                out.add(title == null || title.isBlank() ? text : title + "\n\n" + text);
                if (out.size() >= limit) {
                    break;
                }
            }
            return out;
        }

        /** The value of a top-level string field, JSON escapes decoded. */
        static String field(String json, String name) {
            String key = "\"" + name + "\"";
            int k = json.indexOf(key);
            while (k >= 0) {
                int i = k + key.length();
                while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
                    i++;
                }
                if (i < json.length() && json.charAt(i) == ':') {
                    i++;
                    while (Character.isWhitespace(json.charAt(i))) {
                        i++;
                    }
                    if (json.charAt(i) != '"') {
                        return null;
                    }
                    return string(json, i + 1);
                }
                k = json.indexOf(key, k + 1);
            }
            return null;
        }

        private static String string(String json, int i) {
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = json.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = json.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e); // \" \\ \/
                }
            }
        }
    }
}
