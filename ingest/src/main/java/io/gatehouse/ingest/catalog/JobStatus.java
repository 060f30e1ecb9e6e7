package io.gatehouse.ingest.catalog;

/** The stages of an ingestion job, in order; FAILED can follow any of them. */
public enum JobStatus {
    QUEUED, PARSING, EMBEDDING, INDEXED, FAILED;

    public boolean isFinal() {
        return this == INDEXED || this == FAILED;
    }
}
