package io.gatehouse.policy.pii;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regression sentences written for this test (not taken from any evaluation file). */
class RecognizerPiiDetectorTest {

    private static RecognizerPiiDetector detector;

    @BeforeAll
    static void build() {
        detector = RecognizerPiiDetector.withDefaults();
    }

    private static List<String> found(PiiDetector d, String text) {
        return d.analyze(text).stream().map(s -> s.type() + ":" + text.substring(s.start(), s.end())).toList();
    }

    @Test
    void supportTicket() {
        String text = "Hi, this is Graham Whitcombe. My card 4111 1111 1111 1111 was charged twice; call me on (617) 555-0134 "
                + "or email graham.whitcombe@example.net.";
        assertEquals(List.of("PERSON:Graham Whitcombe", "CREDIT_CARD:4111 1111 1111 1111", "PHONE_NUMBER:(617) 555-0134",
                "EMAIL_ADDRESS:graham.whitcombe@example.net"), found(detector, text));
    }

    @Test
    void bankingAndIdentity() {
        String text = "Transfer to GB82 WEST 1234 5698 7654 32 for Ingrid Solberg, SSN 536-22-1234, born 1979-04-12.";
        assertEquals(List.of("IBAN_CODE:GB82 WEST 1234 5698 7654 32", "PERSON:Ingrid Solberg", "US_SSN:536-22-1234",
                "DATE_TIME:1979-04-12"), found(detector, text));
    }

    @Test
    void addressAndPlaces() {
        String text = "Dr. Amara Nwosu moved from Lagos to 48 Elm Grove Road, Bristol last May.";
        assertEquals(List.of("TITLE:Dr.", "PERSON:Amara Nwosu", "LOCATION:Lagos", "STREET_ADDRESS:48 Elm Grove Road, Bristol"),
                found(detector, text));
    }

    @Test
    void technicalIdentifiers() {
        String text = "Login from 203.0.113.54 and fe80::1ff:fe23:4567:890a was blocked; see https://status.example.com/incident/42";
        assertEquals(List.of("IP_ADDRESS:203.0.113.54", "IP_ADDRESS:fe80::1ff:fe23:4567:890a",
                "URL:https://status.example.com/incident/42"), found(detector, text));
    }

    @Test
    void textWithoutPersonalDataGivesNothing() {
        assertEquals(List.of(), found(detector, "The quarterly report shows revenue grew by 12 percent over the last year."));
        assertEquals(List.of(), detector.analyze(""));
    }

    @Test
    void spansAreSortedAndDisjoint() {
        List<PiiSpan> spans = detector.analyze("Maria Lopez, 12 Rue de Rivoli, Paris, +33 1 42 60 30 30, maria@example.fr, 4111111111111111");
        for (int i = 1; i < spans.size(); i++) {
            assertTrue(spans.get(i - 1).end() <= spans.get(i).start());
        }
        assertTrue(spans.size() >= 4);
    }

    @Test
    void hostileInputNeitherOverflowsTheStackNorBuildsHugeSpans() {
        // Long chains of labels once overflowed the regex engine's stack (unbounded group repetition).
        assertEquals(List.of(), detector.analyze("a.".repeat(50_000)));
        assertEquals(List.of(), detector.analyze("x@".repeat(20_000)));
        assertEquals(List.of(), detector.analyze("1 ".repeat(20_000)));
        // A page of capitalised unknown words is read as short runs, not one name of 12,000 words.
        List<PiiSpan> spans = detector.analyze("Zorblat ".repeat(12_000));
        assertTrue(spans.stream().allMatch(s -> s.length() <= 8 * "Zorblat ".length()));
    }

    @Test
    void builderRestrictsTypesAndRaisesTheThreshold() {
        RecognizerPiiDetector cardsOnly = RecognizerPiiDetector.builder().gazetteer(Gazetteer.empty())
                .enabledTypes(EnumSet.of(PiiType.CREDIT_CARD)).build();
        String text = "Graham Whitcombe paid with 4111 1111 1111 1111";
        assertEquals(List.of("CREDIT_CARD:4111 1111 1111 1111"), found(cardsOnly, text));
        RecognizerPiiDetector strict = RecognizerPiiDetector.builder().gazetteer(Gazetteer.empty()).threshold(0.95).build();
        assertEquals(List.of(), found(strict, "Call (617) 555-0134"));
    }
}
