package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Presidio-style recognizer for one type: regular expressions with a base score each, an optional
 * validator (checksum, range rule) that must accept the match, and context words that raise the
 * score when they occur shortly before the match. With {@code contextRequired}, matches without
 * context are dropped: that is how weak formats (a bare nine-digit number as a driver's licence)
 * stay quiet until the text says what they are.
 *
 * @param name            diagnostic name
 * @param type            the type of every span emitted
 * @param patterns        the formats; a pattern's group 1, when present, is the span, otherwise the whole match
 * @param validator       decides whether a match is real ({@link Validator#NONE} for none)
 * @param contextWords    lower-case words or phrases that make the match more likely
 * @param contextBoost    added to the base score when a context word is near
 * @param contextRequired whether a match without context is dropped
 */
public record PatternRecognizer(String name, PiiType type, List<ScoredPattern> patterns, Validator validator,
                                List<String> contextWords, double contextBoost, boolean contextRequired)
        implements Recognizer {

    /** How far before a match (in characters) context words are looked for; after it, a third of that. */
    static final int CONTEXT_WINDOW = 60;

    /**
     * A pattern, the score of a match of it before context, and where it can match (see
     * {@link ScanWindows}: for example only near a digit).
     */
    public record ScoredPattern(Pattern pattern, double score, ScanWindows windows) {

        public ScoredPattern {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(windows, "windows");
        }

        public static ScoredPattern of(String regex, double score) {
            return new ScoredPattern(Pattern.compile(regex), score, ScanWindows.WHOLE_TEXT);
        }

        public static ScoredPattern ofIgnoringCase(String regex, double score) {
            // ASCII case folding only: the patterns are ASCII, and Unicode folding costs several times more.
            return new ScoredPattern(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), score,
                    ScanWindows.WHOLE_TEXT);
        }

        /**
         * Every match starts at most {@code before} characters before its first digit, ends at most
         * {@code after} after its last, and has no longer stretch than {@code before + after} without one.
         */
        public ScoredPattern nearDigits(int before, int after) {
            return new ScoredPattern(pattern, score, ScanWindows.digits(before, after));
        }

        /** Every match contains one of these literal strings, starting at most {@code before} characters before it and ending at most {@code after} after its end. */
        public ScoredPattern nearLiterals(List<String> literals, int before, int after) {
            return new ScoredPattern(pattern, score, ScanWindows.literals(literals, before, after));
        }

        /** Every match contains one of {@code triggers}, starting at most {@code before} and ending at most {@code after} from it. */
        public ScoredPattern near(String triggers, int before, int after) {
            return new ScoredPattern(pattern, score, ScanWindows.chars(triggers, before, after));
        }
    }

    public PatternRecognizer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        patterns = List.copyOf(patterns);
        validator = validator == null ? Validator.NONE : validator;
        contextWords = contextWords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public Set<PiiType> types() {
        return Set.of(type);
    }

    @Override
    public List<PiiSpan> recognize(String text) {
        List<PiiSpan> out = new ArrayList<>();
        for (ScoredPattern sp : patterns) {
            sp.windows().forEachMatch(sp.pattern(), text, m -> {
                int group = m.groupCount() >= 1 && m.group(1) != null ? 1 : 0;
                int start = m.start(group);
                int end = m.end(group);
                if (start == end || !validator.isValid(text.substring(start, end))) {
                    return;
                }
                boolean context = hasContext(text, start, end, contextWords);
                if (contextRequired && !context) {
                    return;
                }
                double score = Math.min(1.0, sp.score() + (context ? contextBoost : 0.0));
                out.add(new PiiSpan(start, end, type, score));
            });
        }
        return out;
    }

    /** Whether one of {@code words} occurs as a whole word near [start, end). */
    static boolean hasContext(String text, int start, int end, List<String> words) {
        if (words.isEmpty()) {
            return false;
        }
        String before = text.substring(Math.max(0, start - CONTEXT_WINDOW), start).toLowerCase(Locale.ROOT);
        String after = text.substring(end, Math.min(text.length(), end + CONTEXT_WINDOW / 3)).toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (containsWord(before, w) || containsWord(after, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsWord(String haystack, String word) {
        int from = 0;
        while (true) {
            int i = haystack.indexOf(word, from);
            if (i < 0) {
                return false;
            }
            int j = i + word.length();
            boolean leftOk = i == 0 || !Character.isLetterOrDigit(haystack.charAt(i - 1));
            boolean rightOk = j == haystack.length() || !Character.isLetterOrDigit(haystack.charAt(j));
            if (leftOk && rightOk) {
                return true;
            }
            from = i + 1;
        }
    }
}
