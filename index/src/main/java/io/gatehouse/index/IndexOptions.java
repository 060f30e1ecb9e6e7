package io.gatehouse.index;

import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

import java.util.Objects;

/**
 * How the chunk index stores and searches vectors. Storage and graph settings apply to segments
 * written from now on (Lucene records the format per segment, so an index written with other settings
 * still opens and merges rewrite it); the candidate depth applies to every search.
 *
 * @param hnswMaxConnections HNSW neighbours per node (Lucene's M); more raises recall and memory
 * @param hnswBeamWidth      candidates considered while inserting a node; more raises graph quality and build time
 * @param vectorStorage      full floats, or int8 scalar quantisation with a full-precision re-rank of the candidates
 * @param candidateDepth     how many candidates k-NN (and, in hybrid mode, BM25) gathers at least before the top k
 *                           are taken: HNSW's search width, and the depth fusion sees
 */
public record IndexOptions(int hnswMaxConnections, int hnswBeamWidth, VectorStorage vectorStorage, int candidateDepth) {

    /** Lucene's graph defaults (M 16, beam 100), float vectors, 100 candidates per retriever. */
    public static final IndexOptions DEFAULT = new IndexOptions(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN,
            Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH, VectorStorage.FLOAT32, 100);

    public IndexOptions {
        Objects.requireNonNull(vectorStorage, "vectorStorage");
        if (hnswMaxConnections < 2 || hnswMaxConnections > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
            throw new IllegalArgumentException("hnswMaxConnections must be in [2, " + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN
                    + "], got " + hnswMaxConnections);
        }
        if (hnswBeamWidth < 1 || hnswBeamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
            throw new IllegalArgumentException("hnswBeamWidth must be in [1, " + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH
                    + "], got " + hnswBeamWidth);
        }
        if (candidateDepth < 1) {
            throw new IllegalArgumentException("candidateDepth must be >= 1, got " + candidateDepth);
        }
    }

    public IndexOptions withVectorStorage(VectorStorage storage) {
        return new IndexOptions(hnswMaxConnections, hnswBeamWidth, storage, candidateDepth);
    }

    public IndexOptions withCandidateDepth(int depth) {
        return new IndexOptions(hnswMaxConnections, hnswBeamWidth, vectorStorage, depth);
    }

    /** How vector components are kept on disk and in the page cache for graph search. */
    public enum VectorStorage {
        /** 4 bytes per component: exact scores. */
        FLOAT32,
        /**
         * 1 byte per component (Lucene's optimised scalar quantisation) for graph traversal, with the
         * float vectors kept beside them to re-rank the candidates: a quarter of the memory the graph
         * search touches, at the price of a larger index on disk.
         */
        INT8
    }
}
