package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The PII detector: runs every recognizer over the text, keeps the candidates of enabled types
 * scoring at least the threshold, and settles overlaps with {@link OverlapResolver}. Thread-safe
 * once built; build one per configuration and share it (the gazetteers take some memory).
 *
 * <pre>{@code
 * PiiDetector detector = RecognizerPiiDetector.withDefaults();
 * PiiDetector strict = RecognizerPiiDetector.builder().threshold(0.6)
 *         .enabledTypes(EnumSet.of(PiiType.CREDIT_CARD, PiiType.IBAN_CODE)).build();
 * }</pre>
 */
public final class RecognizerPiiDetector implements PiiDetector {

    /** The threshold {@link #withDefaults()} uses: tuned for recall (F2) on synthetic support-style text. */
    public static final double DEFAULT_THRESHOLD = 0.4;

    private final List<Recognizer> recognizers;
    private final Set<PiiType> enabled;
    private final OverlapResolver resolver;

    private RecognizerPiiDetector(List<Recognizer> recognizers, Set<PiiType> enabled, double threshold) {
        this.recognizers = List.copyOf(recognizers);
        this.enabled = Set.copyOf(enabled);
        this.resolver = new OverlapResolver(threshold);
    }

    /** Every built-in recognizer, the bundled gazetteers, all types, the default threshold; no NER model. */
    public static RecognizerPiiDetector withDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The built-in recognizers over the given gazetteer. */
    public static List<Recognizer> defaultRecognizers(Gazetteer gazetteer) {
        List<Recognizer> all = new ArrayList<>(StandardRecognizers.all());
        all.add(new PhoneRecognizer());
        all.add(new StreetAddressRecognizer());
        all.add(new ProperNameRecognizer(gazetteer));
        all.add(new JobTitleRecognizer());
        return all;
    }

    public List<Recognizer> recognizers() {
        return recognizers;
    }

    public double threshold() {
        return resolver.threshold();
    }

    @Override
    public List<PiiSpan> analyze(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return List.of();
        }
        List<PiiSpan> candidates = new ArrayList<>();
        for (Recognizer r : recognizers) {
            for (PiiSpan s : r.recognize(text)) {
                if (enabled.contains(s.type())) {
                    candidates.add(s);
                }
            }
        }
        return resolver.resolve(candidates);
    }

    /** Configures a detector; every setting has a default. */
    public static final class Builder {

        private Gazetteer gazetteer;
        private final List<Recognizer> extra = new ArrayList<>();
        private List<Recognizer> replaced;
        private Set<PiiType> enabled = EnumSet.allOf(PiiType.class);
        private double threshold = DEFAULT_THRESHOLD;

        private Builder() {
        }

        /** Minimum score a span needs to be reported, in [0, 1]. */
        public Builder threshold(double threshold) {
            if (threshold < 0 || threshold > 1) {
                throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** Only these types are reported (the others are still not allowed to hide them: they are dropped before overlaps are settled). */
        public Builder enabledTypes(Set<PiiType> types) {
            if (types.isEmpty()) {
                throw new IllegalArgumentException("at least one PII type must be enabled");
            }
            this.enabled = EnumSet.copyOf(types);
            return this;
        }

        /** Gazetteers for names and places; the bundled ones by default. */
        public Builder gazetteer(Gazetteer gazetteer) {
            this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
            return this;
        }

        /** Adds a recognizer (for example an {@link OnnxNerRecognizer}) to the built-in ones. */
        public Builder addRecognizer(Recognizer recognizer) {
            extra.add(Objects.requireNonNull(recognizer, "recognizer"));
            return this;
        }

        /** Replaces the built-in recognizers with these (recognizers added with {@link #addRecognizer} still run). */
        public Builder recognizers(List<Recognizer> recognizers) {
            this.replaced = List.copyOf(recognizers);
            return this;
        }

        public RecognizerPiiDetector build() {
            List<Recognizer> all = new ArrayList<>(replaced != null ? replaced
                    : defaultRecognizers(gazetteer != null ? gazetteer : Gazetteer.bundled()));
            all.addAll(extra);
            return new RecognizerPiiDetector(all, enabled, threshold);
        }
    }
}
