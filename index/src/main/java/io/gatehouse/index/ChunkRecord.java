package io.gatehouse.index;

import io.gatehouse.policy.Tier;

import java.util.Objects;
import java.util.Set;

/**
 * One chunk as it is indexed: text for BM25, a unit vector for k-NN, and the metadata that the
 * clearance filter and citations need.
 *
 * @param ordinal position of the chunk within its document, from 0
 * @param page    1-based page the chunk starts on (1 for formats without pages)
 * @param start   character offset of the chunk in its page's text
 * @param end     character offset one past the chunk's end
 */
public record ChunkRecord(String chunkId, String documentId, String documentTitle, int ordinal, int page,
                          String section, int start, int end, String text, float[] vector, Tier tier,
                          Set<String> groups, Set<String> piiTypes) {

    public ChunkRecord {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(tier, "tier");
        documentTitle = documentTitle == null ? "" : documentTitle;
        section = section == null ? "" : section;
        groups = Set.copyOf(groups);
        piiTypes = Set.copyOf(piiTypes);
    }
}
