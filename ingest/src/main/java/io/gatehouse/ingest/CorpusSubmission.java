package io.gatehouse.ingest;

/** The answer to a corpus upload: the job, how many files it holds, how many were refused at once, how many skipped. */
public record CorpusSubmission(String jobId, int files, int refused, int skipped) {
}
