package io.gatehouse.ingest.catalog;

/** The stages of one file in a job, in order; FAILED and DUPLICATE can end it at any point. */
public enum JobStatus {
    QUEUED, PARSING, EMBEDDING, INDEXED, DUPLICATE, FAILED;

    public boolean isFinal() {
        return this == INDEXED || this == DUPLICATE || this == FAILED;
    }
}
