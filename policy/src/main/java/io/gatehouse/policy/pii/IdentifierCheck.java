package io.gatehouse.policy.pii;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;

/**
 * The checksum and range rules that turn "looks like a number of that kind" into "is one".
 * Each accepts the matched text as written (separators such as spaces and dashes are ignored).
 */
public enum IdentifierCheck implements Validator {

    /** Payment card numbers: 12 to 19 digits passing the Luhn (mod 10) check. */
    LUHN {
        @Override
        public boolean isValid(String candidate) {
            String digits = digitsOnly(candidate);
            if (digits.length() < 12 || digits.length() > 19 || allSame(digits)) {
                return false;
            }
            int sum = 0;
            boolean doubleIt = false;
            for (int i = digits.length() - 1; i >= 0; i--) {
                int d = digits.charAt(i) - '0';
                if (doubleIt) {
                    d *= 2;
                    if (d > 9) {
                        d -= 9;
                    }
                }
                sum += d;
                doubleIt = !doubleIt;
            }
            return sum % 10 == 0;
        }
    },

    /** IBAN: known country, that country's length, and ISO 7064 mod 97-10 remainder 1. */
    IBAN {
        @Override
        public boolean isValid(String candidate) {
            String iban = candidate.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
            if (iban.length() < 15 || !iban.matches("[A-Z]{2}\\d{2}[A-Z0-9]+")) {
                return false;
            }
            Integer expected = IBAN_LENGTHS.get(iban.substring(0, 2));
            if (expected == null || expected != iban.length()) {
                return false;
            }
            String rearranged = iban.substring(4) + iban.substring(0, 4);
            StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
            for (int i = 0; i < rearranged.length(); i++) {
                char c = rearranged.charAt(i);
                numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
            }
            return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
        }
    },

    /**
     * US social security numbers: nine digits, area not 000, 666 or 900-999, group not 00, serial
     * not 0000, and not one of the numbers published in advertising (078-05-1120, 219-09-9999).
     */
    US_SSN {
        @Override
        public boolean isValid(String candidate) {
            String d = digitsOnly(candidate);
            if (d.length() != 9 || allSame(d)) {
                return false;
            }
            int area = Integer.parseInt(d.substring(0, 3));
            int group = Integer.parseInt(d.substring(3, 5));
            int serial = Integer.parseInt(d.substring(5));
            if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
                return false;
            }
            return !d.equals("078051120") && !d.equals("219099999") && !d.equals("123456789");
        }
    },

    /** UK NHS numbers: ten digits whose mod-11 check digit (weights 10..2) matches the last digit. */
    UK_NHS {
        @Override
        public boolean isValid(String candidate) {
            String d = digitsOnly(candidate);
            if (d.length() != 10 || allSame(d)) {
                return false;
            }
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (d.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - (sum % 11);
            if (check == 11) {
                check = 0;
            }
            return check != 10 && check == d.charAt(9) - '0';
        }
    },

    /** Dotted-quad IPv4, each part 0-255 without leading zeros. */
    IPV4 {
        @Override
        public boolean isValid(String candidate) {
            String[] parts = candidate.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                        || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }
    },

    /** IPv6 in full, compressed ({@code ::}) or IPv4-suffixed form (parsed here: no DNS look-up). */
    IPV6 {
        @Override
        public boolean isValid(String candidate) {
            String s = candidate;
            int zone = s.indexOf('%');
            if (zone >= 0) {
                s = s.substring(0, zone);
            }
            int groupsNeeded = 8;
            int lastColon = s.lastIndexOf(':');
            if (lastColon >= 0 && s.indexOf('.', lastColon) > 0) {
                if (!IPV4.isValid(s.substring(lastColon + 1))) {
                    return false;
                }
                s = s.substring(0, lastColon + 1) + "0:0";
            }
            int dbl = s.indexOf("::");
            if (dbl != s.lastIndexOf("::")) {
                return false;
            }
            if (dbl >= 0) {
                String head = s.substring(0, dbl);
                String tail = s.substring(dbl + 2);
                int n = countGroups(head) + countGroups(tail);
                return n >= 0 && n < groupsNeeded && validGroups(head) && validGroups(tail);
            }
            return countGroups(s) == groupsNeeded && validGroups(s);
        }

        private int countGroups(String part) {
            return part.isEmpty() ? 0 : part.split(":", -1).length;
        }

        private boolean validGroups(String part) {
            if (part.isEmpty()) {
                return true;
            }
            for (String g : part.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                }
            }
            return true;
        }
    };

    /** Lengths from the SWIFT IBAN registry (countries that issue IBANs). */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27),
            Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28),
            Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
            Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FK", 18),
            Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
            Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28),
            Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LC", 32),
            Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("LY", 25),
            Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MN", 20),
            Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28), Map.entry("NL", 18),
            Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
            Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("RU", 33),
            Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24), Map.entry("SI", 19),
            Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25), Map.entry("SV", 28),
            Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
            Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

    static String digitsOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean allSame(String digits) {
        return digits.chars().distinct().count() == 1;
    }
}
