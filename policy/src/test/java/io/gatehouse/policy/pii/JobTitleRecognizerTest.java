package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobTitleRecognizerTest {

    private final JobTitleRecognizer titles = new JobTitleRecognizer();

    private List<String> found(String text) {
        return new OverlapResolver(0.4).resolve(titles.recognize(text)).stream()
                .map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void titleAfterACueEndsAtItsOccupationNoun() {
        assertEquals(List.of("senior payroll administrator"), found("She works as a senior payroll administrator in Leeds."));
    }

    @Test
    void titleAloneOnALineOfASignature() {
        assertEquals(List.of("Chief Financial Officer"), found("Best regards,\nDana Whitlock\nChief Financial Officer\nNorthwind"));
    }

    @Test
    void sentencesWithoutAnOccupationNounGiveNothing() {
        assertEquals(List.of(), found("He is a keen cyclist and works as hard as anyone."));
    }
}
