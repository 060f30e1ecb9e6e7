package io.gatehouse.bench;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.gatehouse.index.ChunkRecord;
import io.gatehouse.index.IndexOptions;
import io.gatehouse.index.LuceneChunkIndex;
import io.gatehouse.index.RankFusion;
import io.gatehouse.index.RetrievedChunk;
import io.gatehouse.index.SearchMode;
import io.gatehouse.index.SearchRequest;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * {@code ./gatehouse bench index}: builds the product's Lucene chunk index over synthetic clustered
 * 384-dimensional vectors and text, and measures build time, size on disk, hybrid latency, HNSW
 * recall@10 against exact search (unfiltered and with a clearance filter admitting 10%), and
 * single-threaded vector-only QPS against exact brute force and JVector on the same vectors,
 * sweeping the search width so QPS can be compared at equal recall.
 */
public final class IndexBench {

    private static final int K = 10;
    private static final int DOC_CHUNKS = 10;
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    record Settings(int chunks, int queries, int dimension, int topics, int m, int beam, IndexOptions.VectorStorage storage,
                    int[] widths, Path dir, boolean jvector, boolean keep, boolean compact) {
    }

    /** One point of a recall/throughput curve. */
    record Point(String engine, int width, double recall, double qps, double p50Ms, double p99Ms) {
    }

    private final Settings s;
    private final PrintStream out;

    IndexBench(Settings s, PrintStream out) {
        this.s = s;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        new IndexBench(parse(args), System.out).run();
    }

