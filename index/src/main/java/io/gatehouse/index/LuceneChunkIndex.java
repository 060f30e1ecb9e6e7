package io.gatehouse.index;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Tier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;

/**
 * The embedded chunk index: one Lucene directory holding BM25 text and HNSW vectors (dot product on
 * unit vectors) side by side. Each document's chunks are written as one block with
 * {@link IndexWriter#updateDocuments}, which Lucene applies atomically, and committed before the call
 * returns; a {@link SearcherManager} makes the commit visible to searches.
 */
public final class LuceneChunkIndex implements ChunkIndex {

    /** Candidates the int8 graph search gathers per result before the full-precision re-rank. */
    private static final int INT8_OVERSAMPLE = 2;

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final String modelId;
    private final int dimension;
    private final RankFusion fusion;
    private final IndexOptions options;

    private LuceneChunkIndex(Directory directory, Analyzer analyzer, IndexWriter writer, String modelId, int dimension,
                             RankFusion fusion, IndexOptions options) throws IOException {
        this.directory = directory;
        this.analyzer = analyzer;
        this.writer = writer;
        this.modelId = modelId;
        this.dimension = dimension;
        this.fusion = fusion;
        this.options = options;
        this.searchers = new SearcherManager(writer, null);
    }

    /**
     * Opens (or creates) the index in {@code path} for vectors of {@code modelId} with {@code dimension}
     * components. An existing index built by another model is refused.
     */
    public static LuceneChunkIndex open(Path path, String modelId, int dimension, RankFusion fusion) {
        return open(path, modelId, dimension, fusion, IndexOptions.DEFAULT);
    }

    /** As {@link #open(Path, String, int, RankFusion)}, with graph, storage and search-depth settings. */
    public static LuceneChunkIndex open(Path path, String modelId, int dimension, RankFusion fusion, IndexOptions options) {
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(options, "options");
        Directory dir = null;
        try {
            Files.createDirectories(path);
            dir = FSDirectory.open(path);
            if (DirectoryReader.indexExists(dir)) {
                Map<String, String> meta = SegmentInfos.readLatestCommit(dir).getUserData();
                String built = meta.get(ChunkFields.META_MODEL);
                if (built != null && !built.equals(modelId)) {
                    throw new IndexModelMismatchException("the index in " + path + " was built with embedding model "
                            + built + " but the configured model is " + modelId + "; its vectors are not comparable. "
                            + "Re-embed it from the stored chunk text with the server stopped: ./gatehouse reembed --model <name> "
                            + "(then set gatehouse.embedding.model to it), or move the index folder away and upload the corpus again.");
                }
                String builtDimension = meta.get(ChunkFields.META_DIMENSION);
                if (builtDimension != null && !builtDimension.equals(Integer.toString(dimension))) {
                    throw new IndexModelMismatchException("the index in " + path + " holds " + builtDimension
                            + "-dimensional vectors but the configured model makes " + dimension + "-dimensional ones");
                }
            }
            Analyzer analyzer = new EnglishAnalyzer();
            IndexWriterConfig cfg = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(true)
                    .setCodec(codec(options));
            IndexWriter writer = new IndexWriter(dir, cfg);
            writer.setLiveCommitData(Map.of(
                    ChunkFields.META_SCHEMA, ChunkFields.SCHEMA_VERSION,
                    ChunkFields.META_MODEL, modelId,
                    ChunkFields.META_DIMENSION, Integer.toString(dimension)).entrySet());
            writer.commit();
            return new LuceneChunkIndex(dir, analyzer, writer, modelId, dimension, fusion, options);
        } catch (IOException e) {
            closeQuietly(dir);
            throw new IndexException("cannot open the chunk index in " + path, e);
        } catch (RuntimeException e) {
            closeQuietly(dir);
            throw e;
        }
    }

