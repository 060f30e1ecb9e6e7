package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a text a pattern can match at all. When every match of a pattern contains trigger
 * characters (digits for numbers, {@code @} for email addresses), starts at most {@code before}
 * characters before its first trigger, ends at most {@code after} characters after its last and has
 * no stretch longer than {@code before + after} without one, it can only match inside the union of
 * [trigger - before, trigger + after], so the regex engine runs on those windows instead of the whole text. This
 * is what keeps a dozen recognizers over megabytes of mostly-letters text fast; results are the
 * same as a full scan (bounds are transparent, so look-arounds see past the window).
 *
 * @param triggers characters one of which every match contains
 * @param digits   whether any decimal digit is a trigger too
 * @param before   how far a match can start before its trigger
 * @param after    how far a match can end after its trigger
 */
record ScanWindows(String triggers, boolean digits, List<String> literals, int before, int after) {

    static final ScanWindows WHOLE_TEXT = new ScanWindows("", false, List.of(), -1, -1);

    ScanWindows {
        literals = List.copyOf(literals);
    }

    ScanWindows(String triggers, boolean digits, int before, int after) {
        this(triggers, digits, List.of(), before, after);
    }

    /** Every match contains one of these literal strings (as written, case-sensitive); offsets count from the literal's start. */
    static ScanWindows literals(List<String> literals, int before, int after) {
        return new ScanWindows("", false, literals, before, after);
    }

    static ScanWindows digits(int before, int after) {
        return new ScanWindows("", true, before, after);
    }

    static ScanWindows chars(String triggers, int before, int after) {
        return new ScanWindows(triggers, false, before, after);
    }

    /** Merged [start, end) windows of {@code text} that can hold a match. */
    List<int[]> in(String text) {
        List<int[]> out = new ArrayList<>();
        if (before < 0) {
            out.add(new int[] {0, text.length()});
            return out;
        }
        if (!literals.isEmpty()) {
            return literalWindows(text);
        }
        int n = text.length();
        int curStart = -1;
        int curEnd = -1;
        boolean anyChars = !triggers.isEmpty();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean trigger = digits && (char) (c - '0') <= 9 || anyChars && triggers.indexOf(c) >= 0;
            if (!trigger || c == '.' && (i + 1 >= n || !Character.isLetterOrDigit(text.charAt(i + 1)))) {
                continue; // a full stop triggers only inside a word ("example.com"), not at a sentence end
            }
            int s = Math.max(0, i - before);
            int e = Math.min(n, i + 1 + after);
            if (curEnd >= 0 && s <= curEnd) {
                curEnd = Math.max(curEnd, e);
            } else {
                if (curEnd >= 0) {
                    out.add(new int[] {curStart, curEnd});
                }
                curStart = s;
                curEnd = e;
            }
        }
        if (curEnd >= 0) {
            out.add(new int[] {curStart, curEnd});
        }
        return out;
    }

    private List<int[]> literalWindows(String text) {
        List<int[]> raw = new ArrayList<>();
        for (String lit : literals) {
            for (int i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + 1)) {
                raw.add(new int[] {Math.max(0, i - before), Math.min(text.length(), i + lit.length() + after)});
            }
        }
        raw.sort((x, y) -> Integer.compare(x[0], y[0]));
        List<int[]> out = new ArrayList<>();
        for (int[] w : raw) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] >= w[0]) {
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], w[1]);
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /** Every match of {@code pattern} in {@code text}, found window by window. */
    void forEachMatch(Pattern pattern, String text, Consumer<MatchResult> action) {
        forEachMatch(pattern, text, in(text), action);
    }

    /** Every match of {@code pattern} inside the given merged, sorted windows. */
    static void forEachMatch(Pattern pattern, String text, List<int[]> windows, Consumer<MatchResult> action) {
        if (windows.isEmpty()) {
            return;
        }
        Matcher m = pattern.matcher(text);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        for (int[] w : windows) {
            m.region(w[0], w[1]);
            while (m.find()) {
                action.accept(m.toMatchResult());
            }
        }
    }
}
