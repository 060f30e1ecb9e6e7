package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers without a model by quoting the passages' sentences that share the most terms with the
 * question, each followed by its citation. It never invents text, runs on any machine, and so is the
 * embedded default and the last on-prem resort.
 */
public final class ExtractiveDestination implements Destination {

    /** The model name reported for extractive answers. */
    public static final String MODEL = "extractive";

    private static final Pattern SENTENCE = Pattern.compile("[^.!?\\n]+(?:[.!?]+|$)", Pattern.MULTILINE);
    /** A line break inside a sentence, as PDF extraction leaves them: the next line goes on in lower case. */
    private static final Pattern SOFT_BREAK = Pattern.compile("(?<![.!?:])[ \\t]*\\n[ \\t]*(?=[\\p{Ll}\\p{N}(])");
    private static final int MIN_WORDS = 4;
    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Set<String> STOP = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does",
            "for", "from", "how", "i", "in", "is", "it", "many", "much", "of", "on", "or", "our", "the", "this", "that",
            "to", "was", "we", "what", "when", "where", "which", "who", "why", "with", "you", "your", "my", "me", "there",
            "their", "they", "should", "would", "could", "will", "have", "has", "had", "any", "about", "tell");

    private final String name;
    private final int maxSentences;

    /** @param name the destination name the policy refers to, e.g. "on-prem" */
    public ExtractiveDestination(String name, int maxSentences) {
        this.name = name;
        this.maxSentences = maxSentences;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Provenance provenance() {
        return Provenance.ON_PREM;
    }

    @Override
    public boolean isUp() {
        return true;
    }

    /** The answer is composed whole and handed to {@code sink} in one piece; there is nothing to cancel. */
    @Override
    public GeneratedText stream(GenerationRequest request, TokenSink sink, Cancellation cancellation) {
        GeneratedText out = compose(request);
        sink.accept(out.text());
        return out;
    }

    private GeneratedText compose(GenerationRequest request) {
        if (request.passages().isEmpty()) {
            return new GeneratedText("None of the documents you are cleared to read answer this question.", List.of(), MODEL);
        }
        Set<String> wanted = terms(request.question());
        List<Candidate> candidates = new ArrayList<>();
        for (ContextPassage p : request.passages()) {
            Matcher m = SENTENCE.matcher(SOFT_BREAK.matcher(p.chunk().text()).replaceAll(" "));
            int position = 0;
            while (m.find()) {
                String s = m.group().strip();
                if (s.split("\\s+").length < MIN_WORDS) {
                    continue; // headings and fragments make poor quotes
                }
                Set<String> have = terms(s);
                have.retainAll(wanted);
                // overlap first, then passage rank, then position within the passage
                candidates.add(new Candidate(s.replaceAll("\\s+", " "), p.number(), have.size(), position++));
            }
        }
        Set<String> seen = new HashSet<>();
        List<Candidate> chosen = candidates.stream()
                .filter(c -> c.overlap > 0)
                .sorted(Comparator.comparingInt((Candidate c) -> -c.overlap)
                        .thenComparingInt(c -> c.passage)
                        .thenComparingInt(c -> c.position))
                .filter(c -> seen.add(c.sentence)) // overlapping chunks repeat sentences
                .limit(maxSentences)
                .toList();
        if (chosen.isEmpty()) {
            return new GeneratedText("No passage you are cleared to read answers this question in its own words; "
                    + "try other terms.", List.of(), MODEL);
        }
        StringBuilder text = new StringBuilder("From the documents:");
        List<Integer> cited = new ArrayList<>();
        for (Candidate c : chosen) {
            text.append(" \u201C").append(c.sentence).append("\u201D [").append(c.passage).append(']');
            if (!cited.contains(c.passage)) {
                cited.add(c.passage);
            }
        }
        return new GeneratedText(text.toString(), cited, MODEL);
    }

    static Set<String> terms(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = TERM.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String t = m.group();
            if (!STOP.contains(t)) {
                out.add(stem(t));
            }
        }
        return out;
    }

    /** A light suffix stripper: enough to match "passwords" with "password" and "rotated" with "rotation". */
    private static String stem(String t) {
        if (t.length() <= 4 || Character.isDigit(t.charAt(0))) {
            return t;
        }
        for (String suffix : new String[]{"ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s"}) {
            if (t.endsWith(suffix) && t.length() - suffix.length() >= 3) {
                return t.substring(0, t.length() - suffix.length());
            }
        }
        return t;
    }

    private record Candidate(String sentence, int passage, int overlap, int position) {
    }
}
