package io.gatehouse.bench;

import io.gatehouse.embed.Embedder;
import io.gatehouse.embed.EmbeddingModelSpec;
import io.gatehouse.embed.OnnxEmbedder;
import io.gatehouse.index.ChunkRecord;
import io.gatehouse.index.IndexOptions;
import io.gatehouse.index.LuceneChunkIndex;
import io.gatehouse.index.RankFusion;
import io.gatehouse.index.RetrievedChunk;
import io.gatehouse.index.SearchMode;
import io.gatehouse.index.SearchRequest;
import io.gatehouse.ingest.chunk.Chunker;
import io.gatehouse.ingest.chunk.TextChunk;
import io.gatehouse.ingest.parse.DocumentType;
import io.gatehouse.ingest.parse.PageText;
import io.gatehouse.ingest.parse.ParsedDocument;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./gatehouse eval retrieval}: indexes a BEIR-format collection through the product's own
 * chunker, embedder and Lucene index, runs every query in BM25, vector and hybrid mode, and prints
 * nDCG@10, Recall@100 and MRR@10 per system (plus the embedding leaderboard's nDCG@10 variant,
 * labelled). A document's score is that of its best chunk. Optionally writes TREC run files.
 */
public final class RetrievalEval {

    private static final int TOP_DOCS = 100;
    /** Chunks fetched per query so that, after folding chunks into documents, 100 documents remain. */
    private static final int CHUNK_DEPTH = 300;
    private static final int CHUNK_TOKENS = 256;
    private static final int CHUNK_OVERLAP = 32;
    private static final int BATCH_DOCS = 500;
    private static final Principal EVALUATOR = new Principal("retrieval-eval", Set.of(Role.ADMIN), Tier.RESTRICTED, Set.of());

    private final Settings settings;
    private final PrintStream out;

