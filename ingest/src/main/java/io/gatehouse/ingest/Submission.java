package io.gatehouse.ingest;

/**
 * The answer to an upload: the document's id and the job that indexes it. For bytes already in
 * the catalogue, {@code duplicate} is true, the id is the existing document's and no job runs.
 */
public record Submission(String documentId, String jobId, boolean duplicate) {
}
