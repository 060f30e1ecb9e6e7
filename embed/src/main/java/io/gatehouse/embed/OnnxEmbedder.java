package io.gatehouse.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;

/**
 * Runs a BERT-style embedding model on ONNX Runtime with the model's own HuggingFace tokenizer.
 *
 * <p>{@code OrtSession.run} is thread-safe, so a session serves every thread. A text that runs alone
 * (a query, a one-chunk document) runs on a session whose intra-op pool spans every core, for latency.
 * Several texts run concurrently on a second session of the same model with fewer intra-op threads per
 * run (cores divided by concurrent runs), for throughput: concurrent runs that share one wide pool
 * wait on each other's thread synchronisation (docs/performance.md measures 14% more texts per second).
 * Documents are tokenized, sorted by length and run in batches padded only to the longest text of
 * each batch. Pooling reads the flat output buffer and honours the attention mask, so padding never
 * leaks into a vector.
 *
 * <p>The graph is rewritten at load so ONNX Runtime does less work for the same vectors
 * ({@link EncoderGraphRewrite}); a rewritten graph is used only if it embeds a probe text as the graph
 * as shipped does, and {@link Options#graphRewrites()} turns the rewrite off.
 *
 * <p>Inputs longer than the model's maximum are cut (the head is kept) and the embedding says so.
 * Unpaired UTF-16 surrogates are replaced by U+FFFD before tokenizing, because the native tokenizer
 * needs valid UTF-8. Empty or blank text yields the model's vector for an empty input and a token
 * count of 0, so callers can tell and skip it.
 */