    RetrievalEval(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Command-line settings; see {@link #usage()}. */
    record Settings(Path corpus, Path queries, Path qrels, List<String> models, Path runFile, int rrfK,
                    boolean queryPrefix, boolean sweep, Path cache) {
    }

    /** One ranked list of documents per query, under a system name. */
    record Run(String system, String tag, Map<String, List<ScoredDoc>> byQuery) {
    }

    record ScoredDoc(String id, double score) {
    }

    record Scores(double ndcg10, double recall100, double mrr10, double ndcg10RetrievedIdeal, int queries) {
    }

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        new RetrievalEval(s, System.out).run();
    }

    void run() throws IOException {
        long t0 = System.nanoTime();
        BeirDataset data = BeirDataset.load(settings.corpus, settings.queries, settings.qrels);
        out.printf(Locale.ROOT, "collection: %d passages, %d queries, %d judged queries (%s)%n",
                data.corpus().size(), data.queries().size(), data.qrels().size(), settings.corpus.getParent());
        List<Run> runs = new ArrayList<>();
        List<String> sweepLines = new ArrayList<>();
        boolean bm25Done = false;
        for (String model : settings.models) {
            EmbeddingModelSpec spec = spec(model);
            Path dir = Files.createTempDirectory("gatehouse-eval-");
            try (OnnxEmbedder embedder = OnnxEmbedder.open(spec, Runtime.getRuntime().availableProcessors());
                 LuceneChunkIndex index = LuceneChunkIndex.open(dir, embedder.identity().id(), embedder.dimension(),
                         new RankFusion(settings.rrfK, 1.0, 1.0), IndexOptions.DEFAULT)) {
                build(data, embedder, index);
                Map<String, float[]> queryVectors = embedQueries(data, embedder);
                String label = label(model);
                Map<String, List<RetrievedChunk>> bm25Chunks = new LinkedHashMap<>();
                Map<String, List<RetrievedChunk>> vecChunks = new LinkedHashMap<>();
                Map<String, List<RetrievedChunk>> hybridChunks = new LinkedHashMap<>();
                for (Map.Entry<String, String> q : data.queries().entrySet()) {
                    float[] v = queryVectors.get(q.getKey());
                    bm25Chunks.put(q.getKey(), index.search(new SearchRequest(EVALUATOR, q.getValue(), v, CHUNK_DEPTH, SearchMode.BM25)));
                    vecChunks.put(q.getKey(), index.search(new SearchRequest(EVALUATOR, q.getValue(), v, CHUNK_DEPTH, SearchMode.VECTOR)));
                    hybridChunks.put(q.getKey(), index.search(new SearchRequest(EVALUATOR, q.getValue(), v, CHUNK_DEPTH, SearchMode.HYBRID)));
                }
                if (!bm25Done) {
                    runs.add(new Run("BM25 (Lucene, English analyser)", "bm25", toDocs(bm25Chunks)));
                    bm25Done = true;
                }
                runs.add(new Run("vector (" + label + ")", "vector-" + model, toDocs(vecChunks)));
                runs.add(new Run("hybrid (BM25 + " + label + ", RRF k=" + settings.rrfK + ")", "hybrid-" + model, toDocs(hybridChunks)));
                if (settings.sweep) {
                    sweepLines.addAll(sweep(data, label, bm25Chunks, vecChunks));
                }
            } finally {
                ScratchDirectory.delete(dir);
            }
        }
        printTable(data, runs);
        if (!sweepLines.isEmpty()) {
            out.println();
            out.println("fusion sensitivity (chunk lists as above, fused outside the index; nDCG@10 standard / leaderboard variant):");
            sweepLines.forEach(out::println);
        }
        if (settings.runFile != null) {
            writeRuns(runs);
        }
        out.printf(Locale.ROOT, "%ntotal time %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void build(BeirDataset data, Embedder embedder, LuceneChunkIndex index) throws IOException {
        Chunker chunker = new Chunker(CHUNK_TOKENS, CHUNK_OVERLAP, embedder::countTokens);
        long start = System.nanoTime();
        List<String> owners = new ArrayList<>();
        List<TextChunk> chunks = new ArrayList<>();
        for (Map.Entry<String, BeirDataset.Passage> e : data.corpus().entrySet()) {
            BeirDataset.Passage p = e.getValue();
            for (TextChunk c : chunker.chunk(new ParsedDocument(DocumentType.TEXT, p.title(), List.of(new PageText(1, p.indexedText()))))) {
                owners.add(e.getKey());
                chunks.add(c);
            }
        }
        List<float[]> vectors = settings.cache == null ? embed(embedder, chunks)
                : new VectorCache(settings.cache).vectors(embedder.identity().id(), chunks.stream().map(TextChunk::text).toList(),
                        texts -> embed(embedder, chunks));
        Map<String, List<ChunkRecord>> batch = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            TextChunk c = chunks.get(i);
            String docId = owners.get(i);
            if (batch.size() == BATCH_DOCS && !batch.containsKey(docId)) {
                index.replaceDocuments(batch);
                batch = new LinkedHashMap<>();
            }
            batch.computeIfAbsent(docId, d -> new ArrayList<>()).add(new ChunkRecord(docId + ":" + c.ordinal(), docId,
                    data.corpus().get(docId).title(), c.ordinal(), c.page(), c.section(), c.start(), c.end(), c.text(),
                    vectors.get(i), Tier.PUBLIC, Set.of(), Set.of()));
        }
        index.replaceDocuments(batch);
        out.printf(Locale.ROOT, "%s: %d passages -> %d chunks, embedded and indexed in %.1f s%n", embedder.identity().name(),
                data.corpus().size(), chunks.size(), (System.nanoTime() - start) / 1e9);
    }

    private static List<float[]> embed(Embedder embedder, List<TextChunk> chunks) {
        long start = System.nanoTime();
        List<float[]> out = new ArrayList<>(chunks.size());
        for (int from = 0; from < chunks.size(); from += 256) {
            List<String> texts = chunks.subList(from, Math.min(chunks.size(), from + 256)).stream().map(TextChunk::text).toList();
            embedder.embedDocuments(texts).forEach(e -> out.add(e.vector()));
            System.err.printf(Locale.ROOT, "  %s: %d/%d chunks embedded (%.0f s)%n", embedder.identity().name(), out.size(),
                    chunks.size(), (System.nanoTime() - start) / 1e9);
        }
        return out;
    }

    private Map<String, float[]> embedQueries(BeirDataset data, Embedder embedder) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : data.queries().entrySet()) {
            // Without the prefix the query is embedded exactly like a passage.
            float[] v = settings.queryPrefix ? embedder.embedQuery(q.getValue()).vector()
                    : embedder.embedDocuments(List.of(q.getValue())).getFirst().vector();
            out.put(q.getKey(), v);
        }
        return out;
    }

    /** Folds chunk rankings into document rankings: a document ranks where its best chunk does. */
    static Map<String, List<ScoredDoc>> toDocs(Map<String, List<RetrievedChunk>> chunksByQuery) {
        Map<String, List<ScoredDoc>> out = new LinkedHashMap<>();
        chunksByQuery.forEach((q, chunks) -> out.put(q, fold(chunks.stream().map(c -> new ScoredDoc(c.documentId(), c.score())).toList())));
        return out;
    }

    static List<ScoredDoc> fold(List<ScoredDoc> chunkOrder) {
        Set<String> seen = new LinkedHashSet<>();
        List<ScoredDoc> docs = new ArrayList<>();
        for (ScoredDoc c : chunkOrder) {
            if (docs.size() == TOP_DOCS) {
                break;
            }
            if (seen.add(c.id())) {
                docs.add(c);
            }
        }
        return docs;
    }

    static Scores score(Map<String, List<ScoredDoc>> run, Map<String, Map<String, Integer>> qrels) {
        double ndcg = 0;
        double recall = 0;
        double mrr = 0;
        double variant = 0;
        int n = 0;
        // Every query with a judgement counts, retrieved or not (a query with no results scores 0).
        for (Map.Entry<String, Map<String, Integer>> q : qrels.entrySet()) {
            List<String> ranked = run.getOrDefault(q.getKey(), List.of()).stream().map(ScoredDoc::id).toList();
            ndcg += RankingMetrics.ndcg(ranked, q.getValue(), 10);
            recall += RankingMetrics.recall(ranked, q.getValue(), 100);
            mrr += RankingMetrics.reciprocalRank(ranked, q.getValue(), 10);
            variant += RankingMetrics.ndcgRetrievedIdeal(ranked, q.getValue(), 10);
            n++;
        }
        return n == 0 ? new Scores(0, 0, 0, 0, 0) : new Scores(ndcg / n, recall / n, mrr / n, variant / n, n);
    }

    private void printTable(BeirDataset data, List<Run> runs) {
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        data.qrels().forEach((q, g) -> {
            if (data.queries().containsKey(q)) {
                judged.put(q, g);
            }
        });
        out.println();
        out.printf(Locale.ROOT, "| system | nDCG@10 | Recall@100 | MRR@10 | nDCG@10, leaderboard variant* |%n");
        out.printf(Locale.ROOT, "|---|---|---|---|---|%n");
        for (Run r : runs) {
            Scores s = score(r.byQuery(), judged);
            out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n", r.system(), s.ndcg10(), s.recall100(), s.mrr10(),
                    s.ndcg10RetrievedIdeal());
        }
        out.printf(Locale.ROOT, "%d judged queries. * ideal ranking taken from the retrieved top 10 only (agentset-ai/embedding-leaderboard);"
                + " not comparable with standard nDCG@10.%n", judged.size());
    }

    private List<String> sweep(BeirDataset data, String label, Map<String, List<RetrievedChunk>> bm25,
                               Map<String, List<RetrievedChunk>> vec) {
        List<String> lines = new ArrayList<>();
        int[] ks = {10, 30, 60, 100};
        double[][] weights = {{1, 1}, {1, 2}, {2, 1}, {1, 3}};
        for (int k : ks) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s RRF k=%-3d", label, k));
            for (double[] w : weights) {
                RankFusion f = new RankFusion(k, w[0], w[1]);
                Map<String, List<ScoredDoc>> run = new LinkedHashMap<>();
                for (String q : data.queries().keySet()) {
                    Map<String, RetrievedChunk> byId = new LinkedHashMap<>();
                    Stream.concat(bm25.get(q).stream(), vec.get(q).stream()).forEach(c -> byId.putIfAbsent(c.chunkId(), c));
                    List<ScoredDoc> fused = f.fuse(bm25.get(q).stream().map(RetrievedChunk::chunkId).toList(),
                                    vec.get(q).stream().map(RetrievedChunk::chunkId).toList()).stream()
                            .map(e -> new ScoredDoc(byId.get(e.getKey()).documentId(), e.getValue())).toList();
                    run.put(q, fold(fused));
                }
                Scores s = score(run, data.qrels());
                line.append(String.format(Locale.ROOT, "  w(bm25:vec)=%.0f:%.0f %.4f/%.4f", w[0], w[1], s.ndcg10(), s.ndcg10RetrievedIdeal()));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private void writeRuns(List<Run> runs) throws IOException {
        // The product's mode (hybrid, first model) goes to the given path; every other system beside it.
        Run primary = runs.stream().filter(r -> r.tag().startsWith("hybrid-")).findFirst().orElse(runs.getFirst());
        for (Run r : runs) {
            Path target = r == primary ? settings.runFile : sibling(settings.runFile, r.tag());
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, List<ScoredDoc>> q : r.byQuery().entrySet()) {
                    List<ScoredDoc> docs = q.getValue();
                    for (int i = 0; i < docs.size(); i++) {
                        w.write(String.format(Locale.ROOT, "%s Q0 %s %d %.6f gatehouse-%s%n", q.getKey(), docs.get(i).id(), i + 1,
                                docs.get(i).score(), r.tag()));
                    }
                }
            }
            out.println("wrote " + target + " (" + r.system() + ")");
        }
    }

    private static Path sibling(Path file, String tag) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + "." + tag + name.substring(dot) : name + "." + tag;
        return file.resolveSibling(renamed);
    }

    private static EmbeddingModelSpec spec(String model) {
        return switch (model) {
            case "bge" -> EmbeddingModelSpec.bgeSmallEnV15();
            case "minilm" -> EmbeddingModelSpec.allMiniLmL6V2();
            default -> throw new IllegalArgumentException("--model is bge or minilm, got " + model);
        };
    }

    private static String label(String model) {
        return model.equals("bge") ? "bge-small-en-v1.5" : "all-MiniLM-L6-v2";
    }

    static Settings parse(String[] args) {
        Path base = Path.of("..", "shared", "eval", "msmarco-5k");
        Path corpus = base.resolve("corpus.jsonl");
        Path queries = base.resolve("queries.jsonl");
        Path qrels = base.resolve("qrels").resolve("test.tsv");
        List<String> models = List.of("bge", "minilm");
        Path runFile = null;
        int rrfK = 60;
        boolean prefix = true;
        boolean sweep = false;
        Path cache = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--corpus" -> corpus = Path.of(value(args, ++i, a));
                case "--queries" -> queries = Path.of(value(args, ++i, a));
                case "--qrels" -> qrels = Path.of(value(args, ++i, a));
                case "--model" -> models = List.of(value(args, ++i, a).split(","));
                case "--run-file" -> runFile = Path.of(value(args, ++i, a));
                case "--k" -> rrfK = Integer.parseInt(value(args, ++i, a));
                case "--no-query-prefix" -> prefix = false;
                case "--sweep" -> sweep = true;
                case "--cache" -> cache = Path.of(value(args, ++i, a));
                case "-h", "--help" -> {
                    System.out.println(usage());
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown argument " + a + "\n" + usage());
            }
        }
        models.forEach(RetrievalEval::spec);
        return new Settings(corpus, queries, qrels, models, runFile, rrfK, prefix, sweep, cache);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        }
        return args[i];
    }

    static String usage() {
        return """
                usage: ./gatehouse eval retrieval [--corpus corpus.jsonl] [--queries queries.jsonl] [--qrels test.tsv]
                                                  [--model bge|minilm|bge,minilm] [--run-file out.trec] [--k 60]
                                                  [--no-query-prefix] [--sweep] [--cache DIR]
                  defaults: ../shared/eval/msmarco-5k, both models, RRF k=60, the model's query instruction on.
                  --run-file writes the hybrid run of the first model there and every other system beside it
                  (out.bm25.trec, out.vector-bge.trec, ...): query-id Q0 doc-id rank score tag, top 100 per query.
                  --sweep also prints nDCG@10 for other RRF k and weights (sensitivity, not tuning).
                  --cache keeps passage vectors in DIR, keyed by model identity and chunk texts, so a rerun skips embedding.""";
    }

}
