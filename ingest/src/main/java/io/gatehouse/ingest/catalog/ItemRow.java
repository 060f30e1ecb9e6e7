package io.gatehouse.ingest.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One file of a job. {@code error} says why it failed; {@code documentId} is set once the file has a document. */
@MappedEntity(value = "ingest_item", escape = false)
public record ItemRow(@Id String id, String jobId, int seq, String filename, @Nullable String externalId,
                      String declaredTier, String groupsCsv, @Nullable String documentId, JobStatus status,
                      @Nullable String error, Instant updatedAt) {

    public ItemRow with(JobStatus newStatus, @Nullable String newDocumentId, @Nullable String newError, Instant now) {
        return new ItemRow(id, jobId, seq, filename, externalId, declaredTier, groupsCsv, newDocumentId, newStatus, newError, now);
    }
}
