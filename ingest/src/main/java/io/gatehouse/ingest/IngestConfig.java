package io.gatehouse.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Ingestion settings ({@code gatehouse.ingest.*}).
 *
 * @param workers        documents processed at once; embedding already uses every core, so 1 is right on small machines;
 *                       more overlap parsing with embedding, and files for one document still keep their order
 * @param chunkTokens    target chunk size in the embedder's tokens
 * @param overlapTokens  tokens of trailing sentences repeated at the start of the next chunk
 * @param maxFileBytes   the largest single file accepted (also per ZIP entry, unpacked)
 * @param maxPages       PDFs with more pages are refused before any text is extracted
 * @param maxZipEntries  entries a corpus may hold
 * @param maxZipBytes    total unpacked bytes a corpus may hold
 * @param maxZipRatio    unpacked-to-packed ratio above which an entry is treated as a zip bomb
 */
@ConfigurationProperties("gatehouse.ingest")
public record IngestConfig(@Bindable(defaultValue = "1") int workers,
                           @Bindable(defaultValue = "256") int chunkTokens,
                           @Bindable(defaultValue = "32") int overlapTokens,
                           @Bindable(defaultValue = "52428800") long maxFileBytes,
                           @Bindable(defaultValue = "5000") int maxPages,
                           @Bindable(defaultValue = "10000") int maxZipEntries,
                           @Bindable(defaultValue = "2147483648") long maxZipBytes,
                           @Bindable(defaultValue = "200") int maxZipRatio) {

    public CorpusReader.Limits corpusLimits() {
        return new CorpusReader.Limits(maxZipEntries, maxFileBytes, maxZipBytes, maxZipRatio);
    }
}
