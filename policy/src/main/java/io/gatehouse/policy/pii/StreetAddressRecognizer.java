package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal addresses, line by line: a street with its house number (in English order "12 Baker
 * Street" or continental order "Genterstrasse 49"), secondary units ("Apt. 4", "Suite 200"), PO and
 * military boxes, and postcodes next to a place name. Parts on the same line are merged into one
 * span; an address laid out over several lines gives one span per line, and the city and country
 * lines are left to the place recognizer, so each line is tagged with what it is.
 *
 * <p>A house number plus capitalised words is an address only with a street word ("Road", "rue",
 * "-strasse", "utca", ...), a second number, or address words nearby ("lives at", "ship to"); the
 * same shape elsewhere ("1984 Apple Macintosh") is left alone.
 */
public final class StreetAddressRecognizer implements Recognizer {

    private static final Set<String> STREET_WORDS = Set.of("street", "st", "road", "rd", "avenue", "ave", "av",
            "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "place", "pl", "square", "sq", "terrace",
            "way", "parkway", "pkwy", "highway", "hwy", "circle", "cir", "crescent", "close", "alley", "row", "trail",
            "plaza", "route", "rue", "rua", "via", "viale", "vicolo", "calle", "avenida", "carrer", "camino", "paseo",
            "strasse", "straße", "str", "gasse", "weg", "platz", "allee", "ring", "damm", "ufer", "vej", "gade",
            "vägen", "gatan", "gata", "veien", "vei", "gate", "laan", "straat", "plein", "kade", "gracht", "ul",
            "ulica", "u", "út", "útja", "utca", "tér", "körút", "sor", "katu", "tie", "creek", "heights", "hill",
            "park", "ridge", "view", "mews", "grove", "gardens", "walk", "quai", "chemin", "impasse", "allée",
            "cours", "piazza", "corso", "largo", "travessa", "estrada", "rambla", "passage", "prospekt", "pr",
            "bulevar", "cesta", "ulice", "náměstí", "aleja", "al", "os", "sokak", "cad", "caddesi", "odos");

    private static final List<String> STREET_ENDINGS = List.of("strasse", "straße", "gasse", "weg", "vej", "gade",
            "vägen", "gatan", "veien", "straat", "laan", "katu", "allee", "platz", "dreef", "plein", "utca", "ulica",
            "steig", "pfad", "street", "road", "stræde", "vænget", "gränd", "kuja", "polku", "tie");

    private static final List<String> CONTEXT = List.of("address", "addresses", "live", "lives", "living", "moved",
            "move", "sent", "send", "ship", "shipping", "deliver", "delivery", "located", "office", "street", "taxi",
            "meet", "return", "mail", "post", "billing", "residence", "reside", "resides", "apartment", "house",
            "home", "corner", "avenue", "road", "located at", "is at", "at");

    /**
     * One word of a street name. Atomic and possessive, so the engine never re-splits a word it has
     * read: this pattern runs near every number in every text.
     */
    private static final String WORD = "(?>\\p{Lu}[\\p{L}\\p{M}'’.-]*+|\\d{1,4}(?:st|nd|rd|th)"
            + "|\\p{Ll}[\\p{L}\\p{M}]*+(?<=tie|vegen|veien|gata|gatan|vej|gade|weg|straat|laan|strasse|straße|gasse|katu|utca|ulica|platz|allee|dreef)"
            + "|(?:ul|u|al|av|pl|str|os|cad)\\.|útja|utca|út|rue|rua|via|della|del|de|la|le|du|des|di|dos|das|do|da|von|der|van|den|y|e|am|an|im)(?![\\p{L}\\p{M}'’])";
    /** The first word after a house number: a connector ("de", "y") cannot start a street name. */
    private static final String FIRST_WORD = "(?!(?:della|del|de|la|le|du|des|di|dos|das|do|da|von|der|van|den|y|e|am|an|im)[ \\t])" + WORD;
    private static final Pattern NUMBER_FIRST = Pattern.compile(
            "(?<![\\w.,/-])(\\d{1,5}[A-Za-z]?(?:[ \\t]+\\d{1,5}[A-Za-z]?)?[ \\t]+" + FIRST_WORD + "(?:[ \\t]+" + WORD + "){0,5}(?:[ \\t]+\\d{1,5}[A-Za-z]?\\b\\.?)?)");
    private static final Pattern NUMBER_LAST = Pattern.compile(
            "(?<![\\w-])((?:\\p{Lu}[\\p{L}\\p{M}'’.-]*+[ \\t]+(?:" + WORD + "[ \\t]+){0,3})?\\p{L}[\\p{L}\\p{M}'’-]*+\\.?[ \\t]+\\d{1,5}[A-Za-z]?\\b\\.?)");
    private static final Pattern STREET_ONLY = Pattern.compile(
            "(?<![\\w-])((?:\\p{Lu}[\\p{L}\\p{M}'’-]*+[ \\t]+){1,3}(?:Street|Road|Avenue|Lane|Boulevard|Drive|St\\.|Rd\\.|Ave\\.|Blvd\\.))(?![\\w])");
    private static final Pattern SECONDARY = Pattern.compile(
            "(?<![\\w-])((?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|Room|Floor|Fl\\.|Bldg\\.?|Building)[ \\t]?#?[ \\t]?\\d{1,5}[A-Za-z]?)(?![\\w])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOX = Pattern.compile(
            "(?<![\\w-])((?:P\\.? ?O\\.? ?Box[ \\t]+\\d{1,6})|(?:(?:(?:PSC|Unit|CMR)[ \\t]+\\d{1,5},?[ \\t]+Box[ \\t]+\\d{1,5}|US[A-Z]{1,4}[ \\t]+\\p{Lu}[\\p{L}]+)"
                    + "(?:[ \\t]*\\n[ \\t]*(?:APO|FPO|DPO)[ \\t]+(?:AA|AE|AP)[ \\t]+\\d{5})?)|(?:(?:APO|FPO|DPO)[ \\t]+(?:AA|AE|AP)[ \\t]+\\d{5}))(?![\\w])");
    private static final Pattern POSTCODE = Pattern.compile(
            "(?<![\\w.,/-])(\\d{5}(?:-\\d{4})?)(?![\\w/-]|[.,]\\d)");
    private static final Pattern UK_POSTCODE = Pattern.compile(
            "(?<![\\w])([A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2})(?![\\w])");
    /** What may follow a street on its line and still be the same address: place words, state codes, postcodes. */
    private static final Pattern SAME_LINE_TAIL = Pattern.compile(
            "\\G(?:,?[ \\t]+|,)(?:\\p{Lu}[\\p{L}\\p{M}'’.-]*|nan|\\d{4,6}(?:-\\d{4})?|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}|(?:de|del|la|di|do|da|and|of|the|an|am|im)(?=[ \\t]+\\p{Lu}))");
    /** A US-style continuation: "\\nCity, ST 12345" or "\\nCity\\n, ST\\n 12345". */
    private static final Pattern NEXT_LINES_TAIL = Pattern.compile(
            "\\G\\n(?:[^\\n,]{2,40}\\n, ?[^\\n]{1,25}\\n[ \\t]*(?:\\p{L}[^\\n]{0,40} )?\\d{4,6}|[^\\n,]{2,40}, ?(?:[A-Za-z]{2,3}|nan)[ \\t]+\\d{4,6})(?![\\w])");
    private static final Pattern CORNER = Pattern.compile("(?i)(?<![\\w])the corner of $");
    private static final ScanWindows NEAR_UNIT_WORDS = ScanWindows.literals(List.of("Apt", "APT", "apt", "Suite", "SUITE",
            "suite", "Ste", "STE", "Unit", "UNIT", "unit", "Flat", "FLAT", "flat", "Room", "ROOM", "room", "Floor", "floor",
            "Fl.", "Bldg", "Building", "building"), 1, 16);
    private static final ScanWindows NEAR_BOX_WORDS = ScanWindows.literals(List.of("Box", "BOX", "box", "PSC", "APO",
            "FPO", "DPO", "US", "CMR"), 24, 40);
    /** Street names without a number end in a street word, spelt with one of these letters. */
    private static final ScanWindows NEAR_STREET_WORDS = ScanWindows.literals(
            List.of("Street", "Road", "Avenue", "Lane", "Boulevard", "Drive", "St.", "Rd.", "Ave.", "Blvd."), 100, 1);
    private static final Pattern SAME_LINE_GAP = Pattern.compile("[ \\t]{1,3}|,[ \\t]?");
    private static final List<String> POSTCODE_CONTEXT = List.of("zip", "zipcode", "postcode", "postal", "post code", "zip code");

    @Override
    public String name() {
        return "street-address";
    }

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.STREET_ADDRESS);
    }

    @Override
    public List<PiiSpan> recognize(String text) {
        List<PiiSpan> parts = new ArrayList<>();
        forEachAnchoredMatch(NUMBER_FIRST, text, numberFirstStarts(text), m -> {
            String s = m.group(1);
            String[] words = s.split("[ \\t]+");
            boolean streetWord = hasStreetWord(words, 1);
            boolean secondNumber = words.length > 2 && words[words.length - 1].matches("\\d{1,5}[A-Za-z]?\\.?")
                    || words.length > 2 && words[1].matches("\\d{1,5}[A-Za-z]?");
            double score = streetWord ? 0.9 : secondNumber ? 0.75
                    : PatternRecognizer.hasContext(text, m.start(1), m.end(1), CONTEXT) ? 0.6 : 0;
            if (score > 0) {
                parts.add(new PiiSpan(m.start(1), m.end(1), PiiType.STREET_ADDRESS, score));
            }
        });
        forEachAnchoredMatch(NUMBER_LAST, text, numberLastStarts(text), m -> {
            String s = m.group(1);
            String[] words = s.split("[ \\t]+");
            boolean streetWord = hasStreetWord(words, 0);
            double score = streetWord ? 0.8 : Character.isUpperCase(s.charAt(0))
                    && PatternRecognizer.hasContext(text, m.start(1), m.end(1), CONTEXT) ? 0.5 : 0;
            if (score > 0) {
                parts.add(new PiiSpan(m.start(1), m.end(1), PiiType.STREET_ADDRESS, score));
            }
        });
        addAll(parts, STREET_ONLY, NEAR_STREET_WORDS, text, 0.7);
        addAll(parts, SECONDARY, NEAR_UNIT_WORDS, text, 0.75);
        addAll(parts, BOX, NEAR_BOX_WORDS, text, 0.85);
        List<PiiSpan> merged = extend(text, mergeOnSameLine(text, parts));
        ScanWindows.digits(0, 1).forEachMatch(POSTCODE, text, m -> {
            double score = postcodeScore(text, m.start(1), m.end(1));
            if (score > 0) {
                merged.add(new PiiSpan(m.start(1), m.end(1), PiiType.STREET_ADDRESS, score));
            }
        });
        ScanWindows.digits(2, 3).forEachMatch(UK_POSTCODE, text, m -> {
            boolean context = PatternRecognizer.hasContext(text, m.start(1), m.end(1), CONTEXT)
                    || PatternRecognizer.hasContext(text, m.start(1), m.end(1), POSTCODE_CONTEXT);
            merged.add(new PiiSpan(m.start(1), m.end(1), PiiType.STREET_ADDRESS, context ? 0.7 : 0.45));
        });
        return merged;
    }

    private static void addAll(List<PiiSpan> out, Pattern pattern, ScanWindows windows, String text, double score) {
        windows.forEachMatch(pattern, text, m -> out.add(new PiiSpan(m.start(1), m.end(1), PiiType.STREET_ADDRESS, score)));
    }

    /**
     * Tries {@code pattern} anchored at each candidate {@code {start, limit}} (earliest first within a
     * group of candidates sharing a limit) and reports the first match of each group. Anchoring keeps
     * the regex engine off the thousands of positions where an address cannot start.
     */
    private static void forEachAnchoredMatch(Pattern pattern, String text, List<int[][]> groups,
                                             java.util.function.Consumer<java.util.regex.MatchResult> action) {
        Matcher m = pattern.matcher(text);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        int covered = -1;
        for (int[][] group : groups) {
            for (int[] candidate : group) {
                if (candidate[0] < covered) {
                    continue;
                }
                m.region(candidate[0], candidate[1]);
                if (m.lookingAt()) {
                    covered = m.end();
                    action.accept(m.toMatchResult());
                    break;
                }
            }
        }
    }

    /** "12 Baker Street": the first digit of each number that begins a word, up to 90 characters on. */
    private static List<int[][]> numberFirstStarts(String text) {
        List<int[][]> out = new ArrayList<>();
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (isDigit(text.charAt(i)) && (i == 0 || !isDigit(text.charAt(i - 1)))) {
                out.add(new int[][] {{i, Math.min(n, i + 90)}});
            }
        }
        return out;
    }

    /**
     * "Lindenstraße 12": for each number after a word, the starts of the up to five words before it on
     * its line (earliest first), each with the number's end as the limit.
     */
    private static List<int[][]> numberLastStarts(String text) {
        List<int[][]> out = new ArrayList<>();
        int n = text.length();
        for (int i = 2; i < n; i++) {
            char p = text.charAt(i - 1);
            if (!isDigit(text.charAt(i)) || p != ' ' && p != '\t') {
                continue;
            }
            char w = text.charAt(i - 2);
            if (!Character.isLetter(w) && w != '.') {
                continue;
            }
            int end = i;
            while (end < n && end - i < 5 && isDigit(text.charAt(end))) {
                end++;
            }
            if (end < n && Character.isLetter(text.charAt(end))) {
                end++;
            }
            if (end < n && text.charAt(end) == '.') {
                end++;
            }
            int[] starts = new int[5];
            int count = 0;
            int k = i - 1;
            while (count < 5) {
                while (k >= 0 && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
                    k--;
                }
                if (k < 0 || !isWordChar(text.charAt(k))) {
                    break;
                }
                while (k >= 0 && isWordChar(text.charAt(k))) {
                    k--;
                }
                starts[count++] = k + 1;
            }
            int[][] group = new int[count][];
            for (int c = 0; c < count; c++) {
                group[c] = new int[] {starts[count - 1 - c], end};
            }
            out.add(group);
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '\'' || c == '’' || Character.getType(c) == Character.NON_SPACING_MARK;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hasStreetWord(String[] words, int from) {
        for (int i = from; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            String bare = w.endsWith(".") ? w.substring(0, w.length() - 1) : w;
            if (STREET_WORDS.contains(bare)) {
                return true;
            }
            for (String ending : STREET_ENDINGS) {
                if (bare.length() > ending.length() + 2 && bare.endsWith(ending)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A five-digit number is a postcode after a place or state on its line, alone on an address line, or with "zip". */
    private static double postcodeScore(String text, int start, int end) {
        if (PatternRecognizer.hasContext(text, start, end, POSTCODE_CONTEXT)) {
            return 0.8;
        }
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        String before = text.substring(lineStart, start);
        if (before.isBlank() && lineStart > 0) {
            return 0.6; // a line of its own under other address lines
        }
        String trimmed = before.stripTrailing();
        if (trimmed.endsWith(",")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        if (trimmed.length() < before.length() && !trimmed.isEmpty()) {
            int w = trimmed.length() - 1;
            while (w >= 0 && Character.isLetter(trimmed.charAt(w))) {
                w--;
            }
            String word = trimmed.substring(w + 1);
            if (!word.isEmpty() && Character.isUpperCase(word.charAt(0))) {
                return 0.6;
            }
        }
        return 0;
    }

    /**
     * Grows street spans over the rest of their address: place names and postcode on the same line
     * ("12 Main Street, Springfield, IL 62701"), a US-style city line below, or "the corner of A and B".
     */
    private static List<PiiSpan> extend(String text, List<PiiSpan> spans) {
        List<PiiSpan> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            PiiSpan s = spans.get(i);
            if (s.score() < 0.75) {
                out.add(s);
                continue;
            }
            int start = s.start();
            int end = s.end();
            Matcher tail = SAME_LINE_TAIL.matcher(text);
            tail.region(end, text.length());
            tail.useTransparentBounds(true);
            while (tail.lookingAt()) {
                end = tail.end();
                tail.region(end, text.length());
            }
            Matcher lines = NEXT_LINES_TAIL.matcher(text);
            lines.region(end, text.length());
            lines.useTransparentBounds(true);
            if (lines.lookingAt()) {
                end = lines.end();
            }
            Matcher corner = CORNER.matcher(text.substring(Math.max(0, start - 14), start));
            if (corner.find() && i + 1 < spans.size() && spans.get(i + 1).start() >= end && text.substring(end, spans.get(i + 1).start()).equals(" and ")) {
                start = Math.max(0, start - 14) + corner.start();
                end = spans.get(++i).end();
            }
            // Parts swallowed by the growth (a postcode, a unit) are dropped from the output.
            while (i + 1 < spans.size() && spans.get(i + 1).start() < end) {
                end = Math.max(end, spans.get(++i).end());
            }
            // A street grown into a whole address outranks the place names inside it.
            double score = end > s.end() ? Math.max(s.score(), 0.9) : s.score();
            out.add(new PiiSpan(start, end, PiiType.STREET_ADDRESS, score));
        }
        return out;
    }

    /** Street, number and unit on one line, separated by spaces or a comma, form one address span. */
    private static List<PiiSpan> mergeOnSameLine(String text, List<PiiSpan> parts) {
        List<PiiSpan> resolved = new OverlapResolver(0.0).resolve(parts);
        List<PiiSpan> out = new ArrayList<>();
        PiiSpan current = null;
        for (PiiSpan s : resolved) {
            if (current != null && SAME_LINE_GAP.matcher(text).region(current.end(), s.start()).matches()) {
                current = new PiiSpan(current.start(), s.end(), PiiType.STREET_ADDRESS, Math.max(current.score(), s.score()));
            } else {
                if (current != null) {
                    out.add(current);
                }
                current = s;
            }
        }
        if (current != null) {
            out.add(current);
        }
        return out;
    }
}
