package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneRecognizerTest {

    private final PhoneRecognizer phones = new PhoneRecognizer();

    private List<String> found(String text) {
        return phones.recognize(text).stream().filter(s -> s.score() >= 0.4).map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void findsNationalAndInternationalFormats() {
        assertEquals(List.of("(212) 555-0147"), found("Call me at (212) 555-0147 tonight"));
        assertEquals(List.of("+44 20 7946 0958"), found("Office: +44 20 7946 0958"));
        assertEquals(List.of("030 901820"), found("Tel 030 901820, thanks"));
        assertEquals(List.of("415.555.0199x42"), found("reach me on 415.555.0199x42-mobile"));
    }

    @Test
    void leavesDatesShortNumbersAndBareDigitRunsAlone() {
        assertEquals(List.of(), found("On 2021-06-01 we sold 12 units"));
        assertEquals(List.of(), found("Invoice 5362212345 is paid"));
        assertEquals(List.of(), found("Room 12-4"));
    }
}
