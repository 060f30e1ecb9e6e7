package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * Word tokens of a text with the layout facts the name recognizers need. A word is letters (any
 * script) and marks, with inner digits, hyphens and apostrophes.
 */
final class TextTokens {

    /**
     * @param start         offset of the first character
     * @param end           offset after the last character (a possessive 's is not part of the token)
     * @param text          the token as written
     * @param key           lower-case NFC form, for list look-ups
     * @param capitalised   first letter upper-case
     * @param allCaps       every letter upper-case
     * @param sentenceStart first word of a sentence, line or quotation
     * @param dotAfter      a full stop follows directly (abbreviations: "Dr.", "Ltd.")
     */
    record Token(int start, int end, String text, String key, boolean capitalised, boolean allCaps,
                 boolean sentenceStart, boolean dotAfter) {
    }

    private TextTokens() {
    }

    static List<Token> of(String text) {
        // Hand-written rather than a regex: this runs over every character ingestion sees.
        List<Token> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!isWordStart(c)) {
                i++;
                continue;
            }
            int start = i;
            i++;
            while (i < n && isWordPart(text.charAt(i))) {
                i++;
            }
            int end = i;
            while (end > start + 1 && isJoiner(text.charAt(end - 1))) {
                end--; // "Smith-" or "Jones'" end at the letter
            }
            if (end - start > 2 && (text.charAt(end - 1) == 's' || text.charAt(end - 1) == 'S')
                    && isApostrophe(text.charAt(end - 2))) {
                end -= 2; // possessive: "Laura's" is Laura
            }
            String word = text.substring(start, end);
            boolean cap = Character.isUpperCase(word.codePointAt(0));
            boolean allCaps = cap;
            for (int k = 1; k < word.length() && allCaps; k++) {
                char ch = word.charAt(k);
                allCaps = !Character.isLetter(ch) || Character.isUpperCase(ch);
            }
            boolean dot = end < n && text.charAt(end) == '.';
            out.add(new Token(start, end, word, Gazetteer.key(word), cap, allCaps, isSentenceStart(text, start), dot));
        }
        return out;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || isJoiner(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isJoiner(char c) {
        return c == '-' || isApostrophe(c);
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '’';
    }

    private static boolean isSentenceStart(String text, int start) {
        int i = start - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i--;
        }
        if (i < 0) {
            return true;
        }
        char c = text.charAt(i);
        if (c == '.' ) {
            // "Dr. Smith" or "St. Louis": an abbreviation's dot does not end a sentence.
            int w = i - 1;
            while (w >= 0 && Character.isLetter(text.charAt(w))) {
                w--;
            }
            String prev = text.substring(w + 1, i).toLowerCase();
            return !(prev.length() <= 4 && ProperNameRecognizer.HONORIFICS.contains(prev)) && !prev.equals("st");
        }
        return c == '!' || c == '?' || c == '\n' || c == '\r' || c == ':' || c == '"' || c == '“' || c == '>'
                || c == '(' || c == '•' || c == '*' || c == '-' || c == '\'';
    }
}
