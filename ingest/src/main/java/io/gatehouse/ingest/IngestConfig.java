package io.gatehouse.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Ingestion settings ({@code gatehouse.ingest.*}).
 *
 * @param workers        documents processed at once; embedding already uses every core, so 1 is right on small machines
 * @param chunkTokens    target chunk size in the embedder's tokens
 * @param overlapTokens  tokens of trailing sentences repeated at the start of the next chunk
 * @param maxFileBytes   the largest single file accepted
 */
@ConfigurationProperties("gatehouse.ingest")
public record IngestConfig(@Bindable(defaultValue = "1") int workers,
                           @Bindable(defaultValue = "256") int chunkTokens,
                           @Bindable(defaultValue = "32") int overlapTokens,
                           @Bindable(defaultValue = "52428800") long maxFileBytes) {
}
