package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns overlapping candidates into a sorted, non-overlapping list: the highest score wins; among
 * equal scores the longer span (it carries more of the entity), then the earlier one. Candidates
 * below the threshold are dropped first, so a weak guess never blocks a strong neighbour.
 */
public final class OverlapResolver {

    private static final Comparator<PiiSpan> PRIORITY = Comparator
            .comparingDouble(PiiSpan::score).reversed()
            .thenComparing(Comparator.comparingInt(PiiSpan::length).reversed())
            .thenComparingInt(PiiSpan::start)
            .thenComparing(PiiSpan::type);

    private final double threshold;

    public OverlapResolver(double threshold) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    public List<PiiSpan> resolve(List<PiiSpan> candidates) {
        List<PiiSpan> ordered = new ArrayList<>(candidates.size());
        for (PiiSpan s : candidates) {
            if (s.score() >= threshold && s.length() > 0) {
                ordered.add(s);
            }
        }
        ordered.sort(PRIORITY);
        // Accepted spans keyed by start: overlap checks look only at the neighbours.
        TreeMap<Integer, PiiSpan> accepted = new TreeMap<>();
        for (PiiSpan s : ordered) {
            var lower = accepted.floorEntry(s.end() - 1);
            if (lower != null && lower.getValue().overlaps(s)) {
                continue;
            }
            accepted.put(s.start(), s);
        }
        return List.copyOf(accepted.values());
    }
}
