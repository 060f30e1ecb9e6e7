package io.gatehouse.policy.pii;

import io.gatehouse.policy.pii.TextTokens.Token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * People, places and organisations: the three compete for the same words (is "Jordan" a person or
 * a country?), so one recognizer reads each run of name-like words once and decides its type from
 * gazetteers, its position and its neighbours.
 *
 * <p>How a word counts: a capitalised word that is not a common English word is a name candidate;
 * a capitalised common word ("Rose", "Young") only when the gazetteers know it and a stronger
 * candidate or a cue (an honorific, "my name is") stands with it; a lower-case word only when the
 * gazetteers know it and it is not an English word (for text typed without capitals).
 * Cues: honorifics (emitted as {@link PiiType#TITLE} spans of their own), company suffixes, and the
 * words just before the run ("in", "from" for places; "at", "joined" for organisations).
 */
public final class ProperNameRecognizer implements Recognizer {

    static final Set<String> HONORIFICS = Set.of("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mx",
            "mister", "lady", "lord", "rev", "dame", "mme", "mlle", "herr", "frau");

    private static final Set<String> PERSON_SUFFIXES = Set.of("md", "phd", "jr", "sr", "ii", "iii", "iv", "dds",
            "dvm", "esq", "rn", "cpa");

    /** Suffixes that make an organisation even in lower-case text. */
    private static final Set<String> STRONG_ORG_SUFFIXES = Set.of("inc", "ltd", "llc", "llp", "corp", "corporation",
            "gmbh", "plc", "incorporated", "limited", "co", "pty");

    /** Suffixes that make an organisation when capitalised ("Underwood Group"), not "the group". */
    private static final Set<String> WEAK_ORG_SUFFIXES = Set.of("group", "company", "bank", "holdings", "partners",
            "associates", "foundation", "institute", "university", "college", "labs", "laboratories", "technologies",
            "solutions", "systems", "software", "insurance", "enterprises", "industries", "international",
            "consulting", "ventures", "capital", "media", "logistics", "services", "agency", "society",
            "association", "hospital", "clinic", "trust", "fund", "network", "networks", "studios", "games",
            "pharmaceuticals", "motors", "airlines", "energy", "report", "app", "analytics", "health", "robotics");

    private static final Set<String> CONNECTORS = Set.of("van", "von", "der", "den", "de", "del", "della", "di",
            "da", "du", "la", "le", "dos", "das", "do", "bin", "ibn", "al", "el", "y", "ter", "ten", "st", "of", "the");

    /** Words that are never part of a name, whatever their case. */
    private static final Set<String> NEVER = Set.of("i", "i'm", "i'd", "i'll", "i've", "the", "a", "an", "this",
            "that", "these", "those", "my", "your", "his", "her", "our", "their", "its", "it", "we", "you", "he",
            "she", "they", "hi", "hello", "hey", "c'mon", "c’mon", "dear", "thanks", "thank", "please", "yes", "no", "ok", "okay",
            "and", "or", "but", "if", "when", "where", "who", "what", "why", "how", "which", "name", "address",
            "phone", "email", "date", "number", "iban", "ssn", "url", "ip", "id", "pin", "atm", "ceo", "cto", "cfo",
            "api", "html", "pdf", "faq", "usb", "tv", "dj", "mc", "ps", "re", "fw", "fwd", "cc", "bcc", "subject",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "june", "july", "august", "september", "october", "november", "december",
            "apt", "suite", "unit", "box", "street", "road", "avenue", "lane", "drive", "po", "ave", "blvd",
            "fax", "office", "mobile", "tel", "nan", "note", "visa", "mastercard");

    private static final Set<String> PERSON_CUES = Set.of("dear", "hi", "hello", "hey", "thanks", "named", "called",
            "name", "says", "said", "by", "contact", "ask", "tell", "meet", "with", "assistant", "founders", "starring",
            "directed", "add", "friend", "partner", "wife", "husband", "son", "daughter", "mother", "father");

    /** Two-word cues before a person's name. */
    private static final Set<String> PERSON_PHRASES = Set.of("name is", "call me", "this is", "i am", "talk to",
            "speak to", "assistant to", "married to", "thanks to", "according to");

    /** Where a walk back from a company suffix stops: "the invoice from | acme widgets llc". */
    private static final Set<String> ORG_WALK_STOPS = Set.of("from", "to", "in", "on", "at", "for", "of", "with", "by",
            "is", "was", "are", "were", "be", "the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "and",
            "or", "via", "about", "into", "like", "than", "that", "this", "joined", "called", "named");

    private static final Set<String> PLACE_CUES = Set.of("in", "from", "to", "near", "visit", "visiting", "city",
            "town", "country", "moved", "lives", "live", "arrived", "born", "across", "around", "into", "of", "at");

    private static final Set<String> ORG_CUES = Set.of("at", "for", "joined", "join", "company", "employer",
            "works", "work", "worked", "founded", "became", "recorded", "acquired", "startup", "firm");

    /** Longest run of words read as one name ("Maria de los Angeles Garcia Lopez" is 6). */
    private static final int MAX_RUN = 8;

    private static final byte FIRST = 1;
    private static final byte SURNAME = 2;
    private static final byte PLACE = 4;
    private static final byte COUNTRY = 8;
    private static final byte COMMON = 16;
    /** First word of a multi-word place or country name. */
    private static final byte PHRASE_HEAD = 32;

    /** Every gazetteer word and phrase with the lists it is in, so a token costs one look-up, not six. */
    private final WordTable flags;

    /** Reads the gazetteer into a compact table; the recognizer keeps no reference to the lists themselves. */
    public ProperNameRecognizer(Gazetteer gazetteer) {
        Map<String, Byte> f = new HashMap<>(2 * (gazetteer.places().size() + gazetteer.surnames().size()));
        mark(f, gazetteer.firstNames(), FIRST);
        mark(f, gazetteer.surnames(), SURNAME);
        mark(f, gazetteer.places(), PLACE);
        mark(f, gazetteer.countries(), COUNTRY);
        mark(f, gazetteer.englishWords(), COMMON);
        for (Set<String> names : List.of(gazetteer.places(), gazetteer.countries())) {
            for (String name : names) {
                int space = name.indexOf(' ');
                if (space > 0) {
                    f.merge(name.substring(0, space), PHRASE_HEAD, (a, b) -> (byte) (a | b));
                }
            }
        }
        this.flags = new WordTable(f);
    }

    private boolean has(String key, byte flag) {
        return (flags.get(key) & flag) != 0;
    }

    private boolean isCountry(String key) {
        return has(key, COUNTRY);
    }

    private boolean isPlace(String key) {
        return has(key, PLACE);
    }

    private boolean isFirstName(String key) {
        return has(key, FIRST);
    }

    private boolean isCommonWord(String key) {
        return has(key, COMMON);
    }

    private static void mark(Map<String, Byte> flags, Set<String> words, byte flag) {
        for (String w : words) {
            flags.merge(w, flag, (a, b) -> (byte) (a | b));
        }
    }

    @Override
    public String name() {
        return "proper-names";
    }

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.PERSON, PiiType.LOCATION, PiiType.ORGANIZATION, PiiType.TITLE);
    }

    private enum Strength { NONE, WEAK, UNKNOWN, STRONG, LOWER_KNOWN, LOWER_UNKNOWN }

    @Override
    public List<PiiSpan> recognize(String text) {
        List<Token> tokens = TextTokens.of(text);
        List<PiiSpan> out = new ArrayList<>();
        int n = tokens.size();
        Strength[] strength = new Strength[n];
        for (int i = 0; i < n; i++) {
            strength[i] = strength(tokens.get(i));
        }
        organisationsBySuffix(text, tokens, out);
        int i = 0;
        while (i < n) {
            int phrase = placePhrase(text, tokens, i);
            if (phrase > 0) {
                int last = i + phrase - 1;
                boolean country = isCountry(joinKeys(text, tokens, i, last));
                out.add(span(tokens.get(i), tokens.get(last), PiiType.LOCATION, country ? 0.85 : 0.7));
                i += phrase;
                continue;
            }
            Strength s = strength[i];
            if ((s == Strength.NONE || s == Strength.LOWER_UNKNOWN) && afterHonorific(text, tokens, i)) {
                s = tokens.get(i).capitalised() ? Strength.STRONG : Strength.LOWER_KNOWN;
                strength[i] = s;
            }
            if (s == Strength.NONE || s == Strength.LOWER_UNKNOWN) {
                i++;
                continue;
            }
            int end = i;
            boolean lower = s == Strength.LOWER_KNOWN;
            // Names are short; the cap also keeps a page of capitalised words from costing quadratic time.
            while (end + 1 < n && end - i < MAX_RUN - 1 && joinable(text, tokens.get(end), tokens.get(end + 1))) {
                Strength next = strength[end + 1];
                if (!lower && (next == Strength.STRONG || next == Strength.UNKNOWN || next == Strength.WEAK)) {
                    end++;
                } else if (!lower && connectorsThenName(text, tokens, strength, end + 1) > 0) {
                    end += connectorsThenName(text, tokens, strength, end + 1);
                } else if (lower && (next == Strength.LOWER_KNOWN || next == Strength.LOWER_UNKNOWN)
                        && end - i < 3 && !tokens.get(end + 1).text().equals(tokens.get(end + 1).key().toUpperCase())) {
                    end++;
                } else {
                    break;
                }
            }
            int split = placeSuffix(text, tokens, i, end);
            if (split > i) {
                addRun(text, tokens, strength, i, split - 1, out);
                out.add(span(tokens.get(split), tokens.get(end), PiiType.LOCATION,
                        isCountry(joinKeys(text, tokens, split, end)) ? 0.85 : 0.65));
            } else {
                addRun(text, tokens, strength, i, end, out);
            }
            i = end + 1;
        }
        return out;
    }

    private static boolean afterHonorific(String text, List<Token> tokens, int i) {
        if (i == 0 || NEVER.contains(tokens.get(i).key())) {
            return false;
        }
        Token h = tokens.get(i - 1);
        String gap = text.substring(h.end(), tokens.get(i).start());
        // "mr. martin" is a name; "sir bot" (lower case, no full stop) is just a word.
        return HONORIFICS.contains(h.key()) && (gap.equals(". ") || gap.equals(" ") && h.capitalised());
    }

    /** "van der Voet": one or two lower-case connectors followed by a name word; the tokens to take, or 0. */
    private static int connectorsThenName(String text, List<Token> tokens, Strength[] strength, int at) {
        int k = at;
        while (k < tokens.size() && k - at < 2 && CONNECTORS.contains(tokens.get(k).key()) && !tokens.get(k).capitalised()
                && k + 1 < tokens.size() && joinable(text, tokens.get(k), tokens.get(k + 1))) {
            k++;
        }
        if (k == at || k >= tokens.size()) {
            return 0;
        }
        Strength s = strength[k];
        return s == Strength.STRONG || s == Strength.UNKNOWN || s == Strength.WEAK ? k - at + 1 : 0;
    }

    private Strength strength(Token t) {
        String k = t.key();
        int f = flags.get(k);
        if (isContraction(k)) {
            return Strength.NONE;
        }
        if (NEVER.contains(k) || HONORIFICS.contains(k) || PERSON_SUFFIXES.contains(k) && t.allCaps()) {
            return Strength.NONE;
        }
        boolean known = (f & (FIRST | SURNAME | PLACE | COUNTRY)) != 0;
        boolean common = (f & COMMON) != 0;
        if (t.capitalised()) {
            if (t.allCaps() && t.text().length() <= 3 && (f & COUNTRY) == 0) {
                return Strength.NONE; // acronyms and state codes
            }
            if (!common) {
                return known ? Strength.STRONG : Strength.UNKNOWN;
            }
            return known && !t.sentenceStart() ? Strength.WEAK : Strength.NONE;
        }
        if (common || k.length() < 3 || CONNECTORS.contains(k)) {
            return Strength.NONE;
        }
        boolean lowerKnown = (f & (FIRST | PLACE | COUNTRY)) != 0;
        return lowerKnown ? Strength.LOWER_KNOWN : Strength.LOWER_UNKNOWN;
    }

    /** "Don't", "They're", "I'll": an apostrophe suffix on a common word. */
    private boolean isContraction(String key) {
        int a = Math.max(key.lastIndexOf('\''), key.lastIndexOf('’'));
        if (a <= 0) {
            return false;
        }
        String tail = key.substring(a + 1);
        String head = key.substring(0, a);
        return (tail.equals("t") || tail.equals("re") || tail.equals("s") || tail.equals("m") || tail.equals("ve")
                || tail.equals("d") || tail.equals("ll"))
                && (NEVER.contains(head) || isCommonWord(head) || head.endsWith("n"));
    }

    private void addRun(String text, List<Token> tokens, Strength[] strength, int from, int to, List<PiiSpan> out) {
        // Trailing person suffixes ("MD", "Jr.") belong to the name.
        int end = to;
        while (end + 1 < tokens.size() && joinable(text, tokens.get(end), tokens.get(end + 1))
                && PERSON_SUFFIXES.contains(tokens.get(end + 1).key())) {
            end++;
        }
        boolean anyStrong = false;
        boolean allWeak = true;
        for (int k = from; k <= to; k++) {
            Strength s = strength[k];
            anyStrong |= s == Strength.STRONG || s == Strength.UNKNOWN || s == Strength.LOWER_KNOWN;
            allWeak &= s == Strength.WEAK || CONNECTORS.contains(tokens.get(k).key());
        }
        Token first = tokens.get(from);
        Token last = tokens.get(end);
        String runKey = joinKeys(text, tokens, from, to);
        String prev = from > 0 ? tokens.get(from - 1).key() : "";
        String prev2 = from > 1 ? tokens.get(from - 2).key() : "";
        String gapBefore = from > 0 ? text.substring(tokens.get(from - 1).end(), first.start()) : "";
        boolean adjacentPrev = from > 0 && (gapBefore.equals(" ") || gapBefore.equals(". ") || gapBefore.isEmpty() || gapBefore.equals("."));
        boolean honorific = adjacentPrev && HONORIFICS.contains(prev);
        if (honorific) {
            Token h = tokens.get(from - 1);
            int hEnd = h.dotAfter() ? h.end() + 1 : h.end();
            out.add(new PiiSpan(h.start(), hEnd, PiiType.TITLE, 0.6));
        }
        boolean lower = !first.capitalised();
        boolean isFirstName = has(first.key(), FIRST);
        byte runFlags = flags.get(runKey);
        boolean isCountry = (runFlags & COUNTRY) != 0;
        boolean isPlace = (runFlags & PLACE) != 0;
        boolean anySurname = false;
        for (int k = from; k <= to; k++) {
            anySurname |= has(tokens.get(k).key(), SURNAME);
        }
        boolean placeCue = adjacentPrev && PLACE_CUES.contains(prev) || prev.equals("in") || prev2.equals("lives");
        boolean personCue = (adjacentPrev || from > 0 && isCueGap(gapBefore))
                && (PERSON_CUES.contains(prev) || PERSON_PHRASES.contains(prev2 + " " + prev));
        boolean orgCue = adjacentPrev && ORG_CUES.contains(prev);
        int length = to - from + 1;

        PiiType type;
        double score;
        if (honorific) {
            type = PiiType.PERSON;
            score = 0.85;
        } else if (allWeak && !anyStrong) {
            boolean listed = inNameList(text, tokens, strength, from, to);
            type = (isPlace || isCountry) && !listed && !personCue ? PiiType.LOCATION : PiiType.PERSON;
            score = personCue || placeCue && (isPlace || isCountry) || listed ? 0.5 : 0.2;
        } else if (isCountry) {
            type = PiiType.LOCATION;
            score = lower ? 0.7 : 0.85;
        } else if (isPlace && (!isFirstName || placeCue || length > 1)) {
            type = PiiType.LOCATION;
            score = (lower ? 0.45 : 0.65) + (placeCue ? 0.15 : 0.0);
        } else if (isFirstName) {
            type = PiiType.PERSON;
            score = lower ? (length > 1 ? 0.6 : 0.5) : (length > 1 ? 0.8 : 0.65);
        } else if (anySurname) {
            type = PiiType.PERSON;
            score = lower ? 0.35 : 0.6;
        } else if (lower) {
            return;
        } else if (placeCue && !orgCue) {
            type = PiiType.LOCATION;
            score = 0.5;
        } else {
            type = personCue ? PiiType.PERSON : PiiType.ORGANIZATION;
            score = first.sentenceStart() ? 0.4 : 0.45;
        }
        if (personCue && type == PiiType.PERSON) {
            score = Math.min(1.0, score + 0.1);
        }
        out.add(new PiiSpan(first.start(), last.end(), type, score));
    }

    /** ", " or ": " (with any spaces) between a cue word and a name. */
    private static boolean isCueGap(String gap) {
        int i = gap.isEmpty() || gap.charAt(0) != ',' && gap.charAt(0) != ':' ? 0 : 1;
        while (i < gap.length() && gap.charAt(i) == ' ') {
            i++;
        }
        return i == gap.length();
    }

    private static boolean isListGap(String gap) {
        return gap.equals(", ") || gap.equals(" and ") || gap.equals(", and ");
    }

    /** "Layla, Harry and Michele": a word between names in a list is a name too. */
    private static boolean inNameList(String text, List<Token> tokens, Strength[] strength, int from, int to) {
        if (from > 0 && isListGap(text.substring(tokens.get(from - 1).end(), tokens.get(from).start()))
                && strength[from - 1] == Strength.STRONG) {
            return true;
        }
        return to + 1 < tokens.size() && isListGap(text.substring(tokens.get(to).end(), tokens.get(to + 1).start()))
                && strength[to + 1] == Strength.STRONG;
    }

    /** "Mclaughlin Ltd.", "frost llc", "Underwood Group": the suffix and up to four words before it. */
    private void organisationsBySuffix(String text, List<Token> tokens, List<PiiSpan> out) {
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean strong = STRONG_ORG_SUFFIXES.contains(t.key()) && (t.dotAfter() || !t.key().equals("co"));
            boolean weak = WEAK_ORG_SUFFIXES.contains(t.key()) && t.capitalised();
            if (!strong && !weak) {
                continue;
            }
            int from = i;
            while (from - 1 >= 0 && i - from < 4 && joinableOrComma(text, tokens.get(from - 1), tokens.get(from))) {
                Token p = tokens.get(from - 1);
                if (NEVER.contains(p.key()) || HONORIFICS.contains(p.key()) || (weak && !p.capitalised())
                        || (!p.capitalised() && t.capitalised()) || (p.sentenceStart() && NEVER.contains(p.key()))) {
                    break;
                }
                if (ORG_WALK_STOPS.contains(p.key())) {
                    break;
                }
                from--;
                if (p.sentenceStart()) {
                    break;
                }
            }
            if (from == i) {
                continue;
            }
            int end = t.dotAfter() && t.key().length() <= 4 ? t.end() + 1 : t.end();
            out.add(new PiiSpan(tokens.get(from).start(), end, PiiType.ORGANIZATION, strong ? 0.86 : 0.7));
        }
    }

    /**
     * "Reykjavík Benin", "Curitiba Paraná": a run that is no known name as a whole but ends in a
     * country (or in a place after a place) is two names; returns where the second starts, or -1.
     */
    private int placeSuffix(String text, List<Token> tokens, int from, int to) {
        if (to == from || isPlace(joinKeys(text, tokens, from, to))
                || isCountry(joinKeys(text, tokens, from, to))
                || isFirstName(tokens.get(from).key())) {
            return -1;
        }
        for (int k = from + 1; k <= to; k++) {
            String tail = joinKeys(text, tokens, k, to);
            if (isCountry(tail)) {
                return k;
            }
            if (isPlace(tail) && isPlace(joinKeys(text, tokens, from, k - 1))) {
                return k;
            }
        }
        return -1;
    }

    /** Length in tokens of the longest country or place name (two to five words) starting at {@code i}, or 0. */
    private int placePhrase(String text, List<Token> tokens, int i) {
        Token first = tokens.get(i);
        byte firstFlags = flags.get(first.key());
        if ((firstFlags & PHRASE_HEAD) == 0 || NEVER.contains(first.key())) {
            return 0;
        }
        // Lower-case text: a common first word ("united arab emirates") needs a country, not any place.
        boolean lowerCommon = !first.capitalised() && (firstFlags & COMMON) != 0;
        for (int len = Math.min(5, tokens.size() - i); len >= 2; len--) {
            int last = i + len - 1;
            boolean contiguous = true;
            for (int k = i; k < last && contiguous; k++) {
                contiguous = joinable(text, tokens.get(k), tokens.get(k + 1));
            }
            if (!contiguous) {
                continue;
            }
            Token end = tokens.get(last);
            if (!end.capitalised() && isCommonWord(end.key()) && !first.capitalised()
                    && len == 2) {
                continue; // "marshall islands" yes, "paris hotel" no
            }
            String key = joinKeys(text, tokens, i, last);
            if (isCountry(key)) {
                return len;
            }
            if (!lowerCommon && isPlace(key) && first.capitalised() && end.capitalised() && !allCommon(tokens, i, last)) {
                return len; // "San Giovanni Di Casarsa" yes; "Country Club" (common words only) no
            }
        }
        return 0;
    }

    private boolean allCommon(List<Token> tokens, int from, int to) {
        for (int k = from; k <= to; k++) {
            String key = tokens.get(k).key();
            if (!isCommonWord(key) && !CONNECTORS.contains(key)) {
                return false;
            }
        }
        return true;
    }

    private static String joinKeys(String text, List<Token> tokens, int from, int to) {
        return Gazetteer.key(text.substring(tokens.get(from).start(), tokens.get(to).end()));
    }

    private static boolean joinable(String text, Token a, Token b) {
        int gap = b.start() - a.end();
        return gap == 1 && text.charAt(a.end()) == ' ';
    }

    private static boolean joinableOrComma(String text, Token a, Token b) {
        String gap = text.substring(a.end(), b.start());
        return gap.equals(" ") || gap.equals(". ") && a.text().length() == 1;
    }

    private static PiiSpan span(Token from, Token to, PiiType type, double score) {
        return new PiiSpan(from.start(), to.end(), type, score);
    }
}