public final class OnnxEmbedder implements Embedder {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);
    private static final String GRAPH_PROBE = "Before a rewritten graph embeds anything, Gatehouse checks that it"
            + " embeds this sentence, with its words, names and numbers such as 3.14, as the original graph does.";
    /** Rewrites change rounding only (cosine above 0.9999 measured); a structural mistake costs far more. */
    private static final double GRAPH_PROBE_MIN_COSINE = 0.999;

    /**
     * Tuning knobs; docs/performance.md has the measurements behind the defaults.
     *
     * @param intraOpThreads ONNX Runtime threads inside a model run that runs alone; concurrent runs get
     *                       {@code max(1, intraOpThreads / concurrentRuns)} each
     * @param concurrentRuns model runs in flight at once for one {@link #embedDocuments} call (the
     *                       calling thread plus {@code concurrentRuns - 1} helpers)
     * @param batchSize      texts per model run. Above 1, texts are sorted by length and padded to the
     *                       longest of their batch. Note that int8 models with dynamic quantization
     *                       (both bundled ones) pick their activation scale per run, so a text's
     *                       vector then depends slightly on its batch-mates.
     * @param spinWait       whether the intra-op threads of a text run alone spin between the run's
     *                       parallel steps rather than sleep. They stop spinning when the run ends, and
     *                       runs in flight together never spin, so the cost is bounded to a lone run;
     *                       for a short query, sleeping and waking at every step costs more time than
     *                       using one core
     * @param graphRewrites  whether the model's graph is rewritten at load so ONNX Runtime does less work
     *                       for the same vectors ({@link EncoderGraphRewrite}); a rewritten graph is used
     *                       only if it embeds a probe text as the original graph does
     */
    public record Options(int intraOpThreads, int concurrentRuns, int batchSize, boolean spinWait, boolean graphRewrites) {

        public Options {
            positive("intraOpThreads", intraOpThreads);
            positive("concurrentRuns", concurrentRuns);
            positive("batchSize", batchSize);
        }

        private static void positive(String what, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
        }

        /**
         * As many intra-op threads as cores (so a lone query uses them all), as many concurrent runs as
         * cores (so a document batch keeps them busy, one thread each, without intra-op
         * synchronisation), one text per run, spin-waiting only inside a lone run, graph rewritten: see
         * docs/performance.md.
         */
        public static Options defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Options(cores, cores, 1, true, true);
        }

        public Options withIntraOpThreads(int threads) {
            return new Options(threads, concurrentRuns, batchSize, spinWait, graphRewrites);
        }

        public Options withConcurrentRuns(int runs) {
            return new Options(intraOpThreads, runs, batchSize, spinWait, graphRewrites);
        }

        public Options withBatchSize(int size) {
            return new Options(intraOpThreads, concurrentRuns, size, spinWait, graphRewrites);
        }

        public Options withSpinWait(boolean spin) {
            return new Options(intraOpThreads, concurrentRuns, batchSize, spin, graphRewrites);
        }

        public Options withGraphRewrites(boolean rewrite) {
            return new Options(intraOpThreads, concurrentRuns, batchSize, spinWait, rewrite);
        }

        /** Intra-op threads of each run when {@link #concurrentRuns} run at once. */
        int concurrentIntraOpThreads() {
            return Math.max(1, intraOpThreads / concurrentRuns);
        }
    }

    private final EmbeddingModelSpec spec;
    private final ModelIdentity identity;
    private final Options options;
    private final OrtEnvironment environment;
    /** Runs a text that is alone in flight, with {@code intraOpThreads}. */
    private final OrtSession soloSession;
    /** Runs texts that are in flight together; the solo session itself when the thread counts agree. */
    private final OrtSession concurrentSession;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean feedsTokenTypeIds;
    private final String outputName;
    private final long padId;
    /** The {@link EncoderGraphRewrite} rewrites the sessions run, empty for the graph as shipped. */
    private final List<String> graphRewrites;
    /** Helper threads for concurrent runs; daemon, so a forgotten close() does not keep the JVM alive. */
    private final ExecutorService helperPool;
    /** Runs hold the read lock, close takes the write lock: native memory is never freed under a running batch. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxEmbedder(EmbeddingModelSpec spec, Options options, ModelIdentity identity, byte[] modelBytes,
                         List<String> graphRewrites) throws OrtException, IOException {
        this.spec = spec;
        this.options = options;
        this.identity = identity;
        this.graphRewrites = List.copyOf(graphRewrites);
        this.environment = OrtEnvironment.getEnvironment();
        try (SessionOptions so = sessionOptions(options.intraOpThreads(), options.spinWait())) {
            this.soloSession = environment.createSession(modelBytes, so);
        }
        OrtSession concurrent = soloSession;
        try {
            if (options.concurrentRuns() > 1 && options.concurrentIntraOpThreads() != options.intraOpThreads()) {
                try (SessionOptions so = sessionOptions(options.concurrentIntraOpThreads(), false)) {
                    concurrent = environment.createSession(modelBytes, so);
                }
            }
            Set<String> inputs = soloSession.getInputNames();
            if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
                throw new IllegalArgumentException("model " + spec.model().describe()
                        + " does not look like a BERT-style encoder: inputs are " + inputs);
            }
            this.feedsTokenTypeIds = inputs.contains("token_type_ids");
            this.outputName = pickOutput(soloSession.getOutputInfo());
            try (InputStream json = spec.tokenizer().open()) {
                // Truncation and padding are ours to do: we need the full token count and batch-level padding.
                this.tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of(
                        "addSpecialTokens", "true",
                        "truncation", "false",
                        "padding", "false"));
            }
        } catch (RuntimeException | IOException | OrtException e) {
            closeSessions(soloSession, concurrent);
            throw e;
        }
        this.concurrentSession = concurrent;
        this.helperPool = Executors.newFixedThreadPool(Math.max(1, options.concurrentRuns() - 1), helperThreads(spec.name()));
        this.padId = 0L; // [PAD] in every BERT vocabulary; masked out, so its value only needs to be a valid id.
        try {
            float[] probe = embedDocuments(List.of("probe")).getFirst().vector();
            if (probe.length != spec.dimension()) {
                throw new IllegalArgumentException("model " + spec.name() + " produces " + probe.length
                        + "-dimensional vectors, the spec says " + spec.dimension());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens a model with {@link Options#defaults()}. */
    public static OnnxEmbedder open(EmbeddingModelSpec spec) {
        return open(spec, Options.defaults());
    }

    /** Opens a model with the given number of ONNX Runtime intra-op threads per run and otherwise the defaults. */
    public static OnnxEmbedder open(EmbeddingModelSpec spec, int intraOpThreads) {
        return open(spec, Options.defaults().withIntraOpThreads(intraOpThreads));
    }

    public static OnnxEmbedder open(EmbeddingModelSpec spec, Options options) {
        return open(spec, options, EncoderGraphRewrite::apply);
    }

    /** With the rewrite given, so tests can hand in a broken one and see the original graph run. */
    static OnnxEmbedder open(EmbeddingModelSpec spec, Options options,
                             BiFunction<byte[], Pooling, EncoderGraphRewrite.Result> rewriter) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        keepDjlOffline();
        long start = System.nanoTime();
        try {
            byte[] shipped = spec.model().readAllBytes();
            // The identity names the file as shipped: a rewrite changes how it runs, not which model it is.
            ModelIdentity identity = new ModelIdentity(spec.name(), sha256(shipped), spec.dimension());
            EncoderGraphRewrite.Result rewrite = options.graphRewrites()
                    ? rewrite(spec, shipped, rewriter)
                    : new EncoderGraphRewrite.Result(shipped, List.of());
            OnnxEmbedder embedder = rewrite.changed() ? openRewritten(spec, options, identity, rewrite, shipped) : null;
            if (embedder == null) {
                embedder = new OnnxEmbedder(spec, options, identity, shipped, List.of());
            }
            LOG.info("embedding model {} loaded in {} ms ({}, graph rewrites {})", embedder.identity.id(),
                    (System.nanoTime() - start) / 1_000_000, options, embedder.graphRewrites);
            return embedder;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load model " + spec.model().describe(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + spec.tokenizer().describe(), e);
        }
    }

    private static EncoderGraphRewrite.Result rewrite(EmbeddingModelSpec spec, byte[] shipped,
                                                      BiFunction<byte[], Pooling, EncoderGraphRewrite.Result> rewriter) {
        try {
            return rewriter.apply(shipped, spec.pooling());
        } catch (IllegalArgumentException e) {
            // ONNX Runtime is the judge of what it can load; the rewrite only steps aside.
            LOG.info("graph of {} not rewritten: {}", spec.name(), e.getMessage());
            return new EncoderGraphRewrite.Result(shipped, List.of());
        }
    }

    /** The embedder on the rewritten graph, or null if that graph fails to load, to run or to agree. */
    private static OnnxEmbedder openRewritten(EmbeddingModelSpec spec, Options options, ModelIdentity identity,
                                              EncoderGraphRewrite.Result rewrite, byte[] shipped) throws IOException {
        OnnxEmbedder embedder = null;
        try {
            embedder = new OnnxEmbedder(spec, options, identity, rewrite.model(), rewrite.applied());
            if (embedder.agreesWithGraph(shipped)) {
                return embedder;
            }
            LOG.warn("the rewritten graph of {} ({}) does not embed the probe text as the original does;"
                    + " running the original graph", spec.name(), rewrite.applied());
        } catch (OrtException | RuntimeException e) {
            LOG.warn("the rewritten graph of {} ({}) failed ({}); running the original graph",
                    spec.name(), rewrite.applied(), e.toString());
        }
        if (embedder != null) {
            embedder.close();
        }
        return null;
    }

    /**
     * Whether this embedder's (rewritten) graph embeds a probe text as {@code original} does, run on a
     * short-lived one-thread session. The probe is long enough that every row of the attention counts.
     */
    private boolean agreesWithGraph(byte[] original) throws OrtException {
        Tokens[] probe = {tokenize(GRAPH_PROBE)};
        Integer[] order = {0};
        Embedding[] ours = new Embedding[1];
        Embedding[] theirs = new Embedding[1];
        runBatch(soloSession, probe, order, 0, 1, ours);
        try (SessionOptions so = sessionOptions(1, false);
             OrtSession reference = environment.createSession(original, so)) {
            runBatch(reference, probe, order, 0, 1, theirs);
        }
        double dot = 0;
        for (int i = 0; i < ours[0].vector().length; i++) {
            dot += (double) ours[0].vector()[i] * theirs[0].vector()[i];
        }
        return dot >= GRAPH_PROBE_MIN_COSINE;
    }

    /** The {@link EncoderGraphRewrite} rewrites in use, empty when the graph runs as shipped. */
    public List<String> graphRewrites() {
        return graphRewrites;
    }

    /**
     * DJL calls an HTTP metadata endpoint ("call home") the first time a tokenizer loads and may try to
     * download native code; Gatehouse makes no network call it was not asked to make and ships the
     * native tokenizer inside the jar. An operator's explicit setting wins.
     */
    private static void keepDjlOffline() {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static SessionOptions sessionOptions(int intraOpThreads, boolean spinWait) throws OrtException {
        SessionOptions so = new SessionOptions();
        try {
            so.setOptimizationLevel(OptLevel.ALL_OPT);
            so.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setIntraOpNumThreads(intraOpThreads);
            so.setInterOpNumThreads(1);
            so.addConfigEntry("session.intra_op.allow_spinning", spinWait ? "1" : "0");
            if (spinWait) {
                // Spinning threads left spinning after a run would steal cores from whatever runs next.
                so.addConfigEntry("session.force_spinning_stop", "1");
            }
            return so;
        } catch (OrtException e) {
            so.close();
            throw e;
        }
    }

    private static ThreadFactory helperThreads(String model) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "embed-" + model + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String pickOutput(Map<String, NodeInfo> outputs) {
        if (outputs.containsKey("last_hidden_state")) {
            return "last_hidden_state";
        }
        if (outputs.containsKey("token_embeddings")) {
            return "token_embeddings";
        }
        // Exports without conventional names: the first output of a BERT encoder is the per-token states.
        return outputs.keySet().iterator().next();
    }

    public EmbeddingModelSpec spec() {
        return spec;
    }

    public Options options() {
        return options;
    }

    @Override
    public List<Embedding> embedDocuments(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        Tokens[] tokens = new Tokens[texts.size()];
        for (int i = 0; i < tokens.length; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text at index " + i + " is null");
            }
            tokens[i] = tokenize(text);
        }
        return embedTokens(tokens);
    }

    /** The query with the model's instruction prefix; the token count includes the prefix. */
    @Override
    public Embedding embedQuery(String text) {
        Objects.requireNonNull(text, "text");
        Tokens tokens = tokenize(spec.queryPrefix() + text);
        return embedTokens(new Tokens[] {tokens}).getFirst();
    }

    @Override
    public int countTokens(String text) {
        Objects.requireNonNull(text, "text");
        readLock();
        try {
            return tokenizer.encode(TextRepair.repair(text), false, false).getIds().length;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public int maxTokens() {
        return spec.maxTokens();
    }

    @Override
    public int dimension() {
        return spec.dimension();
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            helperPool.shutdownNow();
            tokenizer.close();
            closeSessions(soloSession, concurrentSession);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void closeSessions(OrtSession solo, OrtSession concurrent) {
        for (OrtSession s : concurrent == solo ? List.of(solo) : List.of(solo, concurrent)) {
            try {
                s.close();
            } catch (OrtException e) {
                LOG.warn("closing an ONNX session of {} failed", spec.name(), e);
            }
        }
    }

    private void readLock() {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new IllegalStateException("embedder " + spec.name() + " is closed");
        }
    }

    /** Token ids of one text, already cut to the model maximum, and what the cut removed. */
    record Tokens(long[] ids, long[] typeIds, int textTokens, boolean truncated) {
        int length() {
            return ids.length;
        }
    }

    Tokens tokenize(String text) {
        readLock();
        Encoding encoding;
        try {
            encoding = tokenizer.encode(TextRepair.repair(text), true, false);
        } finally {
            lifecycle.readLock().unlock();
        }
        long[] ids = encoding.getIds();
        long[] typeIds = encoding.getTypeIds();
        long[] special = encoding.getSpecialTokenMask();
        int lead = 0;
        while (lead < special.length && special[lead] == 1) {
            lead++;
        }
        int trail = 0;
        while (trail < special.length - lead && special[special.length - 1 - trail] == 1) {
            trail++;
        }
        int textTokens = ids.length - lead - trail;
        int max = spec.maxTokens();
        if (ids.length <= max) {
            return new Tokens(ids, typeIds, textTokens, false);
        }
        // Keep the head of the text, then the closing special tokens, as HuggingFace truncation does.
        long[] cutIds = new long[max];
        long[] cutTypes = new long[max];
        int keep = max - trail;
        System.arraycopy(ids, 0, cutIds, 0, keep);
        System.arraycopy(ids, ids.length - trail, cutIds, keep, trail);
        System.arraycopy(typeIds, 0, cutTypes, 0, keep);
        System.arraycopy(typeIds, typeIds.length - trail, cutTypes, keep, trail);
        return new Tokens(cutIds, cutTypes, textTokens, true);
    }

    List<Embedding> embedTokens(Tokens[] tokens) {
        Integer[] order = new Integer[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Longest first: similar lengths share a batch (little padding) and the largest buffers come first.
        Arrays.sort(order, (a, b) -> Integer.compare(tokens[b].length(), tokens[a].length()));
        Embedding[] out = new Embedding[tokens.length];
        int batchSize = options.batchSize();
        int batches = (order.length + batchSize - 1) / batchSize;
        AtomicInteger next = new AtomicInteger();
        // Every batch index is claimed exactly once and counted down exactly once, run or skipped, so
        // the latch opens when no thread can still be writing into out[].
        CountDownLatch finished = new CountDownLatch(batches);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int runs = Math.min(options.concurrentRuns(), batches);
        OrtSession session = runs > 1 ? concurrentSession : soloSession;
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        int start = b * batchSize;
                        runBatch(session, tokens, order, start, Math.min(order.length, start + batchSize), out);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }
        };
        int helpers = runs - 1;
        for (int h = 0; h < helpers; h++) {
            // A helper queued behind another caller's work may start after we are done; it then finds
            // nothing left to claim and returns at once.
            helperPool.execute(worker);
        }
        worker.run();
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            next.set(batches);
            throw new IllegalStateException("interrupted while embedding", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return Arrays.asList(out);
    }

    private void runBatch(OrtSession session, Tokens[] tokens, Integer[] order, int start, int end, Embedding[] out) {
        int rows = end - start;
        int width = tokens[order[start]].length(); // sorted longest first
        LongBuffer ids = directLongs(rows * width);
        LongBuffer mask = directLongs(rows * width);
        LongBuffer types = feedsTokenTypeIds ? directLongs(rows * width) : null;
        for (int r = 0; r < rows; r++) {
            Tokens t = tokens[order[start + r]];
            int base = r * width;
            int n = t.length();
            for (int c = 0; c < width; c++) {
                boolean real = c < n;
                ids.put(base + c, real ? t.ids()[c] : padId);
                mask.put(base + c, real ? 1L : 0L);
                if (types != null) {
                    types.put(base + c, real ? t.typeIds()[c] : 0L);
                }
            }
        }
        long[] shape = {rows, width};
        float[] pooled;
        int hidden;
        readLock();
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, ids, shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask, shape);
             OnnxTensor typesTensor = types == null ? null : OnnxTensor.createTensor(environment, types, shape)) {
            Map<String, OnnxTensor> inputs = typesTensor == null
                    ? Map.of("input_ids", idsTensor, "attention_mask", maskTensor)
                    : Map.of("input_ids", idsTensor, "attention_mask", maskTensor, "token_type_ids", typesTensor);
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxTensor states = (OnnxTensor) result.get(0);
                long[] outShape = states.getInfo().getShape();
                // A graph rewritten for CLS pooling returns the first position only.
                boolean firstOnly = spec.pooling() == Pooling.CLS && outShape.length == 3 && outShape[1] == 1;
                if (outShape.length != 3 || outShape[0] != rows || (outShape[1] != width && !firstOnly)) {
                    throw new IllegalStateException("model output " + outputName + " has shape "
                            + Arrays.toString(outShape) + ", expected [" + rows + ", " + width + ", hidden]");
                }
                hidden = (int) outShape[2];
                FloatBuffer flat = states.getFloatBuffer();
                pooled = pool(flat, mask, rows, (int) outShape[1], width, hidden);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run " + spec.name(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
        for (int r = 0; r < rows; r++) {
            float[] v = Arrays.copyOfRange(pooled, r * hidden, (r + 1) * hidden);
            normalise(v);
            Tokens t = tokens[order[start + r]];
            out[order[start + r]] = new Embedding(v, t.textTokens(), t.truncated());
        }
    }

    /**
     * Pools [rows, positions, hidden] states into [rows, hidden], reading the [rows, width] mask so padding
     * is ignored; positions is width, or 1 for a graph that returns the CLS position only.
     */
    private float[] pool(FloatBuffer flat, LongBuffer mask, int rows, int positions, int width, int hidden) {
        float[] pooled = new float[rows * hidden];
        switch (spec.pooling()) {
            case CLS -> {
                for (int r = 0; r < rows; r++) {
                    flat.get(r * positions * hidden, pooled, r * hidden, hidden);
                }
            }
            case MEAN -> {
                for (int r = 0; r < rows; r++) {
                    int count = 0;
                    int out = r * hidden;
                    for (int c = 0; c < width; c++) {
                        if (mask.get(r * width + c) == 0) {
                            continue;
                        }
                        count++;
                        int in = (r * width + c) * hidden;
                        for (int h = 0; h < hidden; h++) {
                            pooled[out + h] += flat.get(in + h);
                        }
                    }
                    float inv = 1f / Math.max(count, 1);
                    for (int h = 0; h < hidden; h++) {
                        pooled[out + h] *= inv;
                    }
                }
            }
        }
        return pooled;
    }

    private static void normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return; // a zero vector stays zero rather than becoming NaN
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    private static LongBuffer directLongs(int n) {
        return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
