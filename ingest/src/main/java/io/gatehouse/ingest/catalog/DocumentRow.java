package io.gatehouse.ingest.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A catalogue entry. {@code groupsCsv} holds the group names, comma-separated and sorted;
 * {@code piiCounts} is a JSON object of PII type to spans found; {@code originalItem} names the job item whose stored bytes are this document's current original.
 */
@MappedEntity(value = "document", escape = false)
public record DocumentRow(@Id String id, @Nullable String externalId, String filename, String title, String author,
                          String mediaType, String contentHash, long sizeBytes, String declaredTier, String tier,
                          String groupsCsv, int pages, int chunkCount, String piiCounts, String originalItem,
                          String uploadedBy, Instant createdAt, Instant updatedAt) {

}
