package io.gatehouse.index;

import io.gatehouse.policy.Tier;

import java.util.Set;

/** A chunk returned by a search, with its fused score and 1-based rank. */
public record RetrievedChunk(String chunkId, String documentId, String documentTitle, int ordinal, int page,
                             String section, String text, Tier tier, Set<String> groups, Set<String> piiTypes,
                             double score, int rank) {
}
