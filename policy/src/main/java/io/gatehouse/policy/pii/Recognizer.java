package io.gatehouse.policy.pii;

import java.util.List;
import java.util.Set;

/**
 * One source of PII candidates. A recognizer reports every candidate it believes in, with a score;
 * overlaps between recognizers (and within one) are settled later by {@link OverlapResolver}.
 * Implementations are thread-safe and never log the text.
 */
public interface Recognizer {

    /** A short stable name, shown in diagnostics and documentation. */
    String name();

    /** The types this recognizer can emit. */
    Set<PiiType> types();

    /** Candidates in {@code text}, in any order, possibly overlapping. */
    List<PiiSpan> recognize(String text);
}
