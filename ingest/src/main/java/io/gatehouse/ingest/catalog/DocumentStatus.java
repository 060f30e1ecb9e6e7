package io.gatehouse.ingest.catalog;

/** Where a document stands: being processed, searchable, or failed (and not searchable at all). */
public enum DocumentStatus {
    PROCESSING, INDEXED, FAILED
}
