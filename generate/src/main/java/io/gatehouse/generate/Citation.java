package io.gatehouse.generate;

import io.gatehouse.policy.Tier;

/** Where a cited passage comes from: document, page and chunk, and the tier it carries. */
public record Citation(int number, String documentId, String documentTitle, int page, String section, String chunkId,
                       int chunkOrdinal, Tier tier) {
}
