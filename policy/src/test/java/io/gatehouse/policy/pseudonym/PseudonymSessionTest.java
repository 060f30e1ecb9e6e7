package io.gatehouse.policy.pseudonym;

import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiSpan;
import io.gatehouse.policy.pii.PiiType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PseudonymSessionTest {

    private static final List<String> NAMES = List.of("Alice Smith", "Bob Jones", "Carla Diaz", "Dmitri Ivanov",
            "Erin Walsh", "Farah Khan", "Gustav Berg", "Hana Sato", "Ivo Novak", "Jonas Meyer", "Kemi Ade", "Lena Roth");
    private static final List<String> WORDS = List.of("the", "contract", "was", "signed", "by", "and", "reviewed",
            "with", "budget", "of", "q3", "meeting", "notes", "about", "invoice", "42", "due", "tomorrow", "<", ">", "x<y",
            "a>b", "<b>", "PERSON", "_1", "<PER", "SON_1>", "<EMAIL_ADDRESS_", "-", ",", ".", "\n", "é", "日本");

    private final Pseudonymizer pseudonymizer = new Pseudonymizer(new EmailAndNameDetector());

    @Test
    void samePersonSamePlaceholderAcrossQuestionAndPassages() {
        try (PseudonymSession s = pseudonymizer.open()) {
            List<String> out = s.redactAll(List.of(
                    "What did Alice Smith tell Bob Jones?",
                    "Alice Smith (alice@example.com) met Bob Jones on Monday.",
                    "then Carla Diaz wrote to alice@example.com about Alice Smith."));
            assertEquals("What did <PERSON_1> tell <PERSON_2>?", out.get(0));
            assertEquals("<PERSON_1> (<EMAIL_ADDRESS_1>) met <PERSON_2> on Monday.", out.get(1));
            assertEquals("then <PERSON_3> wrote to <EMAIL_ADDRESS_1> about <PERSON_1>.", out.get(2));
            assertEquals(4, s.size());
            assertEquals("Ask Alice Smith or Carla Diaz; cc alice@example.com",
                    s.restore("Ask <PERSON_1> or <PERSON_3>; cc <EMAIL_ADDRESS_1>"));
        }
    }

    @Test
    void unknownAndMangledPlaceholdersAreLeftAsTheyAre() {
        try (PseudonymSession s = pseudonymizer.open()) {
            s.redact("Alice Smith");
            String reply = "<PERSON_1>, <PERSON_7>, <PERSON 1>, PERSON_1, <person_1>, <PERSON_1, <<PERSON_1>>";
            assertEquals("Alice Smith, <PERSON_7>, <PERSON 1>, PERSON_1, <person_1>, <PERSON_1, <Alice Smith>", s.restore(reply));
        }
    }

    @Test
    void placeholderSplitAcrossChunksIsRestoredWhole() {
        try (PseudonymSession s = pseudonymizer.open()) {
            s.redact("Alice Smith");
            StreamingRestorer r = s.restorer();
            StringBuilder shown = new StringBuilder();
            shown.append(r.accept("Hello <PER"));
            assertEquals("Hello ", shown.toString(), "the partial placeholder is held back");
            shown.append(r.accept("SON_1>, and <b>bold</b> <"));
            shown.append(r.accept("PERSON_2> too <PERSON_"));
            shown.append(r.finish());
            assertEquals("Hello Alice Smith, and <b>bold</b> <PERSON_2> too <PERSON_", shown.toString());
        }
    }

    @Test
    void textThatCannotBecomeAPlaceholderIsNotHeldBack() {
        try (PseudonymSession s = pseudonymizer.open()) {
            s.redact("Alice Smith");
            StreamingRestorer r = s.restorer();
            assertEquals("a < b", r.accept("a < b"));
            assertEquals("x <EM", r.accept("x <EM"));
            assertEquals("", r.finish());
        }
    }

    @Test
    void detectorFailureSurfacesAsPseudonymizationException() {
        PiiDetector broken = text -> {
            throw new IllegalStateException("model crashed on: " + text);
        };
        try (PseudonymSession s = new Pseudonymizer(broken).open()) {
            PseudonymizationException e = assertThrows(PseudonymizationException.class, () -> s.redact("Alice Smith secret"));
            assertFalse(e.getMessage().contains("Alice"), "the exception must not carry the text");
        }
        PiiDetector outOfBounds = text -> List.of(new PiiSpan(0, text.length() + 5, PiiType.PERSON, 1));
        try (PseudonymSession s = new Pseudonymizer(outOfBounds).open()) {
            assertThrows(PseudonymizationException.class, () -> s.redact("Alice"));
        }
        PiiDetector nothing = text -> null;
        try (PseudonymSession s = new Pseudonymizer(nothing).open()) {
            assertThrows(PseudonymizationException.class, () -> s.redact("Alice"));
        }
    }

    @Test
    void overlappingSpansFromABuggyDetectorAreRedactedAsTheirUnion() {
        PiiDetector overlapping = text -> List.of(new PiiSpan(6, 11, PiiType.PERSON, 1), new PiiSpan(0, 9, PiiType.PERSON, 1));
        try (PseudonymSession s = new Pseudonymizer(overlapping).open()) {
            assertEquals("<PERSON_1> rest", s.redact("Alice Smith rest"));
        }
    }

    @Test
    void closedSessionHasForgottenItsMap() {
        PseudonymSession s = pseudonymizer.open();
        s.redact("Alice Smith");
        s.close();
        assertThrows(IllegalStateException.class, () -> s.restore("<PERSON_1>"));
        assertThrows(IllegalStateException.class, () -> s.redact("Bob Jones"));
        // A new session knows nothing of the old one's values.
        try (PseudonymSession fresh = pseudonymizer.open()) {
            assertEquals("<PERSON_1>", fresh.restore("<PERSON_1>"));
        }
    }

    private static String randomText(Random r, List<String> valuesUsed) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(30);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(' ');
            }
            int pick = r.nextInt(10);
            if (pick == 0) {
                String name = NAMES.get(r.nextInt(NAMES.size()));
                valuesUsed.add(name);
                b.append(name);
            } else if (pick == 1) {
                String email = NAMES.get(r.nextInt(NAMES.size())).toLowerCase().replace(' ', '.') + "@corp" + r.nextInt(3) + ".example.com";
                valuesUsed.add(email);
                b.append(email);
            } else {
                b.append(WORDS.get(r.nextInt(WORDS.size())));
            }
        }
        return b.toString();
    }

    /**
     * Random requests (question + passages built from names, e-mails and awkward words): no value survives
     * redaction, one placeholder per distinct value, restore inverts redact, and a reply streamed in random
     * chunks restores exactly like the whole reply.
     */
    @Test
    void randomRequestsRoundTrip() {
        Random r = new Random(20261121);
        for (int iteration = 0; iteration < 500; iteration++) {
            List<String> values = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            int passages = 1 + r.nextInt(5);
            for (int p = 0; p < passages; p++) {
                texts.add(randomText(r, values));
            }
            try (PseudonymSession s = pseudonymizer.open()) {
                List<String> redacted = s.redactAll(texts);
                for (int i = 0; i < texts.size(); i++) {
                    String red = redacted.get(i);
                    for (String v : values) {
                        assertFalse(red.contains(v), () -> "value survived in " + red);
                    }
                    // No original text here contains a complete issued placeholder, so restore is the inverse.
                    assertEquals(texts.get(i), s.restore(red));
                }
                assertEquals(new HashSet<>(values).size(), s.size());

                // A reply mixing issued placeholders, unknown ones and fragments, streamed in random chunks.
                Set<String> issued = new HashSet<>();
                for (String red : redacted) {
                    Matcher m = PseudonymSession.PLACEHOLDER.matcher(red);
                    while (m.find()) {
                        issued.add(m.group());
                    }
                }
                List<String> parts = new ArrayList<>(issued);
                parts.addAll(List.of("<PERSON_99>", "<EMAIL_ADDRESS_", "<", "text ", ">", "<PERSON_1", "_1>", " and "));
                StringBuilder reply = new StringBuilder();
                for (int k = 0; k < 20; k++) {
                    reply.append(parts.get(r.nextInt(parts.size())));
                }
                String whole = s.restore(reply.toString());
                StreamingRestorer restorer = s.restorer();
                StringBuilder streamed = new StringBuilder();
                int at = 0;
                while (at < reply.length()) {
                    int end = Math.min(reply.length(), at + 1 + r.nextInt(7));
                    streamed.append(restorer.accept(reply.substring(at, end)));
                    at = end;
                }
                streamed.append(restorer.finish());
                assertEquals(whole, streamed.toString());
                for (String p : issued) {
                    assertFalse(streamed.toString().contains(p), () -> "issued placeholder " + p + " not restored");
                }
            }
        }
    }

    @Test
    void concurrentRedactionOfPassagesSharesOneMap() throws Exception {
        try (PseudonymSession s = pseudonymizer.open()) {
            List<Thread> threads = new ArrayList<>();
            List<String> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    for (String n : NAMES) {
                        results.add(s.redact(n));
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(NAMES.size(), s.size());
            assertEquals(NAMES.size(), new HashSet<>(results).size());
            assertTrue(results.stream().allMatch(x -> x.matches("<PERSON_\\d+>")));
        }
    }
}
