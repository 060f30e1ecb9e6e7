package io.gatehouse.policy.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The word lists behind the name, place and organisation recognizers, all lower-case and
 * NFC-normalised. The bundled lists (see {@code pii/README.md} for sources and licences) come from
 * public statistics and GeoNames, never from the generators of the evaluation data.
 *
 * @param firstNames   given names (US Census 1990, Moby, per-language given-name lists)
 * @param surnames     family names (US Census 1990)
 * @param places       cities with 1,000+ inhabitants and first-level regions (GeoNames)
 * @param countries    country names and common aliases, English and native
 * @param englishWords common English words (SCOWL), used to tell ordinary words from names
 */
public record Gazetteer(Set<String> firstNames, Set<String> surnames, Set<String> places, Set<String> countries,
                        Set<String> englishWords) {

    public Gazetteer {
        firstNames = Set.copyOf(firstNames);
        surnames = Set.copyOf(surnames);
        places = Set.copyOf(places);
        countries = Set.copyOf(countries);
        englishWords = Set.copyOf(englishWords);
    }

    /** The lists shipped in this jar under {@code /pii/}. Loading takes a fraction of a second; share the result. */
    public static Gazetteer bundled() {
        return new Gazetteer(read("first-names.txt.gz"), read("surnames.txt.gz"), read("places.txt.gz"),
                read("countries.txt.gz"), read("english-words.txt.gz"));
    }

    /** An empty gazetteer: names are then found from capitalisation and context alone. */
    public static Gazetteer empty() {
        return new Gazetteer(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    static String key(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x300) { // combining marks and beyond: composed forms must match the lists'
                return Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static Set<String> read(String resource) {
        String path = "/pii/" + resource;
        try (InputStream raw = Gazetteer.class.getResourceAsStream(path)) {
            if (raw == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
                Set<String> out = new HashSet<>();
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        out.add(key(line.strip()));
                    }
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
