package io.gatehouse.ingest;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiSpan;
import io.gatehouse.policy.pii.PiiType;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Tags a chunk with the PII the detector finds and raises its tier to what that PII demands:
 * max(declared floor, minimum tier for the types found). Every span is counted and tagged (tags feed
 * the policy's context-PII conditions, where over-reporting is the safe error), but only spans at or
 * above {@code minScore} raise the tier: a capitalised place name guessed to be a person should not
 * lock a public handbook away from the staff it was written for. Validated identifiers (cards, IBANs,
 * SSNs) score well above any sensible threshold. The rule that maps types to a tier is given.
 */
public final class PiiChunkClassifier implements ChunkClassifier {

    private final PiiDetector detector;
    private final Function<Set<PiiType>, Tier> minimumTier;
    private final double minScore;

    public PiiChunkClassifier(PiiDetector detector, Function<Set<PiiType>, Tier> minimumTier, double minScore) {
        this.detector = detector;
        this.minimumTier = minimumTier;
        this.minScore = minScore;
    }

    @Override
    public Classification classify(String chunkText, Tier floor) {
        Map<String, Integer> counts = new TreeMap<>();
        Set<PiiType> types = EnumSet.noneOf(PiiType.class);
        for (PiiSpan span : detector.analyze(chunkText)) {
            counts.merge(span.type().name(), 1, Integer::sum);
            if (span.score() >= minScore) {
                types.add(span.type());
            }
        }
        Tier tier = types.isEmpty() ? floor : Tier.max(floor, minimumTier.apply(types));
        return new Classification(tier, counts);
    }
}
