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
 * max(declared floor, minimum tier for the types found). The rule that maps types to a tier is given
 * (the routing policy's, combined with the built-in combination rules), so this class only counts.
 */
public final class PiiChunkClassifier implements ChunkClassifier {

    private final PiiDetector detector;
    private final Function<Set<PiiType>, Tier> minimumTier;

    public PiiChunkClassifier(PiiDetector detector, Function<Set<PiiType>, Tier> minimumTier) {
        this.detector = detector;
        this.minimumTier = minimumTier;
    }

    @Override
    public Classification classify(String chunkText, Tier floor) {
        Map<String, Integer> counts = new TreeMap<>();
        Set<PiiType> types = EnumSet.noneOf(PiiType.class);
        for (PiiSpan span : detector.analyze(chunkText)) {
            counts.merge(span.type().name(), 1, Integer::sum);
            types.add(span.type());
        }
        Tier tier = types.isEmpty() ? floor : Tier.max(floor, minimumTier.apply(types));
        return new Classification(tier, counts);
    }
}
