package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each pattern recognizer on sentences written for this test: what it must find and what it must leave. */
class PatternRecognizersTest {

    private static List<String> found(Recognizer r, String text, double minScore) {
        return r.recognize(text).stream().filter(s -> s.score() >= minScore)
                .map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void email() {
        assertEquals(List.of("jane.doe+news@example.co.uk"),
                found(StandardRecognizers.email(), "Write to jane.doe+news@example.co.uk today, not to @handle.", 0.4));
    }

    @Test
    void creditCardNeedsLuhn() {
        Recognizer r = StandardRecognizers.creditCard();
        assertEquals(List.of("4111 1111 1111 1111"), found(r, "Card 4111 1111 1111 1111 expires soon", 0.4));
        assertEquals(List.of(), found(r, "Order 4111 1111 1111 1112 shipped", 0.4));
    }

    @Test
    void ibanNeedsChecksumAndCountryLength() {
        Recognizer r = StandardRecognizers.iban();
        assertEquals(List.of("DE89 3704 0044 0532 0130 00"), found(r, "Pay to DE89 3704 0044 0532 0130 00 please", 0.4));
        assertEquals(List.of(), found(r, "Reference DE89 3704 0044 0532 0130 01", 0.4));
    }

    @Test
    void ssnWithDashesIsFoundAndInvalidRangesAreNot() {
        Recognizer r = StandardRecognizers.usSsn();
        assertEquals(List.of("536-22-1234"), found(r, "My SSN is 536-22-1234.", 0.4));
        assertEquals(List.of(), found(r, "My SSN is 666-22-1234.", 0.4));
        // Nine bare digits are an SSN only when the text says so.
        assertEquals(List.of("536221234"), found(r, "social security number 536221234", 0.4));
        assertEquals(List.of(), found(r, "invoice 536221234", 0.4));
    }

    @Test
    void driverLicenseAndPassportNeedContext() {
        assertEquals(List.of("D1234567"), found(StandardRecognizers.usDriverLicense(), "my driver's license is D1234567", 0.4));
        assertEquals(List.of(), found(StandardRecognizers.usDriverLicense(), "part number D1234567", 0.0));
        assertEquals(List.of("912803456"), found(StandardRecognizers.usPassport(), "passport no. 912803456", 0.4));
        assertEquals(List.of(), found(StandardRecognizers.usPassport(), "tracking 912803456", 0.0));
    }

    @Test
    void nhsNumberWithContextScoresHigh() {
        List<PiiSpan> spans = StandardRecognizers.ukNhs().recognize("NHS number 943 476 5919 on file");
        assertEquals(1, spans.size());
        assertTrue(spans.get(0).score() >= 0.8);
        assertEquals(List.of(), StandardRecognizers.ukNhs().recognize("NHS number 943 476 5918 on file"));
    }

    @Test
    void ipAddresses() {
        assertEquals(List.of("10.0.12.7"), found(StandardRecognizers.ipAddress(), "host 10.0.12.7 and version 1.2.3 and 300.1.1.1", 0.4));
        assertEquals(List.of("2001:db8::8a2e:370:7334"),
                found(StandardRecognizers.ipV6Address(), "from 2001:db8::8a2e:370:7334 at 10:30", 0.4));
    }

    @Test
    void urlAndDomain() {
        assertEquals(List.of("https://intranet.example.org/hr?id=7"),
                found(StandardRecognizers.url(), "See https://intranet.example.org/hr?id=7.", 0.4));
        assertEquals(List.of("example.org"), found(StandardRecognizers.domainName(), "Mail the admin of example.org now", 0.4));
        assertEquals(List.of(), found(StandardRecognizers.domainName(), "write to admin@example.org", 0.4));
    }

    @Test
    void datesAndTimes() {
        List<String> f = found(StandardRecognizers.dateTime(),
                "Born 3/14/1988, moved on 2021-06-01 09:30:00, left on March 5, 2023 and calls on Fridays.", 0.4);
        assertEquals(List.of("2021-06-01 09:30:00", "3/14/1988", "March 5, 2023", "Fridays"), f);
    }

    @Test
    void age() {
        assertEquals(List.of("42"), found(StandardRecognizers.age(), "The patient is 42 years old.", 0.4));
    }
}
