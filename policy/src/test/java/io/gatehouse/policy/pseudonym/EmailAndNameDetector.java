package io.gatehouse.policy.pseudonym;

import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiSpan;
import io.gatehouse.policy.pii.PiiType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only stand-in for the real recognizers (another team's component, built in parallel): e-mail
 * addresses, and two capitalised words in a row as a PERSON. Enough to drive pseudonymization; says
 * nothing about detection quality.
 */
final class EmailAndNameDetector implements PiiDetector {

    private static final Pattern EMAIL = Pattern.compile("[a-z0-9._]+@[a-z0-9]+(?:\\.[a-z0-9]+)*\\.[a-z]{2,}");
    private static final Pattern NAME = Pattern.compile("\\b[A-Z][a-z]+ [A-Z][a-z]+\\b");

    @Override
    public List<PiiSpan> analyze(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        Matcher e = EMAIL.matcher(text);
        while (e.find()) {
            spans.add(new PiiSpan(e.start(), e.end(), PiiType.EMAIL_ADDRESS, 0.99));
        }
        Matcher n = NAME.matcher(text);
        while (n.find()) {
            PiiSpan s = new PiiSpan(n.start(), n.end(), PiiType.PERSON, 0.8);
            if (spans.stream().noneMatch(s::overlaps)) {
                spans.add(s);
            }
        }
        spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return spans;
    }
}
