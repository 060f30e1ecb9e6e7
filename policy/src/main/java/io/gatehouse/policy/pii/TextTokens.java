package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Word tokens of a text with the layout facts the name recognizers need. */
final class TextTokens {

    /** A word: letters (any script), marks, inner apostrophes, hyphens and digits. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}\\p{Nd}'’-]*[\\p{L}\\p{M}\\p{Nd}]|[\\p{L}\\p{M}]");

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
        List<Token> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            String word = m.group();
            if (word.length() > 2 && (word.endsWith("'s") || word.endsWith("’s"))) {
                end -= 2;
                word = word.substring(0, word.length() - 2);
            }
            boolean cap = Character.isUpperCase(word.codePointAt(0));
            boolean allCaps = cap && word.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
            boolean dot = end < text.length() && text.charAt(end) == '.';
            out.add(new Token(start, end, word, Gazetteer.key(word), cap, allCaps, isSentenceStart(text, start), dot));
        }
        return out;
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
