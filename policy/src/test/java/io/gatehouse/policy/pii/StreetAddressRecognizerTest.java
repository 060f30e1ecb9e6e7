package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreetAddressRecognizerTest {

    private final StreetAddressRecognizer addresses = new StreetAddressRecognizer();

    private List<String> found(String text) {
        return new OverlapResolver(0.4).resolve(addresses.recognize(text)).stream()
                .map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void englishOrderWithUnitCityAndZipIsOneSpan() {
        assertEquals(List.of("221 Baker Street Apt. 4, Springfield, IL 62704"),
                found("Ship it to 221 Baker Street Apt. 4, Springfield, IL 62704 by Friday."));
    }

    @Test
    void continentalOrder() {
        assertEquals(List.of("Lindenstraße 12"), found("Wir wohnen in der Lindenstraße 12 seit Mai."));
        assertEquals(List.of("Keizersgracht 17"), found("Our office: Keizersgracht 17"));
    }

    @Test
    void usLayoutOverTwoLines() {
        assertEquals(List.of("1600 Pennsylvania Avenue\nWashington, DC 20500"),
                found("Send it to:\n1600 Pennsylvania Avenue\nWashington, DC 20500\nThanks"));
    }

    @Test
    void militaryAndPoBoxes() {
        assertEquals(List.of("PSC 1234, Box 5678\nAPO AE 09876"), found("Mail: PSC 1234, Box 5678\nAPO AE 09876"));
        assertEquals(List.of("P.O. Box 778"), found("Write to P.O. Box 778 for refunds"));
    }

    @Test
    void aNumberAndCapitalisedWordsAloneAreNotAnAddress() {
        assertEquals(List.of(), found("In 1984 Apple Computer launched the Macintosh."));
        assertEquals(List.of(), found("We sold 20 Copies Daily."));
        // A connector word of a street name ("y", "de") never starts one, nor does part of a word.
        assertEquals(List.of(), found("What did he put at #1 you ask?"));
    }

    @Test
    void blockLinesAreTaggedOneByOne() {
        String text = "Jo Bloggs\n12 Harbour Road\n Flat 3\n Portsmouth\n PO1 3AH";
        assertEquals(List.of("12 Harbour Road", "Flat 3", "PO1 3AH"), found(text));
    }
}
