package io.gatehouse.generate;

import io.gatehouse.index.RetrievedChunk;

/** A retrieved chunk as supplied to a destination, numbered from 1 so answers can cite it as [n]. */
public record ContextPassage(int number, RetrievedChunk chunk) {
}
