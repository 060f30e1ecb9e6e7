package io.gatehouse.index;

import io.gatehouse.policy.Principal;

import java.util.Objects;

/**
 * A search on behalf of a principal: the clearance filter is derived from {@code asker} and applied
 * inside every Lucene query, so results above the asker's clearance never leave the index.
 */
public record SearchRequest(Principal asker, String queryText, float[] queryVector, int k, SearchMode mode) {

    public SearchRequest {
        Objects.requireNonNull(asker, "asker");
        Objects.requireNonNull(mode, "mode");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1");
        }
        if (mode != SearchMode.VECTOR && queryText == null) {
            throw new IllegalArgumentException(mode + " search needs query text");
        }
        if (mode != SearchMode.BM25 && queryVector == null) {
            throw new IllegalArgumentException(mode + " search needs a query vector");
        }
    }
}
