package io.gatehouse.index;

/** Lucene field names of the chunk schema. */
final class ChunkFields {
    static final String CHUNK_ID = "chunk_id";
    static final String DOC_ID = "doc_id";
    static final String TITLE = "title";
    static final String ORDINAL = "ordinal";
    static final String PAGE = "page";
    static final String SECTION = "section";
    static final String START = "start";
    static final String END = "end";
    static final String TEXT = "text";
    static final String VECTOR = "vector";
    static final String TIER = "tier";
    static final String TIER_STORED = "tier_stored";
    static final String GROUP = "group";
    static final String HAS_GROUPS = "has_groups";
    static final String PII = "pii";

    /** Commit user-data keys: what built the index. */
    static final String META_SCHEMA = "gatehouse.schema";
    static final String META_MODEL = "gatehouse.model";
    static final String META_DIMENSION = "gatehouse.dimension";
    static final String SCHEMA_VERSION = "1";

    private ChunkFields() {
    }
}
