package io.gatehouse.ingest.catalog;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** An upload request: one file ({@code DOCUMENT}) or a ZIP corpus ({@code CORPUS}); {@code skipped} counts entries ignored by design (folders, OS metadata). */
@MappedEntity(value = "ingest_job", escape = false)
public record JobRow(@Id String id, String kind, int total, int skipped, String submittedBy, Instant createdAt) {
}