    void run() throws IOException {
        out.printf(Locale.ROOT, "index bench: %,d chunks x %d dims, %d topics, %d queries, HNSW M=%d beam=%d, %s vectors, %d cores%n",
                s.chunks, s.dimension, s.topics, s.queries, s.m, s.beam, s.storage, Runtime.getRuntime().availableProcessors());
        long t = System.nanoTime();
        SyntheticCorpus corpus = SyntheticCorpus.generate(s.chunks, s.dimension, s.topics, 42);
        SyntheticCorpus.Queries queries = corpus.queries(s.queries, 4242);
        out.printf(Locale.ROOT, "generated in %.1f s%n", secondsSince(t));

        // Ground truth and the exact baseline: brute force over every vector (Lucene's SIMD dot product).
        int[][] exact = new int[s.queries][];
        int[][] exactFiltered = new int[s.queries][];
        for (int q = 0; q < s.queries; q++) {
            exact[q] = bruteForce(corpus, queries.vectors()[q], -1);
            exactFiltered[q] = bruteForce(corpus, queries.vectors()[q], 0);
        }
        List<Point> points = new ArrayList<>();
        points.add(measure("exact brute force", 0, queries, exact, q -> bruteForce(corpus, queries.vectors()[q], -1)));

        Path dir = s.dir != null ? s.dir : Files.createTempDirectory("gatehouse-index-bench-");
        IndexOptions opts = new IndexOptions(s.m, s.beam, s.storage, 100);
        // Every search carries a clearance filter in the product; this one admits every chunk.
        Set<String> allTeams = new java.util.HashSet<>();
        for (int team = 0; team < 10; team++) {
            allTeams.add("team-" + team);
        }
        Principal everyone = new Principal("bench-all-teams", Set.of(Role.STAFF), Tier.RESTRICTED, allTeams);
        Principal team0 = new Principal("bench-team0", Set.of(Role.STAFF), Tier.RESTRICTED, Set.of("team-0"));
        try {
            long build = System.nanoTime();
            long buildCpu = processCpuNanos();
            try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "synthetic", s.dimension, RankFusion.DEFAULT, opts)) {
                Map<String, List<ChunkRecord>> batch = new LinkedHashMap<>();
                for (int i = 0; i < s.chunks; i++) {
                    String doc = "doc-" + (i / DOC_CHUNKS);
                    String text = corpus.text(i);
                    batch.computeIfAbsent(doc, d -> new ArrayList<>()).add(new ChunkRecord(Integer.toString(i), doc, doc,
                            i % DOC_CHUNKS, 1, "", 0, text.length(), text, corpus.vectors()[i], Tier.INTERNAL,
                            Set.of("team-" + corpus.team()[i]), Set.of()));
                    if (batch.size() == 1000 && i % DOC_CHUNKS == DOC_CHUNKS - 1) {
                        index.replaceDocuments(batch);
                        batch = new LinkedHashMap<>();
                    }
                    if ((i + 1) % 100_000 == 0) {
                        System.err.printf(Locale.ROOT, "  %,d chunks indexed (%.0f s)%n", i + 1, secondsSince(build));
                    }
                }
                index.replaceDocuments(batch);
            }
            double buildSeconds = secondsSince(build);
            out.printf(Locale.ROOT, "Lucene build: %.1f s wall, %.1f s process CPU (%,.0f chunks/s wall, batches of 1,000 documents"
                    + " per commit), %s on disk, %d segments%n", buildSeconds, (processCpuNanos() - buildCpu) / 1e9,
                    s.chunks / buildSeconds, megabytes(sizeOf(dir)), segments(dir));
            if (s.compact) {
                long merge = System.nanoTime();
                long mergeCpu = processCpuNanos();
                try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "synthetic", s.dimension, RankFusion.DEFAULT, opts)) {
                    index.compact();
                }
                out.printf(Locale.ROOT, "Lucene compact (merge to one segment): %.1f s wall, %.1f s process CPU, %s on disk, %d segment(s)%n",
                        secondsSince(merge), (processCpuNanos() - mergeCpu) / 1e9, megabytes(sizeOf(dir)), segments(dir));
            }

            JVectorGraph jv = s.jvector ? buildJVector(corpus, queries) : null;
            // Vector-only, one thread, sweeping the search width. The engines are measured back to back at
            // each width so that load from other processes on a shared machine falls on all of them alike.
            for (int width : s.widths) {
                try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "synthetic", s.dimension, RankFusion.DEFAULT,
                        opts.withCandidateDepth(width));
                     var fsDir = FSDirectory.open(dir);
                     DirectoryReader reader = DirectoryReader.open(fsDir)) {
                    points.add(measure("Lucene HNSW (gatehouse search)", width, queries, exact,
                            q -> ids(index.search(new SearchRequest(everyone, null, queries.vectors()[q], K, SearchMode.VECTOR)))));
                    IndexSearcher raw = new IndexSearcher(reader);
                    int[] chunkOfDoc = chunkIds(reader);
                    points.add(measure("Lucene HNSW (raw query, no filter)", width, queries, exact,
                            q -> rawKnn(raw, queries.vectors()[q], width, chunkOfDoc)));
                    if (jv != null) {
                        points.add(measure("JVector", width, queries, exact, q -> jv.search(q, width, Bits.ALL)));
                    }
                }
            }
            if (jv != null) {
                Bits team0Only = i -> corpus.team()[i] == 0;
                points.add(measure("JVector, filter admits 10%", opts.candidateDepth(), queries, exactFiltered,
                        q -> jv.search(q, opts.candidateDepth(), team0Only)));
                jv.close();
            }
            try (LuceneChunkIndex index = LuceneChunkIndex.open(dir, "synthetic", s.dimension, RankFusion.DEFAULT, opts)) {
                Point filtered = measure("Lucene HNSW, filter admits 10%", opts.candidateDepth(), queries, exactFiltered,
                        q -> ids(index.search(new SearchRequest(team0, null, queries.vectors()[q], K, SearchMode.VECTOR))));
                points.add(filtered);
                Point hybrid = measure("hybrid BM25 + HNSW (RRF), k=10", opts.candidateDepth(), queries, null,
                        q -> ids(index.search(new SearchRequest(everyone, queries.texts()[q], queries.vectors()[q], K, SearchMode.HYBRID))));
                Point hybridFiltered = measure("hybrid, filter admits 10%", opts.candidateDepth(), queries, null,
                        q -> ids(index.search(new SearchRequest(team0, queries.texts()[q], queries.vectors()[q], K, SearchMode.HYBRID))));
                Point bm25 = measure("BM25 only, k=10", 0, queries, null,
                        q -> ids(index.search(new SearchRequest(everyone, queries.texts()[q], null, K, SearchMode.BM25))));
                points.add(hybrid);
                points.add(hybridFiltered);
                points.add(bm25);
            }
            printPoints(points);
            printEqualRecall(points);
        } finally {
            if (!s.keep && s.dir == null) {
                ScratchDirectory.delete(dir);
            }
        }
    }

    /** JVector's graph over the same vectors, searched with exact scores as Lucene's float index is. */
    private final class JVectorGraph implements AutoCloseable {
        private final RandomAccessVectorValues ravv;
        private final GraphSearcher searcher;
        private final VectorFloat<?>[] queryVectors;

        JVectorGraph(RandomAccessVectorValues ravv, ImmutableGraphIndex graph, VectorFloat<?>[] queryVectors) {
            this.ravv = ravv;
            this.searcher = new GraphSearcher(graph);
            this.queryVectors = queryVectors;
        }

        int[] search(int q, int width, Bits accept) {
            SearchResult r = searcher.search(DefaultSearchScoreProvider.exact(queryVectors[q],
                    io.github.jbellis.jvector.vector.VectorSimilarityFunction.DOT_PRODUCT, ravv), K, width, 0f, 0f, accept);
            return Arrays.stream(r.getNodes()).mapToInt(n -> n.node).toArray();
        }

        @Override
        public void close() throws IOException {
            searcher.close();
        }
    }

    private JVectorGraph buildJVector(SyntheticCorpus corpus, SyntheticCorpus.Queries queries) throws IOException {
        List<VectorFloat<?>> vectors = new ArrayList<>(s.chunks);
        for (float[] v : corpus.vectors()) {
            vectors.add(VTS.createFloatVector(v));
        }
        RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(vectors, s.dimension);
        long build = System.nanoTime();
        long buildCpu = processCpuNanos();
        ImmutableGraphIndex graph;
        // Same degree and construction beam as Lucene; JVector's usual overflow (1.2) and alpha (1.2), with a hierarchy like HNSW.
        try (GraphIndexBuilder builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(ravv,
                io.github.jbellis.jvector.vector.VectorSimilarityFunction.DOT_PRODUCT), s.dimension, s.m, s.beam, 1.2f, 1.2f, true)) {
            graph = builder.build(ravv);
        }
        out.printf(Locale.ROOT, "JVector build: %.1f s wall, %.1f s process CPU (in memory, all cores, nothing written to disk)%n",
                secondsSince(build), (processCpuNanos() - buildCpu) / 1e9);
        VectorFloat<?>[] qv = new VectorFloat<?>[s.queries];
        for (int q = 0; q < s.queries; q++) {
            qv[q] = VTS.createFloatVector(queries.vectors()[q]);
        }
        return new JVectorGraph(ravv, graph, qv);
    }

    /**
     * Lucene's own k-NN query on the same index with no filter, no fusion and no stored-field reads
     * (doc numbers are mapped to chunk ids from a table built beforehand): the engine alone, as JVector is measured.
     */
    private static int[] rawKnn(IndexSearcher searcher, float[] q, int width, int[] chunkOfDoc) {
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery("vector", q, width), K);
            int[] ids = new int[top.scoreDocs.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = chunkOfDoc[top.scoreDocs[i].doc];
            }
            return ids;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Warms up (the query set at least twice and for at least 3 s, so the JIT has compiled the search
     * path), then runs every query once more, timed, single-threaded; recall@10 against {@code truth} if given.
     */
    private Point measure(String engine, int width, SyntheticCorpus.Queries queries, int[][] truth, IntFunction<int[]> search) {
        long warm = System.nanoTime();
        for (int pass = 0; pass < 2 || secondsSince(warm) < 3; pass++) {
            for (int q = 0; q < s.queries; q++) {
                search.apply(q);
            }
        }
        long[] nanos = new long[s.queries];
        double recall = 0;
        long all = System.nanoTime();
        for (int q = 0; q < s.queries; q++) {
            long t = System.nanoTime();
            int[] got = search.apply(q);
            nanos[q] = System.nanoTime() - t;
            if (truth != null) {
                recall += overlap(got, truth[q]) / (double) Math.min(K, truth[q].length);
            }
        }
        double seconds = secondsSince(all);
        Arrays.sort(nanos);
        return new Point(engine, width, truth == null ? Double.NaN : recall / s.queries, s.queries / seconds,
                nanos[nanos.length / 2] / 1e6, nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6);
    }

    private static int[] chunkIds(DirectoryReader reader) throws IOException {
        int[] out = new int[reader.maxDoc()];
        StoredFields stored = reader.storedFields();
        for (int d = 0; d < out.length; d++) {
            // "chunk_id" is the index's stored chunk id field (ChunkFields.CHUNK_ID); the bench has no deletes
            out[d] = Integer.parseInt(stored.document(d, Set.of("chunk_id")).get("chunk_id"));
        }
        return out;
    }

    private static int[] ids(List<RetrievedChunk> hits) {
        return hits.stream().mapToInt(h -> Integer.parseInt(h.chunkId())).toArray();
    }

    private static int overlap(int[] got, int[] truth) {
        int n = 0;
        for (int g : got) {
            for (int t : truth) {
                if (g == t) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** Exact top 10 by dot product; {@code team} >= 0 restricts to that team's chunks. */
    private static int[] bruteForce(SyntheticCorpus c, float[] q, int team) {
        PriorityQueue<float[]> heap = new PriorityQueue<>(Comparator.comparingDouble(a -> a[0]));
        float[][] v = c.vectors();
        for (int i = 0; i < v.length; i++) {
            if (team >= 0 && c.team()[i] != team) {
                continue;
            }
            float score = VectorUtil.dotProduct(q, v[i]);
            if (heap.size() < K) {
                heap.add(new float[]{score, i});
            } else if (score > heap.peek()[0]) {
                heap.poll();
                heap.add(new float[]{score, i});
            }
        }
        return heap.stream().mapToInt(a -> (int) a[1]).toArray();
    }

    private void printPoints(List<Point> points) {
        out.println();
        out.println("| engine | search width | recall@10 | QPS (1 thread) | p50 ms | p99 ms |");
        out.println("|---|---|---|---|---|---|");
        for (Point p : points) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %s |%n", p.engine(), p.width() == 0 ? "-" : Integer.toString(p.width()),
                    Double.isNaN(p.recall()) ? "-" : String.format(Locale.ROOT, "%.3f", p.recall()), p.qps(),
                    fmt(p.p50Ms()), fmt(p.p99Ms()));
        }
    }

    /** For each recall target, the best QPS each engine reaches at or above it, and the ratio. */
    private void printEqualRecall(List<Point> points) {
        out.println();
        out.println("| recall@10 at least | Lucene via gatehouse search QPS | Lucene raw k-NN QPS | JVector QPS | gatehouse / JVector | raw Lucene / JVector |");
        out.println("|---|---|---|---|---|---|");
        for (double target : new double[]{0.90, 0.95, 0.98}) {
            double lucene = best(points, "Lucene HNSW (gatehouse search)", target);
            double raw = best(points, "Lucene HNSW (raw query, no filter)", target);
            double jv = best(points, "JVector", target);
            out.printf(Locale.ROOT, "| %.2f | %s | %s | %s | %s | %s |%n", target, fmtQps(lucene), fmtQps(raw), fmtQps(jv),
                    ratio(lucene, jv), ratio(raw, jv));
        }
    }

    private static double best(List<Point> points, String engine, double target) {
        return points.stream().filter(p -> p.engine().equals(engine) && p.recall() >= target)
                .mapToDouble(Point::qps).max().orElse(0);
    }

    private static String ratio(double a, double b) {
        return a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "-";
    }

    private static String fmtQps(double q) {
        return q > 0 ? String.format(Locale.ROOT, "%.0f", q) : "not reached";
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.2f", ms);
    }

    /** CPU time of the whole process: on a shared machine, wall time says more about the neighbours than about us. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static int segments(Path dir) throws IOException {
        try (var d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
            return r.leaves().size();
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    static Settings parse(String[] args) {
        int chunks = 100_000;
        int queries = 200;
        int topics = -1;
        int m = IndexOptions.DEFAULT.hnswMaxConnections();
        int beam = IndexOptions.DEFAULT.hnswBeamWidth();
        IndexOptions.VectorStorage storage = IndexOptions.VectorStorage.FLOAT32;
        int[] widths = {10, 20, 40, 60, 100, 150};
        Path dir = null;
        boolean jvector = true;
        boolean keep = false;
        boolean compact = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--chunks" -> chunks = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--topics" -> topics = Integer.parseInt(args[++i]);
                case "--m" -> m = Integer.parseInt(args[++i]);
                case "--beam" -> beam = Integer.parseInt(args[++i]);
                case "--int8" -> storage = IndexOptions.VectorStorage.INT8;
                case "--widths" -> widths = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-jvector" -> jvector = false;
                case "--keep" -> keep = true;
                case "--compact" -> compact = true;
                default -> throw new IllegalArgumentException("unknown argument " + a + "; usage: ./gatehouse bench index "
                        + "[--chunks 100000] [--queries 200] [--topics N] [--m 16] [--beam 100] [--int8] [--widths 10,20,40]"
                        + " [--dir PATH] [--keep] [--no-jvector] [--compact]");
            }
        }
        // About 100 chunks per topic by default, like a corpus of many short documents on many subjects.
        return new Settings(chunks, queries, 384, topics > 0 ? topics : Math.max(10, chunks / 100), m, beam, storage, widths, dir,
                jvector, keep, compact);
    }

}
