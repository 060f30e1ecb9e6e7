package io.gatehouse.ingest;

import io.gatehouse.policy.Tier;

import java.util.Map;

/**
 * Decides a chunk's tier from the admin's declared floor and what the chunk contains (its PII).
 * The tier never drops below the floor.
 */
public interface ChunkClassifier {

    /** A chunk's tier and the PII types (with counts) that were found in it. */
    record Classification(Tier tier, Map<String, Integer> piiCounts) {
        public Classification {
            piiCounts = Map.copyOf(piiCounts);
        }
    }

    Classification classify(String chunkText, Tier floor);
}
