package io.gatehouse.ingest.chunk;

/**
 * A piece of a document sized for the embedder, with where it came from: page, the section heading
 * it falls under, and its character range [start, end) in that page's text.
 */
public record TextChunk(int ordinal, int page, String section, int start, int end, String text, int tokens) {
}
