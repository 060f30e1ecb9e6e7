package io.gatehouse.ingest;

import io.gatehouse.ingest.catalog.JobRow;

/** A job and its counts, without its files: what a list of jobs shows. */
public record JobSummary(JobRow job, JobCounts counts) {
}
