package io.gatehouse.index;

import io.gatehouse.policy.Principal;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chunk store behind retrieval. The embedded implementation is Lucene in a local directory;
 * the port is small so a server-side engine with the same analysers can replace it.
 */
public interface ChunkIndex extends Closeable {

    /**
     * Makes the document's chunks exactly {@code chunks}, atomically: searchers see all old chunks or all
     * new ones, never a mix, and the change is durable when this returns.
     */
    void replaceDocument(String documentId, List<ChunkRecord> chunks);

    /**
     * Bulk form of {@link #replaceDocument}: each document is replaced atomically, and all of them are
     * durable when this returns, for the cost of one commit. If it throws, any subset of the documents
     * may have been replaced, each of them whole.
     */
    default void replaceDocuments(Map<String, List<ChunkRecord>> chunksByDocument) {
        chunksByDocument.forEach(this::replaceDocument);
    }

    /** Erases every chunk and vector of the document, durably. */
    void deleteDocument(String documentId);

    List<RetrievedChunk> search(SearchRequest request);

    /**
     * One chunk by id, as the reader may see it: a chunk above the reader's clearance or outside their
     * groups is reported absent, exactly like one that does not exist, so the answer leaks nothing.
     */
    Optional<RetrievedChunk> chunk(String chunkId, Principal reader);

    /** Ids of every document with at least one chunk: for reconciling with the catalogue. */
    Set<String> documentIds();

    long chunkCount();

    /** Identity of the embedding model whose vectors this index holds. */
    String modelId();
}
