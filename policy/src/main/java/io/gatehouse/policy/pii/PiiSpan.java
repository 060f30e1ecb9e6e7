package io.gatehouse.policy.pii;

import java.util.Objects;

/** A detected piece of personal data: character range [start, end) of the analysed text, type, confidence in [0, 1]. */
public record PiiSpan(int start, int end, PiiType type, double score) {

    public PiiSpan {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(PiiSpan other) {
        return start < other.end && other.start < end;
    }
}
