package io.gatehouse.ingest.catalog;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A catalogue entry. {@code groupsCsv} holds the group names, comma-separated and sorted. */
@MappedEntity(value = "document", escape = false)
public record DocumentRow(@Id String id, String filename, String title, String mediaType, String contentHash,
                          long sizeBytes, String declaredTier, String tier, String groupsCsv, int pages,
                          int chunkCount, DocumentStatus status, String uploadedBy, Instant createdAt) {

    public DocumentRow withResult(DocumentStatus newStatus, String newTier, int newChunkCount) {
        return new DocumentRow(id, filename, title, mediaType, contentHash, sizeBytes, declaredTier, newTier, groupsCsv,
                pages, newChunkCount, newStatus, uploadedBy, createdAt);
    }
}
