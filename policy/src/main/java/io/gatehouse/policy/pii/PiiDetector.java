package io.gatehouse.policy.pii;

import java.util.List;

/**
 * Finds personal data in text. Implementations are thread-safe and never log the text they see.
 * Spans come back sorted by start offset and do not overlap.
 */
public interface PiiDetector {

    List<PiiSpan> analyze(String text);
}
