package io.gatehouse.policy.pii;

import io.gatehouse.policy.pii.PatternRecognizer.ScoredPattern;

import java.util.List;

/**
 * The pattern-based recognizers, one per type, with the formats, validators and context words
 * that define them. Scores follow one scale: about 0.9 for a checksum-validated number, 0.5-0.7 for a
 * well-formed value whose format alone is suggestive, below the default threshold (0.4) for
 * formats that need context to mean anything.
 */
public final class StandardRecognizers {

    private StandardRecognizers() {
    }

    // Every repeated group below has an upper bound: Java's regex engine recurses once per repetition
    // of a group, so an unbounded one over hostile input ("a.a.a.a..." for a megabyte) overflows the stack.

    public static PatternRecognizer email() {
        return new PatternRecognizer("email", PiiType.EMAIL_ADDRESS, List.of(
                ScoredPattern.of("(?<![\\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}\\b", 0.9).near("@", 128, 256)),
                Validator.NONE, List.of("email", "e-mail", "mail"), 0.05, false);
    }

    public static PatternRecognizer creditCard() {
        return new PatternRecognizer("credit-card", PiiType.CREDIT_CARD, List.of(
                ScoredPattern.of("(?<![\\d-])(?:\\d[ -]?){11,18}\\d(?![\\d-])", 0.8).nearDigits(0, 2)),
                IdentifierCheck.LUHN, List.of("card", "credit", "visa", "mastercard", "amex", "debit", "cc", "charge"),
                0.15, false);
    }

    public static PatternRecognizer iban() {
        return new PatternRecognizer("iban", PiiType.IBAN_CODE, List.of(
                ScoredPattern.ofIgnoringCase("\\b([A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\\b", 0.85).nearDigits(4, 6)),
                IdentifierCheck.IBAN, List.of("iban", "bank", "account", "transfer", "wire"), 0.1, false);
    }

    public static PatternRecognizer usSsn() {
        return new PatternRecognizer("us-ssn", PiiType.US_SSN, List.of(
                ScoredPattern.of("(?<![\\d-])(\\d{3}-\\d{2}-\\d{4})(?![\\d-])", 0.6).nearDigits(0, 1),
                ScoredPattern.of("(?<![\\d-])(\\d{3} \\d{2} \\d{4})(?![\\d-])", 0.35).nearDigits(0, 1),
                ScoredPattern.of("(?<![\\d-])(\\d{9})(?![\\d-])", 0.1).nearDigits(0, 1)),
                IdentifierCheck.US_SSN, List.of("ssn", "social security", "social", "security number", "ss#", "ssa"),
                0.35, false);
    }

    public static PatternRecognizer usDriverLicense() {
        return new PatternRecognizer("us-driver-license", PiiType.US_DRIVER_LICENSE, List.of(
                ScoredPattern.ofIgnoringCase("\\b([A-Z]{1,2}\\d{4,14}[A-Z]?)\\b", 0.3).nearDigits(2, 1),
                ScoredPattern.of("(?<![\\w-])(\\d{7,13})(?![\\w-])", 0.3).nearDigits(0, 1)),
                Validator.NONE, List.of("driver", "driver's", "drivers", "license", "licence", "dl", "driving"),
                0.45, true);
    }

    public static PatternRecognizer usPassport() {
        return new PatternRecognizer("us-passport", PiiType.US_PASSPORT, List.of(
                ScoredPattern.of("\\b([A-Z]?\\d{8,9})\\b", 0.3).nearDigits(1, 1)),
                Validator.NONE, List.of("passport", "travel document"), 0.5, true);
    }

    public static PatternRecognizer ukNhs() {
        return new PatternRecognizer("uk-nhs", PiiType.UK_NHS, List.of(
                ScoredPattern.of("(?<![\\d-])(\\d{3}[ -]?\\d{3}[ -]?\\d{4})(?![\\d-])", 0.3).nearDigits(0, 1)),
                IdentifierCheck.UK_NHS, List.of("nhs", "national health", "health service", "patient"), 0.6, false);
    }

    public static PatternRecognizer ipAddress() {
        return new PatternRecognizer("ip-v4", PiiType.IP_ADDRESS, List.of(
                ScoredPattern.of("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.]|\\.\\d)", 0.75).nearDigits(0, 1)),
                IdentifierCheck.IPV4, List.of("ip", "address", "server", "host", "blocked"), 0.15, false);
    }

