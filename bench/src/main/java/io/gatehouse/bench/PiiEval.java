package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiSpan;
import io.gatehouse.policy.pii.PiiType;
import io.gatehouse.policy.pii.RecognizerPiiDetector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ./gatehouse eval pii [path] [--predictions out.jsonl] [--threshold x] [--errors n]}: span-level
 * PII precision, recall and F2 on a file in presidio-research's generated format, scored as its span
 * evaluator does: a prediction matches a gold span when their ranges, trimmed of whitespace and
 * punctuation, have intersection-over-union >= 0.5; each gold span and each prediction match at
 * most once. The headline ignores types; the per-type table uses the mapping printed beside it.
 */
public final class PiiEval {

    static final String DEFAULT_PATH = "../shared/eval/pii/presidio_generated_large.json";

    /** How the dataset's entity types map to ours (DOMAIN_NAME in the data are full URLs; PREFIX is an honorific). */
    static final Map<String, Set<PiiType>> TYPE_MAP = new LinkedHashMap<>();

    static {
        TYPE_MAP.put("PERSON", EnumSet.of(PiiType.PERSON));
        TYPE_MAP.put("ADDRESS", EnumSet.of(PiiType.STREET_ADDRESS));
        TYPE_MAP.put("LOCATION", EnumSet.of(PiiType.LOCATION));
        TYPE_MAP.put("ORGANIZATION", EnumSet.of(PiiType.ORGANIZATION));
        TYPE_MAP.put("CREDIT_CARD", EnumSet.of(PiiType.CREDIT_CARD));
        TYPE_MAP.put("PHONE_NUMBER", EnumSet.of(PiiType.PHONE_NUMBER));
        TYPE_MAP.put("DATE_TIME", EnumSet.of(PiiType.DATE_TIME));
        TYPE_MAP.put("EMAIL_ADDRESS", EnumSet.of(PiiType.EMAIL_ADDRESS));
        TYPE_MAP.put("US_SSN", EnumSet.of(PiiType.US_SSN));
        TYPE_MAP.put("IBAN_CODE", EnumSet.of(PiiType.IBAN_CODE));
        TYPE_MAP.put("DOMAIN_NAME", EnumSet.of(PiiType.DOMAIN_NAME, PiiType.URL));
        TYPE_MAP.put("URL", EnumSet.of(PiiType.URL, PiiType.DOMAIN_NAME));
        TYPE_MAP.put("TITLE", EnumSet.of(PiiType.TITLE));
        TYPE_MAP.put("PREFIX", EnumSet.of(PiiType.TITLE));
        TYPE_MAP.put("US_DRIVER_LICENSE", EnumSet.of(PiiType.US_DRIVER_LICENSE));
        TYPE_MAP.put("US_PASSPORT", EnumSet.of(PiiType.US_PASSPORT));
        TYPE_MAP.put("UK_NHS", EnumSet.of(PiiType.UK_NHS));
        TYPE_MAP.put("IP_ADDRESS", EnumSet.of(PiiType.IP_ADDRESS));
        TYPE_MAP.put("AGE", EnumSet.of(PiiType.AGE));
    }

    /** A gold span after trimming. */
    record Gold(int start, int end, String type) {
    }

    /** A predicted span after trimming, with its original range for the predictions file. */
    record Predicted(int start, int end, PiiType type) {
    }

    /** One sample's matches: index of the prediction matched to each gold span (-1 when none). */
    record Matching(int[] goldToPredicted, int[] predictedToGold) {
    }

    private PiiEval() {
    }

