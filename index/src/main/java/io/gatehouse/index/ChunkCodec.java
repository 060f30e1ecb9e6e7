package io.gatehouse.index;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;

/**
 * Lucene's default codec with two changes for chunk search: the vector field's HNSW format comes from
 * {@link IndexOptions}, and stored fields are compressed in small blocks.
 *
 * <p>Every search returns the stored text of its k results, and the default stored fields format
 * compresses 80 KB blocks as a 4 KB preset dictionary plus ten sub-blocks of about 8 KB, so reading one
 * hit decompresses the dictionary and the sub-block that holds it: about 29 µs a hit for 1.2 KB chunks of English text,
 * more than the k-NN search itself at 100k chunks. Blocks of at most 2 KB or 4 chunks, LZ4 without a
 * dictionary, cost about 7 µs a hit; the stored text takes about 10% more space (docs/performance.md, "Index").
 *
 * <p>Segments record the codec's name, so readers find it through {@code META-INF/services}; an index
 * written by an earlier Gatehouse with Lucene's default codec still opens, and its segments take this
 * format as they are merged.
 */
public final class ChunkCodec extends FilterCodec {

    /** The name segments record; a reader without this class on its class path cannot open them. */
    public static final String NAME = "GatehouseChunks104";

    private static final StoredFieldsFormat STORED_FIELDS = new Lucene90CompressingStoredFieldsFormat(
            "GatehouseStoredFieldsSmallLZ4", CompressionMode.FAST, 2 * 1024, 4, 10);

    /** For reading, through Lucene's service loader: a segment's vector format is found by its own recorded name. */
    public ChunkCodec() {
        this(new Lucene104Codec());
    }

    /** For writing: the vector field uses {@code vectors}. */
    ChunkCodec(KnnVectorsFormat vectors) {
        this(new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectors;
            }
        });
    }

    private ChunkCodec(Codec delegate) {
        super(NAME, delegate);
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return STORED_FIELDS;
    }
}
