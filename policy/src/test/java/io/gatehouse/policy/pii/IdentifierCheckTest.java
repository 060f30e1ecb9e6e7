package io.gatehouse.policy.pii;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentifierCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117",
            "4012888888881881", "3530111333300000"})
    void luhnAcceptsPublishedTestCardNumbers(String number) {
        assertTrue(IdentifierCheck.LUHN.isValid(number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "1234567890123456", "0000000000000000", "12345678901", "5500000000000005"})
    void luhnRejectsWrongCheckDigitsAndDegenerateNumbers(String number) {
        assertFalse(IdentifierCheck.LUHN.isValid(number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR1420041010050500013M02606",
            "NL91ABNA0417164300", "gb82west12345698765432", "CH9300762011623852957", "NO9386011117947"})
    void ibanAcceptsValidNumbers(String iban) {
        assertTrue(IdentifierCheck.IBAN.isValid(iban));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82 WEST 1234 5698 7654 33", "GB82WEST123456987654", "DE8937040044053201300",
            "XX82WEST12345698765432", "NL91ABNA04171643001", "FR1420041010050500013M02607"})
    void ibanRejectsWrongChecksumLengthOrCountry(String iban) {
        assertFalse(IdentifierCheck.IBAN.isValid(iban));
    }

    @ParameterizedTest
    @ValueSource(strings = {"536-22-1234", "001-01-0001", "665-99-9999", "772 11 4321", "899-45-6780"})
    void ssnAcceptsNumbersInIssuedRanges(String ssn) {
        assertTrue(IdentifierCheck.US_SSN.isValid(ssn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-99-9999", "123-00-4567", "123-45-0000",
            "078-05-1120", "111-11-1111", "12-345-678"})
    void ssnRejectsInvalidRangesAndAdvertisedNumbers(String ssn) {
        assertFalse(IdentifierCheck.US_SSN.isValid(ssn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"943 476 5919", "9434765919", "401-023-2137", "4505577104"})
    void nhsAcceptsCorrectCheckDigit(String nhs) {
        assertTrue(IdentifierCheck.UK_NHS.isValid(nhs));
    }

    @ParameterizedTest
    @ValueSource(strings = {"943 476 5918", "4010232138", "1111111111", "123456789"})
    void nhsRejectsWrongCheckDigit(String nhs) {
        assertFalse(IdentifierCheck.UK_NHS.isValid(nhs));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.1", "8.8.8.8", "255.255.255.255", "0.0.0.0"})
    void ipv4AcceptsDottedQuads(String ip) {
        assertTrue(IdentifierCheck.IPV4.isValid(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "a.b.c.d"})
    void ipv4RejectsMalformed(String ip) {
        assertFalse(IdentifierCheck.IPV4.isValid(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "::1", "fe80::1%eth0", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "::ffff:192.0.2.128", "d80:e4b5:79da:6cf6:71f3:51f7:9161:c319"})
    void ipv6AcceptsFullCompressedAndMappedForms(String ip) {
        assertTrue(IdentifierCheck.IPV6.isValid(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1::2", "12345::", "2001:db8:85a3:0:0:8a2e:370:7334:1", "1:2:3:4:5:6:7", "g::1",
            "::ffff:300.0.2.128"})
    void ipv6RejectsMalformed(String ip) {
        assertFalse(IdentifierCheck.IPV6.isValid(ip));
    }
}
