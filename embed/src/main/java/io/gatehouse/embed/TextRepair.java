package io.gatehouse.embed;

/**
 * Makes a Java string safe for the native tokenizer, which needs valid UTF-8: an unpaired UTF-16
 * surrogate (possible in a Java string, impossible in UTF-8) becomes U+FFFD. Everything else is left
 * to the tokenizer's own normaliser, which already drops control characters.
 */
final class TextRepair {

    private TextRepair() {
    }

    static String repair(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i += 2;
            } else if (Character.isSurrogate(c)) {
                return rebuild(text, i);
            } else {
                i++;
            }
        }
        return text; // the common case allocates nothing
    }

    private static String rebuild(String text, int from) {
        StringBuilder sb = new StringBuilder(text.length());
        sb.append(text, 0, from);
        int n = text.length();
        int i = from;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(i + 1));
                i += 2;
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
                i++;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