    public static PatternRecognizer ipV6Address() {
        return new PatternRecognizer("ip-v6", PiiType.IP_ADDRESS, List.of(
                ScoredPattern.of("(?<![\\w:.])((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\\d{1,3}(?:\\.\\d{1,3}){3})?)(?![\\w:.])", 0.75).near(":", 5, 5)),
                candidate -> candidate.length() > 4 && IdentifierCheck.IPV6.isValid(candidate),
                List.of("ip", "ipv6", "address", "server", "host"), 0.15, false);
    }

    public static PatternRecognizer url() {
        return new PatternRecognizer("url", PiiType.URL, List.of(
                ScoredPattern.ofIgnoringCase("\\b((?:https?|ftp)://[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]])", 0.7).nearLiterals(List.of("://"), 5, 2048)),
                Validator.NONE, List.of("url", "link", "site", "website", "visit"), 0.1, false);
    }

    public static PatternRecognizer domainName() {
        return new PatternRecognizer("domain", PiiType.DOMAIN_NAME, List.of(
                ScoredPattern.ofIgnoringCase("(?<![@\\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.){1,8}"
                        + "(?:com|org|net|edu|gov|mil|int|info|biz|io|co|uk|de|fr|nl|be|ch|at|it|es|se|no|dk|fi|pl|cz|hu|"
                        + "pt|ie|ru|jp|cn|in|au|nz|ca|us|br|mx|ar|za|tn|uy|si|sk|gr|ro|bg|hr|ee|lv|lt|is|lu|tr|il|ae|sg|hk|"
                        + "kr|tw|app|dev|ai|me|tv|xyz|online|site|shop|eu))(?![\\w@-]|\\.\\w)", 0.55).near(".", 64, 16)),
                Validator.NONE, List.of("domain", "site", "website", "www", "visit", "url"), 0.15, false);
    }

    /** Every month name starts with one of these, in one of the three usual casings. */
    private static final List<String> MONTHS = java.util.stream.Stream.of("jan", "feb", "mar", "apr", "may", "jun", "jul",
                    "aug", "sep", "oct", "nov", "dec")
            .flatMap(m -> java.util.stream.Stream.of(m, Character.toUpperCase(m.charAt(0)) + m.substring(1), m.toUpperCase(java.util.Locale.ROOT)))
            .toList();

    public static PatternRecognizer dateTime() {
        String month = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
        String time = "(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:\\s?[ap]\\.?m\\.?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?";
        return new PatternRecognizer("date-time", PiiType.DATE_TIME, List.of(
                ScoredPattern.of("\\b\\d{4}-\\d{2}-\\d{2}" + time + "(?!\\d)", 0.85).near("-", 4, 30),
                ScoredPattern.ofIgnoringCase("(?<![\\d/.-])\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})" + time + "(?![\\d/-]|\\.\\d)", 0.7).near("/-.", 2, 30),
                ScoredPattern.ofIgnoringCase("\\b" + month + "\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b", 0.8).nearLiterals(MONTHS, 0, 22),
                ScoredPattern.ofIgnoringCase("\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?" + month + "\\.?,? \\d{4}\\b", 0.8).nearLiterals(MONTHS, 10, 20),
                ScoredPattern.ofIgnoringCase("\\b(?:january|february|march|april|june|july|august|september|october|november|december) \\d{4}\\b", 0.6).nearLiterals(MONTHS, 0, 16),
                ScoredPattern.ofIgnoringCase("\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\\b", 0.6)
                        .nearLiterals(List.of("day", "DAY"), 6, 1),
                ScoredPattern.ofIgnoringCase("\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\s?(?:[ap]\\.?m\\.?)(?!\\w)", 0.6).near(":", 2, 14)),
                Validator.NONE, List.of("date", "born", "birth", "dob", "when", "since", "on", "at", "time"), 0.1, false);
    }

    public static PatternRecognizer age() {
        return new PatternRecognizer("age", PiiType.AGE, List.of(
                ScoredPattern.ofIgnoringCase("\\b(\\d{1,3})[- ]years?[- ]old\\b", 0.6).nearDigits(0, 11),
                ScoredPattern.ofIgnoringCase("\\b(?:aged?|age:)\\s*(\\d{1,3})\\b", 0.55).nearDigits(8, 1)),
                Validator.NONE, List.of("age", "old", "aged"), 0.1, false);
    }

    /** All pattern recognizers, in no particular order. */
    public static List<Recognizer> all() {
        return List.of(email(), creditCard(), iban(), usSsn(), usDriverLicense(), usPassport(), ukNhs(),
                ipAddress(), ipV6Address(), url(), domainName(), dateTime(), age());
    }
}
