package io.gatehouse.index;

/** Which retrievers a search uses. HYBRID fuses BM25 and k-NN by reciprocal rank; the others exist for evaluation. */
public enum SearchMode {
    BM25, VECTOR, HYBRID
}
