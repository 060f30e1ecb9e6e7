package io.gatehouse.policy.pii;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a BERT-style token-classification model (ONNX, with its Hugging Face {@code tokenizer.json})
 * and turns its BIO tags into spans. Off unless an administrator configures a model: nothing is
 * ever downloaded; the files must be on disk. Add it with
 * {@link RecognizerPiiDetector.Builder#addRecognizer}; its spans compete with the rule-based ones in
 * the overlap resolver, so a confident model wins and a hesitant one defers.
 *
 * <p>Long texts are cut at whitespace into pieces the model can take, so nothing is truncated.
 * Thread-safe; close it to free the native session.
 */
public final class OnnxNerRecognizer implements Recognizer, AutoCloseable {

    /** The usual entity names of NER label sets (CoNLL, OntoNotes, WikiNER) and the PII type of each. */
    public static final Map<String, PiiType> DEFAULT_ENTITY_TYPES = Map.ofEntries(
            Map.entry("PER", PiiType.PERSON), Map.entry("PERSON", PiiType.PERSON),
            Map.entry("LOC", PiiType.LOCATION), Map.entry("LOCATION", PiiType.LOCATION), Map.entry("GPE", PiiType.LOCATION),
            Map.entry("ORG", PiiType.ORGANIZATION), Map.entry("ORGANIZATION", PiiType.ORGANIZATION),
            Map.entry("DATE", PiiType.DATE_TIME), Map.entry("TIME", PiiType.DATE_TIME),
            Map.entry("EMAIL", PiiType.EMAIL_ADDRESS), Map.entry("PHONE", PiiType.PHONE_NUMBER),
            Map.entry("ADDRESS", PiiType.STREET_ADDRESS), Map.entry("TITLE", PiiType.TITLE));

    /**
     * Where the model is and how to read it.
     *
     * @param model        the {@code .onnx} file
     * @param tokenizer    its {@code tokenizer.json}
     * @param labels       label of each output class, in order; empty to read {@code id2label} from the
     *                     {@code config.json} beside the model
     * @param entityTypes  entity name (label without its B-/I- prefix) to PII type; others are ignored
     * @param scoreScale   multiplies the model's probability to give the span score (below 1 lets the
     *                     rule-based recognizers win ties)
     * @param maxTokens    the model's maximum sequence length
     */
    public record Config(Path model, Path tokenizer, List<String> labels, Map<String, PiiType> entityTypes,
                         double scoreScale, int maxTokens) {

        public Config {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tokenizer, "tokenizer");
            labels = List.copyOf(labels);
            entityTypes = Map.copyOf(entityTypes);
            if (scoreScale <= 0 || scoreScale > 1) {
                throw new IllegalArgumentException("scoreScale must be in (0, 1], got " + scoreScale);
            }
            if (maxTokens < 8) {
                throw new IllegalArgumentException("maxTokens must be at least 8, got " + maxTokens);
            }
        }

        /** A model directory laid out as Hugging Face exports it: model.onnx, tokenizer.json, config.json. */
        public static Config ofDirectory(Path dir) {
            return new Config(dir.resolve("model.onnx"), dir.resolve("tokenizer.json"), List.of(), DEFAULT_ENTITY_TYPES, 0.85, 512);
        }
    }

    private final Config config;
    private final List<String> labels;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Set<String> inputNames;
    private final int maxChars;

    private OnnxNerRecognizer(Config config, List<String> labels, OrtSession session, HuggingFaceTokenizer tokenizer) throws OrtException {
        this.config = config;
        this.labels = labels;
        this.session = session;
        this.tokenizer = tokenizer;
        this.inputNames = session.getInputNames();
        // Generous for English (about 4 characters a token); the tokenizer truncates anything longer.
        this.maxChars = Math.max(16, (config.maxTokens() - 2) * 3);
    }

    /** Loads the model and tokenizer; fails loudly when a file is missing or the labels do not fit the model. */
    public static OnnxNerRecognizer open(Config config) {
        for (Path p : List.of(config.model(), config.tokenizer())) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("NER model file not found: " + p);
            }
        }
        List<String> labels = config.labels().isEmpty() ? readLabels(config.model().resolveSibling("config.json")) : config.labels();
        HuggingFaceTokenizer tokenizer = null;
        OrtSession session = null;
        keepDjlOffline();
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(config.tokenizer(), Map.of(
                    "truncation", "true", "padding", "false", "maxLength", String.valueOf(config.maxTokens())));
            session = OrtEnvironment.getEnvironment().createSession(config.model().toString(), new OrtSession.SessionOptions());
            return new OnnxNerRecognizer(config, labels, session, tokenizer);
        } catch (IOException e) {
            closeQuietly(session, tokenizer);
            throw new UncheckedIOException("cannot load tokenizer " + config.tokenizer(), e);
        } catch (OrtException e) {
            closeQuietly(session, tokenizer);
            throw new IllegalStateException("cannot load NER model " + config.model(), e);
        }
    }

    /**
     * DJL otherwise "calls home" (an EC2 metadata request) when the tokenizer library loads, and may
     * try to download native files: neither may leave this machine. Explicit settings by the operator win.
     */
    private static void keepDjlOffline() {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer) {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }

    static List<String> readLabels(Path configJson) {
        try {
            JsonNode id2label = new ObjectMapper().readTree(configJson.toFile()).get("id2label");
            if (id2label == null) {
                throw new IllegalArgumentException("no id2label in " + configJson + "; give the labels explicitly");
            }
            TreeMap<Integer, String> byId = new TreeMap<>();
            id2label.fields().forEachRemaining(e -> byId.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
            return List.copyOf(byId.values());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels from " + configJson, e);
        }
    }

    @Override
    public String name() {
        return "onnx-ner";
    }

    @Override
    public Set<PiiType> types() {
        Set<PiiType> types = EnumSet.noneOf(PiiType.class);
        for (String label : labels) {
            String entity = entityOf(label);
            PiiType t = entity == null ? null : config.entityTypes().get(entity);
            if (t != null) {
                types.add(t);
            }
        }
        return types;
    }

    @Override
    public List<PiiSpan> recognize(String text) {
        List<PiiSpan> out = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int end = Math.min(text.length(), pos + maxChars);
            if (end < text.length()) {
                int cut = text.lastIndexOf(' ', end);
                int nl = text.lastIndexOf('\n', end);
                cut = Math.max(cut, nl);
                if (cut > pos) {
                    end = cut;
                }
            }
            tagPiece(text.substring(pos, end), pos, out);
            pos = end;
        }
        return out;
    }

    private void tagPiece(String piece, int offset, List<PiiSpan> out) {
        if (piece.isBlank()) {
            return;
        }
        Encoding enc = tokenizer.encode(piece);
        long[] ids = enc.getIds();
        int n = ids.length;
        if (n == 0) {
            return;
        }
        float[][] logits = run(ids, enc.getAttentionMask(), enc.getTypeIds());
        CharSpan[] spans = enc.getCharTokenSpans();
        long[] special = enc.getSpecialTokenMask();
        String currentEntity = null;
        int start = -1;
        int end = -1;
        double probSum = 0;
        int count = 0;
        for (int i = 0; i <= n; i++) {
            String label = "O";
            double prob = 0;
            boolean skip = false;
            if (i < n) {
                skip = spans[i] == null || special[i] == 1;
                if (!skip) {
                    int best = argmax(logits[i]);
                    label = best < labels.size() ? labels.get(best) : "O";
                    prob = softmaxAt(logits[i], best);
                }
            }
            if (skip) {
                continue;
            }
            String entity = entityOf(label);
            boolean begins = label.startsWith("B-") || label.startsWith("S-") || label.startsWith("U-");
            boolean continues = currentEntity != null && entity != null && entity.equals(currentEntity) && !begins;
            if (continues) {
                end = spans[i].getEnd();
                probSum += prob;
                count++;
                continue;
            }
            if (currentEntity != null) {
                emit(currentEntity, offset + start, offset + end, probSum / count, out);
            }
            currentEntity = entity;
            if (entity != null) {
                start = spans[i].getStart();
                end = spans[i].getEnd();
                probSum = prob;
                count = 1;
            }
        }
    }

    private void emit(String entity, int start, int end, double prob, List<PiiSpan> out) {
        PiiType type = config.entityTypes().get(entity);
        if (type != null && end > start) {
            out.add(new PiiSpan(start, end, type, Math.min(1.0, prob * config.scoreScale())));
        }
    }

    private float[][] run(long[] ids, long[] mask, long[] typeIds) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, new long[][] {ids}));
            if (inputNames.contains("attention_mask")) {
                inputs.put("attention_mask", OnnxTensor.createTensor(env, new long[][] {mask}));
            }
            if (inputNames.contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[][] {typeIds}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] logits = (float[][][]) result.get(0).getValue();
                return logits[0];
            }
        } catch (OrtException e) {
            throw new IllegalStateException("NER model failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** "B-PER" -> "PER"; "O" -> null. */
    static String entityOf(String label) {
        if (label == null || label.equals("O")) {
            return null;
        }
        int dash = label.indexOf('-');
        String e = dash == 1 ? label.substring(2) : label;
        return e.toUpperCase(Locale.ROOT);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double softmaxAt(float[] v, int k) {
        double max = v[k];
        double sum = 0;
        for (float x : v) {
            sum += Math.exp(x - max);
        }
        return 1.0 / sum;
    }

    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close NER model session", e);
        }
    }
}