    public static void main(String[] args) throws IOException {
        String pathArg = null;
        Path predictionsOut = null;
        Double threshold = null;
        int errors = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--predictions" -> predictionsOut = Path.of(args[++i]);
                case "--threshold" -> threshold = Double.parseDouble(args[++i]);
                case "--errors" -> errors = Integer.parseInt(args[++i]);
                default -> pathArg = args[i];
            }
        }
        Path path = pathArg != null ? Path.of(pathArg) : locateDefault();
        JsonNode samples = new ObjectMapper().readTree(path.toFile());
        long t0 = System.nanoTime();
        RecognizerPiiDetector.Builder builder = RecognizerPiiDetector.builder();
        if (threshold != null) {
            builder.threshold(threshold);
        }
        PiiDetector detector = builder.build();
        long t1 = System.nanoTime();
        Report report = evaluate(samples, detector, predictionsOut, errors);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "PII evaluation of %s (%d samples, %d gold spans)%n", path, samples.size(), report.gold);
        System.out.printf(Locale.ROOT, "detector built in %.1f s, analysed in %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        report.print();
        if (predictionsOut != null) {
            System.out.println("predictions written to " + predictionsOut);
        }
    }

    static Path locateDefault() {
        Path p = Path.of(DEFAULT_PATH);
        if (Files.exists(p)) {
            return p;
        }
        // From a git worktree the shared folder sits further up: look in the ancestors too.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/eval/pii/presidio_generated_large.json");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return p;
    }

    static Report evaluate(JsonNode samples, PiiDetector detector, Path predictionsOut, int errorsToShow) throws IOException {
        Report report = new Report();
        ObjectMapper json = new ObjectMapper();
        BufferedWriter out = predictionsOut == null ? null : Files.newBufferedWriter(predictionsOut, StandardCharsets.UTF_8);
        try {
            int shown = 0;
            for (JsonNode sample : samples) {
                String text = sample.get("full_text").asText();
                List<Gold> gold = new ArrayList<>();
                for (JsonNode s : sample.get("spans")) {
                    int[] r = trim(text, s.get("start_position").asInt(), s.get("end_position").asInt());
                    if (r != null) {
                        gold.add(new Gold(r[0], r[1], s.get("entity_type").asText()));
                    }
                }
                List<PiiSpan> spans = detector.analyze(text);
                List<Predicted> predicted = new ArrayList<>();
                for (PiiSpan s : spans) {
                    int[] r = trim(text, s.start(), s.end());
                    if (r != null) {
                        predicted.add(new Predicted(r[0], r[1], s.type()));
                    }
                }
                if (out != null) {
                    ObjectNode line = json.createObjectNode();
                    ArrayNode arr = line.putArray("spans");
                    for (PiiSpan s : spans) {
                        arr.addArray().add(s.start()).add(s.end()).add(s.type().name());
                    }
                    out.write(json.writeValueAsString(line));
                    out.newLine();
                }
                Matching any = match(gold, predicted, false);
                Matching typed = match(gold, predicted, true);
                report.add(gold, predicted, any, typed);
                if (shown < errorsToShow && (contains(any.goldToPredicted()) || contains(any.predictedToGold()))) {
                    shown++;
                    System.out.println("--- " + text.replace("\n", "\\n"));
                    for (int g = 0; g < gold.size(); g++) {
                        if (any.goldToPredicted()[g] < 0) {
                            Gold x = gold.get(g);
                            System.out.println("  MISS " + x.type() + " [" + text.substring(x.start(), x.end()).replace("\n", "\\n") + "]");
                        }
                    }
                    for (int p = 0; p < predicted.size(); p++) {
                        if (any.predictedToGold()[p] < 0) {
                            Predicted x = predicted.get(p);
                            System.out.println("  FP   " + x.type() + " [" + text.substring(x.start(), x.end()).replace("\n", "\\n") + "]");
                        }
                    }
                }
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        return report;
    }

    private static boolean contains(int[] matches) {
        for (int m : matches) {
            if (m < 0) {
                return true;
            }
        }
        return false;
    }

    /** Trims whitespace and punctuation at both ends; null when nothing is left. */
    static int[] trim(String text, int start, int end) {
        int s = Math.max(0, start);
        int e = Math.min(text.length(), end);
        while (s < e && trimmable(text.charAt(s))) {
            s++;
        }
        while (e > s && trimmable(text.charAt(e - 1))) {
            e--;
        }
        return s < e ? new int[] {s, e} : null;
    }

    private static boolean trimmable(char c) {
        if (Character.isWhitespace(c)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    static double iou(int s1, int e1, int s2, int e2) {
        int inter = Math.min(e1, e2) - Math.max(s1, s2);
        if (inter <= 0) {
            return 0;
        }
        int union = Math.max(e1, e2) - Math.min(s1, s2);
        return (double) inter / union;
    }

    /** Greedy one-to-one matching, best overlap first. */
    static Matching match(List<Gold> gold, List<Predicted> predicted, boolean typed) {
        record Pair(int g, int p, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int g = 0; g < gold.size(); g++) {
            for (int p = 0; p < predicted.size(); p++) {
                Gold x = gold.get(g);
                Predicted y = predicted.get(p);
                if (typed && !TYPE_MAP.getOrDefault(x.type(), Set.of()).contains(y.type())) {
                    continue;
                }
                double v = iou(x.start(), x.end(), y.start(), y.end());
                if (v >= 0.5) {
                    pairs.add(new Pair(g, p, v));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        int[] g2p = new int[gold.size()];
        int[] p2g = new int[predicted.size()];
        java.util.Arrays.fill(g2p, -1);
        java.util.Arrays.fill(p2g, -1);
        for (Pair pr : pairs) {
            if (g2p[pr.g()] < 0 && p2g[pr.p()] < 0) {
                g2p[pr.g()] = pr.p();
                p2g[pr.p()] = pr.g();
            }
        }
        return new Matching(g2p, p2g);
    }

    /** Counts over the whole file. */
    static final class Report {
        int gold;
        int predicted;
        int goldMatched;
        int predictedMatched;
        final Map<String, int[]> goldByType = new TreeMap<>();      // type -> {gold, matched with the right type}
        final Map<PiiType, int[]> predictedByType = new TreeMap<>(); // type -> {predicted, matched with the right type}

        void add(List<Gold> g, List<Predicted> p, Matching any, Matching typed) {
            gold += g.size();
            predicted += p.size();
            for (int i = 0; i < g.size(); i++) {
                int[] c = goldByType.computeIfAbsent(g.get(i).type(), k -> new int[2]);
                c[0]++;
                if (any.goldToPredicted()[i] >= 0) {
                    goldMatched++;
                }
                if (typed.goldToPredicted()[i] >= 0) {
                    c[1]++;
                }
            }
            for (int i = 0; i < p.size(); i++) {
                int[] c = predictedByType.computeIfAbsent(p.get(i).type(), k -> new int[2]);
                c[0]++;
                if (any.predictedToGold()[i] >= 0) {
                    predictedMatched++;
                }
                if (typed.predictedToGold()[i] >= 0) {
                    c[1]++;
                }
            }
        }

        double precision() {
            return predicted == 0 ? 0 : (double) predictedMatched / predicted;
        }

        double recall() {
            return gold == 0 ? 0 : (double) goldMatched / gold;
        }

        double f(double beta) {
            double p = precision();
            double r = recall();
            double b2 = beta * beta;
            return p + r == 0 ? 0 : (1 + b2) * p * r / (b2 * p + r);
        }

        void print() {
            System.out.printf(Locale.ROOT, "%nPII (any type)   precision %.3f   recall %.3f   F2 %.3f   (predicted %d, gold %d)%n",
                    precision(), recall(), f(2), predicted, gold);
            System.out.println("reference: Presidio + spaCy en_core_web_lg: precision 0.685, recall 0.603, F2 0.618");
            System.out.printf(Locale.ROOT, "%n%-18s %-28s %6s %7s%n", "dataset type", "-> our types", "gold", "recall");
            for (var e : goldByType.entrySet()) {
                int[] c = e.getValue();
                System.out.printf(Locale.ROOT, "%-18s %-28s %6d %7.3f%n", e.getKey(), TYPE_MAP.getOrDefault(e.getKey(), Set.of()),
                        c[0], c[0] == 0 ? 0 : (double) c[1] / c[0]);
            }
            System.out.printf(Locale.ROOT, "%n%-18s %9s %9s%n", "our type", "predicted", "precision");
            for (var e : predictedByType.entrySet()) {
                int[] c = e.getValue();
                System.out.printf(Locale.ROOT, "%-18s %9d %9.3f%n", e.getKey(), c[0], c[0] == 0 ? 0 : (double) c[1] / c[0]);
            }
            System.out.println("(per-type figures count a match only when the predicted type is one the gold type maps to)");
        }
    }
}
