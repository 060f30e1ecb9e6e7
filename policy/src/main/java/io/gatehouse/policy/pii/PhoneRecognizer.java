package io.gatehouse.policy.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Telephone numbers. A permissive pattern finds digit groups shaped like a phone number (optional
 * {@code +} and country code, an area code in brackets, groups separated by spaces, dots or dashes, an
 * extension); libphonenumber then decides whether the digits are a possible number in one of the
 * regions tried (a number written without country code is read as each region's national format).
 * Numbers valid (not merely possible) somewhere, or with phone words nearby, score higher.
 */
public final class PhoneRecognizer implements Recognizer {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w+/.-])((?:\\+|00)?(?:\\d{1,4}[ .-]?)?(?:\\(\\d{1,5}\\)[ .-]?)?\\d{2,5}(?:[ .-]\\d{2,8}){0,4}"
                    + "(?:\\s?(?:x|ext\\.?|#)\\s?\\d{1,6})?)(?![\\w/]|-\\d|\\.\\d)",
            Pattern.CASE_INSENSITIVE);

    /** Candidates start at most two characters ("+(") before a digit and never go further than "ext. " between digits. */
    private static final ScanWindows WINDOWS = ScanWindows.digits(2, 5);

    private static final Pattern NOT_A_PHONE = Pattern.compile(
            "\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}.*|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{3}-\\d{2}-\\d{4}|\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,4}");

    private static final Pattern EXTENSION = Pattern.compile("\\s?(?:x|ext\\.?|#)\\s?\\d{1,6}$", Pattern.CASE_INSENSITIVE);

    private static final List<String> CONTEXT = List.of("phone", "call", "tel", "telephone", "mobile", "cell",
            "fax", "office", "contact", "number", "reach", "ring", "whatsapp", "sms", "text me");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> regions;

    /** @param regions ISO 3166 region codes used to read numbers written without a country code */
    public PhoneRecognizer(List<String> regions) {
        this.regions = List.copyOf(regions);
    }

    public PhoneRecognizer() {
        this(List.of("US", "GB", "DE", "FR", "AU", "IN"));
    }

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.PHONE_NUMBER);
    }

    @Override
    public List<PiiSpan> recognize(String text) {
        List<PiiSpan> out = new ArrayList<>();
        WINDOWS.forEachMatch(CANDIDATE, text, m -> {
            String raw = m.group(1);
            String digits = IdentifierCheck.digitsOnly(EXTENSION.matcher(raw).replaceFirst(""));
            if (digits.length() < 7 || digits.length() > 17) {
                return;
            }
            boolean separated = raw.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '(');
            boolean plus = raw.startsWith("+");
            boolean context = PatternRecognizer.hasContext(text, m.start(1), m.end(1), CONTEXT);
            if (!separated && !plus && !(context && digits.length() >= 10 && digits.length() <= 11)) {
                return; // a bare run of digits is an account or reference number far more often than a phone
            }
            if (NOT_A_PHONE.matcher(raw).matches()) {
                return; // dates, social security numbers, card numbers in groups of four
            }
            double best = possibleScore(raw.startsWith("00") ? "+" + raw.substring(2) : raw);
            if (best <= 0 && context && digits.length() >= 8 && digits.length() <= 13) {
                best = 0.3; // a number format none of the regions tried knows, but the text says it is a phone
            }
            if (best <= 0) {
                return;
            }
            out.add(new PiiSpan(m.start(1), m.end(1), PiiType.PHONE_NUMBER, Math.min(1.0, best + (context ? 0.2 : 0.0))));
        });
        return out;
    }

    private double possibleScore(String raw) {
        double best = 0;
        // With a country code the region does not matter: one parse decides.
        for (String region : raw.startsWith("+") ? regions.subList(0, 1) : regions) {
            try {
                PhoneNumber n = util.parse(raw, region);
                // The length check is cheap; validity runs the region's number patterns: only when worth it.
                if (util.isPossibleNumber(n)) {
                    if (util.isValidNumber(n)) {
                        return 0.6;
                    }
                    best = 0.45;
                }
            } catch (NumberParseException e) {
                // not a number in this region's format: try the next
            }
        }
        return best;
    }
}
