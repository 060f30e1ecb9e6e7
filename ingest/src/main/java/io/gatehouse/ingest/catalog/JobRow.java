package io.gatehouse.ingest.catalog;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** An ingestion job: one uploaded file on its way into the index. {@code error} says why it failed. */
@MappedEntity(value = "ingest_job", escape = false)
public record JobRow(@Id String id, String documentId, String filename, JobStatus status, String error,
                     String submittedBy, Instant createdAt, Instant updatedAt) {

    public JobRow with(JobStatus newStatus, String newError, Instant now) {
        return new JobRow(id, documentId, filename, newStatus, newError, submittedBy, createdAt, now);
    }
}
