package io.gatehouse.ingest;

import io.gatehouse.embed.Embedder;
import io.gatehouse.embed.Embedding;
import io.gatehouse.index.ChunkIndex;
import io.gatehouse.index.ChunkRecord;
import io.gatehouse.ingest.catalog.DocumentRepository;
import io.gatehouse.ingest.catalog.DocumentRow;
import io.gatehouse.ingest.catalog.DocumentStatus;
import io.gatehouse.ingest.catalog.JobRepository;
import io.gatehouse.ingest.catalog.JobRow;
import io.gatehouse.ingest.catalog.JobStatus;
import io.gatehouse.ingest.chunk.Chunker;
import io.gatehouse.ingest.chunk.TextChunk;
import io.gatehouse.ingest.parse.DocumentParser;
import io.gatehouse.ingest.parse.ParsedDocument;
import io.gatehouse.ingest.parse.RejectedDocumentException;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditTrail;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The write path: validate and parse an upload at once (so a bad file gets a 4xx, not a failed job),
 * then chunk, embed and index it in the background. A document becomes searchable whole, when its
 * chunks are committed to the index, or not at all. Logs carry ids and counts, never names or text.
 */
@Singleton
public class IngestionService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionService.class);

    private final DocumentParser parser;
    private final Chunker chunker;
    private final Embedder embedder;
    private final ChunkIndex index;
    private final DocumentRepository documents;
    private final JobRepository jobs;
    private final AuditTrail audit;
    private final OriginalStore originals;
    private final IngestConfig config;
    private final Clock clock;
    private final ExecutorService workers;

    public IngestionService(DocumentParser parser, Embedder embedder, ChunkIndex index, DocumentRepository documents,
                            JobRepository jobs, AuditTrail audit, OriginalStore originals, IngestConfig config, Clock clock) {
        this.parser = parser;
        this.chunker = new Chunker(config.chunkTokens(), config.overlapTokens(), embedder::countTokens);
        this.embedder = embedder;
        this.index = index;
        this.documents = documents;
        this.jobs = jobs;
        this.audit = audit;
        this.originals = originals;
        this.config = config;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "gatehouse-ingest");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Accepts a file: rejects it with {@link RejectedDocumentException} (and an audit record) when it
     * cannot be ingested, returns the existing document for bytes already indexed, otherwise queues a job.
     */
    public Submission submit(Upload upload) {
        ParsedDocument parsed;
        try {
            if (upload.bytes().length > config.maxFileBytes()) {
                throw new RejectedDocumentException(RejectedDocumentException.Reason.TOO_LARGE,
                        "the file is " + upload.bytes().length + " bytes; the limit is " + config.maxFileBytes());
            }
            parsed = parser.parse(upload.bytes(), upload.filename());
        } catch (RejectedDocumentException e) {
            audit.append(new AuditEvent(upload.actor(), AuditAction.UPLOAD, null, "REJECTED", null, upload.declaredTier(),
                    Map.of("filename", upload.filename(), "reason", e.reason().name(), "bytes", upload.bytes().length)));
            throw e;
        }
        String hash = sha256(upload.bytes());
        Optional<DocumentRow> existing = documents.findByContentHash(hash).stream()
                .filter(d -> d.status() != DocumentStatus.FAILED)
                .findFirst();
        if (existing.isPresent()) {
            audit.append(new AuditEvent(upload.actor(), AuditAction.UPLOAD, existing.get().id(), "DUPLICATE", null,
                    upload.declaredTier(), Map.of("filename", upload.filename(), "documentId", existing.get().id())));
            return new Submission(existing.get().id(), null, true);
        }
        Instant now = clock.instant();
        String documentId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        originals.put(documentId, upload.bytes());
        DocumentRow doc = new DocumentRow(documentId, upload.filename(), parsed.title(), parsed.type().mediaType(), hash,
                upload.bytes().length, upload.declaredTier().name(), upload.declaredTier().name(),
                String.join(",", new TreeSet<>(upload.groups())), parsed.pages().size(), 0, DocumentStatus.PROCESSING,
                upload.actor(), now);
        documents.save(doc);
        JobRow job = jobs.save(new JobRow(jobId, documentId, upload.filename(), JobStatus.QUEUED, null, upload.actor(), now, now));
        workers.execute(() -> process(job, doc, parsed, upload.groups()));
        return new Submission(documentId, jobId, false);
    }

    public Optional<JobRow> job(String jobId) {
        return jobs.findById(jobId);
    }

    public Optional<DocumentRow> document(String documentId) {
        return documents.findById(documentId);
    }

    public List<DocumentRow> documents() {
        return documents.listOrderByCreatedAtDesc();
    }

    /** Erases a document: its chunks and vectors, its original file and its catalogue row. */
    public boolean delete(String documentId, String actor) {
        Optional<DocumentRow> doc = documents.findById(documentId);
        if (doc.isEmpty()) {
            return false;
        }
        index.deleteDocument(documentId);
        originals.delete(documentId);
        documents.deleteById(documentId);
        audit.append(new AuditEvent(actor, AuditAction.DELETE, documentId, "OK", null, Tier.parse(doc.get().tier()),
                Map.of("documentId", documentId)));
        LOG.info("document {} erased", documentId);
        return true;
    }

    private void process(JobRow job, DocumentRow doc, ParsedDocument parsed, Set<String> groups) {
        long started = System.nanoTime();
        JobRow current = job;
        try {
            current = jobs.update(current.with(JobStatus.PARSING, null, clock.instant()));
            List<TextChunk> chunks = chunker.chunk(parsed);
            current = jobs.update(current.with(JobStatus.EMBEDDING, null, clock.instant()));
            List<Embedding> vectors = embedder.embedDocuments(chunks.stream().map(TextChunk::text).toList());
            Tier floor = Tier.parse(doc.declaredTier());
            List<ChunkRecord> records = new ArrayList<>(chunks.size());
            Tier effective = floor;
            for (int i = 0; i < chunks.size(); i++) {
                TextChunk c = chunks.get(i);
                Tier chunkTier = floor;
                effective = Tier.max(effective, chunkTier);
                records.add(new ChunkRecord(doc.id() + ":" + c.ordinal(), doc.id(), doc.title(), c.ordinal(), c.page(),
                        c.section(), c.start(), c.end(), c.text(), vectors.get(i).vector(), chunkTier, groups, Set.of()));
            }
            index.replaceDocument(doc.id(), records);
            documents.update(doc.withResult(DocumentStatus.INDEXED, effective.name(), records.size()));
            jobs.update(current.with(JobStatus.INDEXED, null, clock.instant()));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("filename", doc.filename());
            detail.put("documentId", doc.id());
            detail.put("jobId", job.id());
            detail.put("chunks", records.size());
            detail.put("pages", doc.pages());
            detail.put("groups", List.copyOf(new TreeSet<>(groups)));
            audit.append(new AuditEvent(doc.uploadedBy(), AuditAction.UPLOAD, doc.id(), "OK", null, effective, detail));
            LOG.info("job {} indexed document {}: {} chunks in {} ms", job.id(), doc.id(), records.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (RuntimeException e) {
            fail(current, doc, e);
        }
    }

    private void fail(JobRow job, DocumentRow doc, RuntimeException cause) {
        LOG.warn("job {} for document {} failed: {}", job.id(), doc.id(), cause.getClass().getSimpleName());
        try {
            index.deleteDocument(doc.id());
            documents.update(doc.withResult(DocumentStatus.FAILED, doc.tier(), 0));
            jobs.update(job.with(JobStatus.FAILED, "processing failed: " + cause.getClass().getSimpleName(), clock.instant()));
            audit.append(new AuditEvent(doc.uploadedBy(), AuditAction.UPLOAD, doc.id(), "FAILED", null,
                    Tier.parse(doc.declaredTier()), Map.of("documentId", doc.id(), "jobId", job.id(),
                    "error", cause.getClass().getSimpleName())));
        } catch (RuntimeException again) {
            LOG.error("job {} could not record its failure: {}", job.id(), again.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