    private static Codec codec(IndexOptions options) {
        return new ChunkCodec(switch (options.vectorStorage()) {
            case FLOAT32 -> new Lucene99HnswVectorsFormat(options.hnswMaxConnections(), options.hnswBeamWidth());
            case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE,
                    options.hnswMaxConnections(), options.hnswBeamWidth());
        });
    }

    @Override
    public void replaceDocument(String documentId, List<ChunkRecord> chunks) {
        replaceDocuments(Map.of(documentId, chunks));
    }

    @Override
    public void replaceDocuments(Map<String, List<ChunkRecord>> chunksByDocument) {
        // Validate everything before writing anything, so bad input never leaves half a batch behind.
        Map<String, List<Document>> docsById = new LinkedHashMap<>();
        chunksByDocument.forEach((id, chunks) -> docsById.put(id, toDocuments(id, chunks)));
        String current = null;
        try {
            for (Map.Entry<String, List<Document>> e : docsById.entrySet()) {
                current = e.getKey();
                // One block per document: Lucene applies the delete and the adds atomically.
                writer.updateDocuments(new Term(ChunkFields.DOC_ID, current), e.getValue());
            }
            current = null;
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new IndexException(current == null ? "cannot commit " + docsById.size() + " documents"
                    : "cannot index document " + current, e);
        }
    }

    private List<Document> toDocuments(String documentId, List<ChunkRecord> chunks) {
        List<Document> docs = new ArrayList<>(chunks.size());
        for (ChunkRecord c : chunks) {
            if (!c.documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + c.chunkId() + " belongs to another document");
            }
            if (c.vector().length != dimension) {
                throw new IllegalArgumentException("chunk vector has " + c.vector().length + " dimensions, index has " + dimension);
            }
            docs.add(toDocument(c));
        }
        return docs;
    }

    /**
     * Merges the index into a single segment, durably. For after a bulk load: each query then walks one
     * HNSW graph instead of one per segment. It rewrites the whole index (the graphs are merged), so it
     * costs about as much CPU as the load did; searches keep working meanwhile.
     */
    public void compact() {
        try {
            writer.forceMerge(1);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new IndexException("cannot merge the index", e);
        }
    }

    @Override
    public void deleteDocument(String documentId) {
        try {
            writer.deleteDocuments(new Term(ChunkFields.DOC_ID, documentId));
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new IndexException("cannot delete document " + documentId, e);
        }
    }

    @Override
    public List<RetrievedChunk> search(SearchRequest req) {
        Query clearance = ClearanceFilter.of(req.asker());
        // BM25 alone is exact, so it needs no more than k; k-NN needs the depth as its search width, and
        // fusion needs depth from both lists so a chunk ranked moderately by each can surface.
        int candidates = Math.max(req.k(), options.candidateDepth());
        IndexSearcher searcher = null;
        try {
            searcher = searchers.acquire();
            Map<String, ScoredDoc> byChunk = new HashMap<>();
            List<String> bm25 = List.of();
            List<String> vector = List.of();
            if (req.mode() != SearchMode.VECTOR) {
                int n = req.mode() == SearchMode.BM25 ? req.k() : candidates;
                bm25 = run(searcher, bm25Query(req.queryText(), clearance), n, byChunk);
            }
            if (req.mode() != SearchMode.BM25) {
                vector = run(searcher, knnQuery(req.queryVector(), candidates, clearance), candidates, byChunk);
            }
            List<Map.Entry<String, Double>> ranked = switch (req.mode()) {
                case BM25 -> scoredAsIs(bm25, byChunk);
                case VECTOR -> scoredAsIs(vector, byChunk);
                case HYBRID -> fusion.fuse(bm25, vector);
            };
            StoredFields stored = searcher.storedFields();
            List<RetrievedChunk> out = new ArrayList<>(Math.min(req.k(), ranked.size()));
            for (Map.Entry<String, Double> e : ranked) {
                if (out.size() == req.k()) {
                    break;
                }
                out.add(toRetrieved(stored.document(byChunk.get(e.getKey()).doc), e.getValue(), out.size() + 1));
            }
            return out;
        } catch (IOException e) {
            throw new IndexException("search failed", e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public Optional<RetrievedChunk> chunk(String chunkId, Principal reader) {
        Query q = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(ChunkFields.CHUNK_ID, chunkId)), Occur.MUST)
                .add(ClearanceFilter.of(reader), Occur.FILTER)
                .build();
        IndexSearcher searcher = null;
        try {
            searcher = searchers.acquire();
            TopDocs top = searcher.search(q, 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(toRetrieved(searcher.storedFields().document(top.scoreDocs[0].doc), 0, 1));
        } catch (IOException e) {
            throw new IndexException("chunk lookup failed", e);
        } finally {
            release(searcher);
        }
    }

    private Query knnQuery(float[] target, int candidates, Query clearance) {
        if (options.vectorStorage() == IndexOptions.VectorStorage.FLOAT32) {
            return new KnnFloatVectorQuery(ChunkFields.VECTOR, target, candidates, clearance);
        }
        // Quantised scores order the graph walk; the float vectors settle the final order.
        Query approximate = new KnnFloatVectorQuery(ChunkFields.VECTOR, target, candidates * INT8_OVERSAMPLE, clearance);
        return RescoreTopNQuery.createFullPrecisionRescorerQuery(approximate, target, ChunkFields.VECTOR, candidates);
    }

    private Query bm25Query(String text, Query clearance) {
        Query terms = new QueryBuilder(analyzer).createBooleanQuery(ChunkFields.TEXT, text, Occur.SHOULD);
        if (terms == null) {
            // Nothing left after analysis (only stop words or punctuation): BM25 has nothing to say.
            return new BooleanQuery.Builder().build();
        }
        return new BooleanQuery.Builder().add(terms, Occur.MUST).add(clearance, Occur.FILTER).build();
    }

    private static List<String> run(IndexSearcher searcher, Query q, int n, Map<String, ScoredDoc> byChunk) throws IOException {
        TopDocs top = searcher.search(q, n);
        List<String> ids = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc sd : top.scoreDocs) {
            // Keyed by Lucene's doc number, stable within this searcher: stored fields are read only for
            // the k results that survive fusion, not for every candidate.
            String id = Integer.toString(sd.doc);
            ids.add(id);
            byChunk.putIfAbsent(id, new ScoredDoc(sd.doc, sd.score));
        }
        return ids;
    }

    private static List<Map.Entry<String, Double>> scoredAsIs(List<String> ids, Map<String, ScoredDoc> byChunk) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.put(id, (double) byChunk.get(id).score);
        }
        return new ArrayList<>(m.entrySet());
    }

    @Override
    public Set<String> documentIds() {
        IndexSearcher searcher = null;
        try {
            searcher = searchers.acquire();
            Set<String> ids = new HashSet<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Terms terms = leaf.reader().terms(ChunkFields.DOC_ID);
                if (terms == null) {
                    continue;
                }
                TermsEnum te = terms.iterator();
                for (BytesRef t = te.next(); t != null; t = te.next()) {
                    // A term may survive in a segment whose documents are all deleted; count only live ones.
                    if (searcher.count(new org.apache.lucene.search.TermQuery(new Term(ChunkFields.DOC_ID, BytesRef.deepCopyOf(t)))) > 0) {
                        ids.add(t.utf8ToString());
                    }
                }
            }
            return ids;
        } catch (IOException e) {
            throw new IndexException("cannot list documents", e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public long chunkCount() {
        IndexSearcher searcher = null;
        try {
            searcher = searchers.acquire();
            return searcher.getIndexReader().numDocs();
        } catch (IOException e) {
            throw new IndexException("cannot count chunks", e);
        } finally {
            release(searcher);
        }
    }

    public IndexOptions options() {
        return options;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public void close() throws IOException {
        try (directory; writer; searchers) {
            // try-with-resources closes searchers, then the writer (which commits), then the directory
        }
    }

    private static Document toDocument(ChunkRecord c) {
        Document d = new Document();
        d.add(new StringField(ChunkFields.CHUNK_ID, c.chunkId(), Field.Store.YES));
        d.add(new StringField(ChunkFields.DOC_ID, c.documentId(), Field.Store.YES));
        d.add(new StoredField(ChunkFields.TITLE, c.documentTitle()));
        d.add(new StoredField(ChunkFields.ORDINAL, c.ordinal()));
        d.add(new StoredField(ChunkFields.PAGE, c.page()));
        d.add(new StoredField(ChunkFields.SECTION, c.section()));
        d.add(new StoredField(ChunkFields.START, c.start()));
        d.add(new StoredField(ChunkFields.END, c.end()));
        d.add(new TextField(ChunkFields.TEXT, c.text(), Field.Store.YES));
        d.add(new KnnFloatVectorField(ChunkFields.VECTOR, c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        d.add(new IntPoint(ChunkFields.TIER, c.tier().rank()));
        d.add(new StoredField(ChunkFields.TIER_STORED, c.tier().rank()));
        d.add(new StringField(ChunkFields.HAS_GROUPS, Boolean.toString(!c.groups().isEmpty()), Field.Store.NO));
        for (String g : c.groups()) {
            d.add(new StringField(ChunkFields.GROUP, g, Field.Store.YES));
        }
        for (String p : c.piiTypes()) {
            d.add(new StringField(ChunkFields.PII, p, Field.Store.YES));
        }
        return d;
    }

    private static RetrievedChunk toRetrieved(Document d, double score, int rank) {
        return new RetrievedChunk(d.get(ChunkFields.CHUNK_ID), d.get(ChunkFields.DOC_ID), d.get(ChunkFields.TITLE),
                d.getField(ChunkFields.ORDINAL).numericValue().intValue(),
                d.getField(ChunkFields.PAGE).numericValue().intValue(), d.get(ChunkFields.SECTION),
                d.get(ChunkFields.TEXT), Tier.ofRank(d.getField(ChunkFields.TIER_STORED).numericValue().intValue()),
                Set.of(d.getValues(ChunkFields.GROUP)), Set.of(d.getValues(ChunkFields.PII)), score, rank);
    }

    private void release(IndexSearcher searcher) {
        if (searcher != null) {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                throw new IndexException("cannot release searcher", e);
            }
        }
    }

    private static void closeQuietly(Directory dir) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException ignored) {
                // already failing; the original exception says why
            }
        }
    }

    private record ScoredDoc(int doc, float score) {
    }
}
