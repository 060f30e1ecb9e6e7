package io.gatehouse.index;

import io.gatehouse.policy.Tier;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Re-embeds an index with another model: every live chunk's stored text and metadata are read from
 * {@code source} and written, with new vectors, to a fresh index at {@code target} that records the new
 * model. The source is only read, so a failed run leaves it intact; swapping the folders is the caller's
 * step, done while the server is stopped.
 */
public final class IndexRebuild {

    private IndexRebuild() {
    }

    /**
     * @param embed    turns a batch of chunk texts into unit vectors of {@code dimension} components
     * @param progress called with the number of chunks done so far
     * @return the number of chunks written
     */
    public static long reembed(Path source, Path target, String modelId, int dimension,
                               Function<List<String>, List<float[]>> embed, IntConsumer progress) {
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists; re-embedding writes a fresh index");
        }
        Map<String, List<ChunkRecord>> byDocument = new LinkedHashMap<>();
        try (Directory dir = FSDirectory.open(source); DirectoryReader reader = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                StoredFields stored = leaf.reader().storedFields();
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    if (live != null && !live.get(d)) {
                        continue;
                    }
                    Document doc = stored.document(d);
                    ChunkRecord c = new ChunkRecord(doc.get(ChunkFields.CHUNK_ID), doc.get(ChunkFields.DOC_ID),
                            doc.get(ChunkFields.TITLE), intField(doc, ChunkFields.ORDINAL), intField(doc, ChunkFields.PAGE),
                            doc.get(ChunkFields.SECTION), intField(doc, ChunkFields.START), intField(doc, ChunkFields.END),
                            doc.get(ChunkFields.TEXT), new float[0], Tier.ofRank(intField(doc, ChunkFields.TIER_STORED)),
                            Set.of(doc.getValues(ChunkFields.GROUP)), Set.of(doc.getValues(ChunkFields.PII)));
                    byDocument.computeIfAbsent(c.documentId(), k -> new ArrayList<>()).add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index in " + source, e);
        }
        long written = 0;
        try (LuceneChunkIndex out = LuceneChunkIndex.open(target, modelId, dimension, RankFusion.DEFAULT)) {
            for (Map.Entry<String, List<ChunkRecord>> e : byDocument.entrySet()) {
                List<ChunkRecord> chunks = e.getValue();
                chunks.sort(Comparator.comparingInt(ChunkRecord::ordinal));
                List<float[]> vectors = embed.apply(chunks.stream().map(ChunkRecord::text).toList());
                List<ChunkRecord> rebuilt = new ArrayList<>(chunks.size());
                for (int i = 0; i < chunks.size(); i++) {
                    ChunkRecord c = chunks.get(i);
                    rebuilt.add(new ChunkRecord(c.chunkId(), c.documentId(), c.documentTitle(), c.ordinal(), c.page(),
                            c.section(), c.start(), c.end(), c.text(), vectors.get(i), c.tier(), c.groups(), c.piiTypes()));
                }
                out.replaceDocument(e.getKey(), rebuilt);
                written += rebuilt.size();
                progress.accept((int) written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the new index in " + target, e);
        }
        return written;
    }

    private static int intField(Document d, String name) {
        return d.getField(name).numericValue().intValue();
    }
}
