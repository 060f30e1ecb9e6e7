package io.gatehouse.generate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds passage citations in generated text: {@code [2]}, {@code [1][3]}, {@code [1, 3]}, {@code [2; 4]}.
 * Works on the complete text, so a citation split across two streamed chunks ("[1" then "2]") is read whole.
 */
public final class CitationParser {

    private static final Pattern GROUP = Pattern.compile("\\[\\s*(\\d{1,4}(?:\\s*[,;]\\s*\\d{1,4})*)\\s*]");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");

    private CitationParser() {
    }

    /** Cited numbers in order of first appearance, keeping only those in {@code supplied}. */
    public static List<Integer> cited(String text, Collection<Integer> supplied) {
        Set<Integer> allowed = Set.copyOf(supplied);
        Set<Integer> out = new LinkedHashSet<>();
        Matcher g = GROUP.matcher(text);
        while (g.find()) {
            Matcher n = NUMBER.matcher(g.group(1));
            while (n.find()) {
                int k = Integer.parseInt(n.group());
                if (allowed.contains(k)) {
                    out.add(k);
                }
            }
        }
        return new ArrayList<>(out);
    }
}
