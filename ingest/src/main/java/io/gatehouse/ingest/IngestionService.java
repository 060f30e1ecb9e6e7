package io.gatehouse.ingest;

import io.gatehouse.embed.Embedder;
import io.gatehouse.embed.Embedding;
import io.gatehouse.index.ChunkIndex;
import io.gatehouse.index.ChunkRecord;
import io.gatehouse.ingest.catalog.DocumentRepository;
import io.gatehouse.ingest.catalog.DocumentRow;
import io.gatehouse.ingest.catalog.ItemRepository;
import io.gatehouse.ingest.catalog.ItemRow;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The write path. A single upload is parsed at once, so a bad file gets a 4xx rather than a failed job;
 * a corpus is unpacked at once and each entry parsed in the background with its own outcome. Every file
 * is a job item whose original bytes are stored before the request returns, so a restart resumes queued
 * work ({@link #resume()}). A document becomes searchable whole, when its chunks are committed to the
 * index, and only then enters the catalogue; replacing it under the same external id is one atomic index
 * update. Logs carry ids and counts, never names or text.
 */
@Singleton
public class IngestionService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestionService.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Set<JobStatus> UNFINISHED = EnumSet.of(JobStatus.QUEUED, JobStatus.PARSING, JobStatus.EMBEDDING);

    private final DocumentParser parser;
    private final Chunker chunker;
    private final Embedder embedder;
    private final ChunkIndex index;
    private final ChunkClassifier classifier;
    private final DocumentRepository documents;
    private final JobRepository jobs;
    private final ItemRepository items;
    private final AuditTrail audit;
    private final OriginalStore originals;
    private final IngestConfig config;
    private final CorpusReader corpora;
    private final Clock clock;
    private final MeterRegistry meters;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    /** Single uploads were parsed on arrival; their workers reuse that instead of parsing twice. */
    private final Map<String, ParsedDocument> parsedOnArrival = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    /*
     * With more than one worker, two files may target the same document (an external id uploaded again
     * before its first upload finished, a tier change) or carry the same bytes. A worker claims an item
     * with its document's lock, one claim at a time, so files for one document are processed in queue
     * order; it holds the lock of the content's hash from the duplicate check to the catalogue write, so
     * the same bytes are indexed once. Erasure takes the document's lock too. Order: document, content.
     */
    private final Object claiming = new Object();
    private final StripedLocks documentLocks = new StripedLocks(LOCK_STRIPES);
    private final StripedLocks contentLocks = new StripedLocks(LOCK_STRIPES);
    private final StripedLocks externalIdLocks = new StripedLocks(LOCK_STRIPES);
    private static final int LOCK_STRIPES = 64;
    private static final String STOP = "";
    /** The actor of work the service starts itself. */
    private static final String SYSTEM = "system";
    private volatile boolean running = true;

    public IngestionService(DocumentParser parser, Embedder embedder, ChunkIndex index, ChunkClassifier classifier,
                            DocumentRepository documents, JobRepository jobs, ItemRepository items, AuditTrail audit,
                            OriginalStore originals, IngestConfig config, Clock clock, MeterRegistry meters) {
        this.parser = parser;
        this.chunker = new Chunker(config.chunkTokens(), config.overlapTokens(), embedder::countTokens);
        this.embedder = embedder;
        this.index = index;
        this.classifier = classifier;
        this.documents = documents;
        this.jobs = jobs;
        this.items = items;
        this.audit = audit;
        this.originals = originals;
        this.config = config;
        this.corpora = new CorpusReader(config.corpusLimits());
        this.clock = clock;
        this.meters = meters;
        for (int i = 0; i < Math.max(1, config.workers()); i++) {
            Thread t = new Thread(this::work, "gatehouse-ingest-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /**
     * Accepts one file: rejects it with {@link RejectedDocumentException} (and an audit record) when it
     * cannot be ingested, answers with the existing document for content already indexed, else queues it.
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
        JobRow job = jobs.save(new JobRow(UUID.randomUUID().toString(), "DOCUMENT", 1, 0, upload.actor(), clock.instant()));
        ItemRow item = accept(job, 0, upload.filename(), upload.bytes(), upload.declaredTier(), upload.groups(),
                upload.externalId(), upload.actor(), parsed);
        return new Submission(item.documentId(), job.id(), item.status() == JobStatus.DUPLICATE);
    }

    /** Accepts a ZIP corpus: each entry becomes an item with its own outcome; the archive itself may be refused whole. */
    public CorpusSubmission submitCorpus(Path zip, Tier declaredTier, Set<String> groups, String actor) {
        JobRow job = jobs.save(new JobRow(UUID.randomUUID().toString(), "CORPUS", 0, 0, actor, clock.instant()));
        int[] refused = {0};
        int[] files = {0};
        int skipped;
        try {
            skipped = corpora.read(zip, declaredTier, groups, new CorpusReader.Sink() {
                @Override
                public void accepted(CorpusReader.Accepted e) {
                    files[0]++;
                    accept(job, e.seq(), e.path(), e.bytes(), e.tier(), e.groups(), e.externalId(), actor, null);
                }

                @Override
                public void refused(int seq, String path, String reason) {
                    files[0]++;
                    refused[0]++;
                    items.save(new ItemRow(UUID.randomUUID().toString(), job.id(), seq, path, null, declaredTier.name(),
                            csv(groups), null, JobStatus.FAILED, reason, clock.instant()));
                    audit.append(new AuditEvent(actor, AuditAction.UPLOAD, null, "REJECTED", null, declaredTier,
                            Map.of("filename", path, "jobId", job.id(), "reason", reason)));
                }
            });
        } catch (CorpusReader.CorpusException e) {
            items.findByJobIdOrderBySeq(job.id()).forEach(i -> {
                originals.delete(i.id());
                items.delete(i);
            });
            jobs.delete(job);
            audit.append(new AuditEvent(actor, AuditAction.UPLOAD, null, "REJECTED", null, declaredTier,
                    Map.of("corpus", true, "reason", e.getMessage())));
            throw e;
        }
        jobs.update(new JobRow(job.id(), job.kind(), files[0], skipped, actor, job.createdAt()));
        LOG.info("corpus job {}: {} files queued, {} refused, {} skipped", job.id(), files[0] - refused[0], refused[0], skipped);
        return new CorpusSubmission(job.id(), files[0], refused[0], skipped);
    }

    /** Stores the original, records the item and queues it, unless the same content is already indexed. */
    private ItemRow accept(JobRow job, int seq, String filename, byte[] bytes, Tier tier, Set<String> groups,
                           String externalId, String actor, ParsedDocument parsed) {
        if (externalId == null) {
            return acceptUnderName(job, seq, filename, bytes, tier, groups, null, actor, parsed);
        }
        // Two uploads of one external id arriving together must agree on the document they replace.
        ReentrantLock name = externalIdLocks.of(externalId);
        name.lock();
        try {
            return acceptUnderName(job, seq, filename, bytes, tier, groups, externalId, actor, parsed);
        } finally {
            name.unlock();
        }
    }

    private ItemRow acceptUnderName(JobRow job, int seq, String filename, byte[] bytes, Tier tier, Set<String> groups,
                                    String externalId, String actor, ParsedDocument parsed) {
        Instant now = clock.instant();
        String hash = sha256(bytes);
        Optional<DocumentRow> sameName = externalId == null ? Optional.empty() : documents.findByExternalId(externalId);
        Optional<DocumentRow> duplicate = sameName.isPresent()
                ? sameName.filter(d -> d.contentHash().equals(hash))
                : documents.findByContentHash(hash).stream().findFirst();
        String itemId = UUID.randomUUID().toString();
        if (duplicate.isPresent()) {
            ItemRow item = items.save(new ItemRow(itemId, job.id(), seq, filename, externalId, tier.name(), csv(groups),
                    duplicate.get().id(), JobStatus.DUPLICATE, null, now));
            audit.append(new AuditEvent(actor, AuditAction.UPLOAD, duplicate.get().id(), "DUPLICATE", null, tier,
                    Map.of("filename", filename, "jobId", job.id(), "documentId", duplicate.get().id())));
            return item;
        }
        // An earlier upload of this external id that is still queued has claimed its document id: this
        // one replaces that document after it, rather than starting a second document under the same name.
        String documentId = sameName.map(DocumentRow::id)
                .or(() -> externalId == null ? Optional.empty()
                        : items.findByExternalIdAndStatusInList(externalId, UNFINISHED).stream()
                                .map(ItemRow::documentId).filter(java.util.Objects::nonNull).findFirst())
                .orElseGet(() -> UUID.randomUUID().toString());
        originals.put(itemId, bytes);
        ItemRow item = items.save(new ItemRow(itemId, job.id(), seq, filename, externalId, tier.name(), csv(groups),
                documentId, JobStatus.QUEUED, null, now));
        if (parsed != null) {
            parsedOnArrival.put(itemId, parsed);
        }
        queue.add(itemId);
        return item;
    }

    /**
     * Called once at start-up: queues every item a previous run left unfinished, and drops index entries
     * that no catalogue row or pending item accounts for (a crash between index commit and catalogue write
     * of a file that then failed). Catalogue documents missing from the index (an index folder lost, or
     * restored from an older backup) are repaired: processed again from their stored originals.
     */
    public void resume() {
        List<ItemRow> pending = items.findByStatusInList(UNFINISHED);
        Set<String> pendingDocs = pending.stream().map(ItemRow::documentId).collect(Collectors.toSet());
        List<DocumentRow> catalogued = new ArrayList<>();
        documents.findAll().forEach(catalogued::add);
        Set<String> catalogueIds = catalogued.stream().map(DocumentRow::id).collect(Collectors.toSet());
        Set<String> indexed = index.documentIds();
        int orphans = 0;
        for (String id : indexed) {
            if (!catalogueIds.contains(id) && !pendingDocs.contains(id)) {
                index.deleteDocument(id);
                orphans++;
            }
        }
        pending.stream().sorted((a, b) -> a.seq() - b.seq()).forEach(i -> queue.add(i.id()));
        // A document with pending work is written whole by that work; the rest need repair.
        List<DocumentRow> missing = catalogued.stream()
                .filter(d -> !indexed.contains(d.id()) && !pendingDocs.contains(d.id()))
                .sorted(Comparator.comparing(DocumentRow::createdAt)).toList();
        int repairs = missing.isEmpty() ? 0 : repair(missing);
        if (!pending.isEmpty() || orphans > 0 || !missing.isEmpty()) {
            LOG.info("resume: {} unfinished items queued, {} orphaned index documents removed, {} catalogue documents "
                            + "missing from the index queued for repair from their stored originals{}",
                    pending.size(), orphans, repairs,
                    missing.size() > repairs ? "; " + (missing.size() - repairs) + " have no stored original (upload them again)" : "");
        }
    }

    /**
     * One REPAIR job for documents the index lacks: each keeps its id, declared tier, groups and external
     * id, and is processed like a tier change, from its stored original. Returns how many were queued; a
     * document whose original is gone becomes a failed item that says so.
     */
    private int repair(List<DocumentRow> missing) {
        Instant now = clock.instant();
        JobRow job = jobs.save(new JobRow(UUID.randomUUID().toString(), "REPAIR", missing.size(), 0, SYSTEM, now));
        int queued = 0;
        Tier highest = Tier.PUBLIC;
        for (int seq = 0; seq < missing.size(); seq++) {
            DocumentRow d = missing.get(seq);
            highest = Tier.max(highest, Tier.parse(d.tier()));
            String itemId = UUID.randomUUID().toString();
            if (!originals.exists(d.originalItem())) {
                items.save(new ItemRow(itemId, job.id(), seq, d.filename(), d.externalId(), d.declaredTier(), d.groupsCsv(),
                        d.id(), JobStatus.FAILED, "the stored original is missing; upload the file again", now));
                continue;
            }
            originals.put(itemId, originals.get(d.originalItem()));
            items.save(new ItemRow(itemId, job.id(), seq, d.filename(), d.externalId(), d.declaredTier(), d.groupsCsv(),
                    d.id(), JobStatus.QUEUED, null, now));
            queue.add(itemId);
            queued++;
        }
        audit.append(new AuditEvent(SYSTEM, AuditAction.UPLOAD, null, "REPAIR_QUEUED", null, highest,
                Map.of("jobId", job.id(), "documents", missing.size(), "queued", queued)));
        return queued;
    }

    public Optional<JobProgress> job(String jobId) {
        return jobs.findById(jobId).map(j -> new JobProgress(j, items.findByJobIdOrderBySeq(jobId)));
    }

    /** The newest jobs first, each with its counts, read by counting rather than by loading its files. */
    public List<JobSummary> recentJobs(int limit) {
        return jobs.list(Pageable.from(0, limit, Sort.of(Sort.Order.desc("createdAt")))).stream()
                .map(j -> new JobSummary(j, counts(j.id()))).toList();
    }

    private JobCounts counts(String jobId) {
        long indexed = items.countByJobIdAndStatus(jobId, JobStatus.INDEXED);
        long duplicates = items.countByJobIdAndStatus(jobId, JobStatus.DUPLICATE);
        long failed = items.countByJobIdAndStatus(jobId, JobStatus.FAILED);
        return new JobCounts(items.countByJobId(jobId), indexed + duplicates + failed, indexed, duplicates, failed);
    }

    public Optional<DocumentRow> document(String documentId) {
        return documents.findById(documentId);
    }

    /**
     * Changes a document's declared tier (and groups, when given): its stored original is processed again
     * under the new floor, so every chunk's tier is recomputed (PII can only raise it) and the index swaps
     * the document's chunks atomically when the job finishes. Empty when the document does not exist.
     */
    public Optional<Submission> changeTier(String documentId, Tier newFloor, Set<String> newGroups, String actor) {
        Optional<DocumentRow> doc = documents.findById(documentId);
        if (doc.isEmpty()) {
            return Optional.empty();
        }
        DocumentRow d = doc.get();
        Instant now = clock.instant();
        JobRow job = jobs.save(new JobRow(UUID.randomUUID().toString(), "RETIER", 1, 0, actor, now));
        String itemId = UUID.randomUUID().toString();
        originals.put(itemId, originals.get(d.originalItem()));
        String groupsCsv = newGroups == null ? d.groupsCsv() : csv(newGroups);
        items.save(new ItemRow(itemId, job.id(), 0, d.filename(), d.externalId(), newFloor.name(), groupsCsv,
                documentId, JobStatus.QUEUED, null, now));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("documentId", documentId);
        detail.put("jobId", job.id());
        detail.put("fromDeclaredTier", d.declaredTier());
        detail.put("toDeclaredTier", newFloor.name());
        if (newGroups != null) {
            detail.put("fromGroups", d.groupsCsv());
            detail.put("toGroups", groupsCsv);
        }
        audit.append(new AuditEvent(actor, AuditAction.TIER_CHANGE, documentId, "ACCEPTED", null,
                Tier.max(newFloor, Tier.parse(d.tier())), detail));
        queue.add(itemId);
        return Optional.of(new Submission(documentId, job.id(), false));
    }

    /** Erases a document: its chunks and vectors, its original file and its catalogue row. */
    public boolean delete(String documentId, String actor) {
        // Waits for a worker that is writing this document, so the erasure is not undone by its commit.
        ReentrantLock lock = documentLocks.of(documentId);
        lock.lock();
        try {
            Optional<DocumentRow> doc = documents.findById(documentId);
            if (doc.isEmpty()) {
                return false;
            }
            index.deleteDocument(documentId);
            originals.delete(doc.get().originalItem());
            documents.deleteById(documentId);
            audit.append(new AuditEvent(actor, AuditAction.DELETE, documentId, "OK", null, Tier.parse(doc.get().tier()),
                    Map.of("documentId", documentId)));
            LOG.info("document {} erased", documentId);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (running) {
            Claim claim;
            try {
                claim = claimNext();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("ingestion worker: could not claim the next item: {}", e.getClass().getName());
                continue;
            }
            if (claim == null) {
                return;
            }
            try {
                process(claim.item());
            } catch (RuntimeException e) {
                LOG.error("ingestion worker: item {} could not be processed: {}", claim.item().id(), e.getClass().getName());
            } finally {
                claim.documentLock().unlock();
            }
        }
    }

    private record Claim(ItemRow item, ReentrantLock documentLock) {
    }

    /** The next unfinished item with its document's lock held, or null when the worker is to stop. */
    private Claim claimNext() throws InterruptedException {
        synchronized (claiming) {
            while (true) {
                String itemId = queue.take();
                if (!running || itemId.equals(STOP)) {
                    return null;
                }
                Optional<ItemRow> item = items.findById(itemId).filter(i -> !i.status().isFinal());
                if (item.isPresent()) {
                    String documentId = item.get().documentId();
                    ReentrantLock lock = documentLocks.of(documentId == null ? itemId : documentId);
                    lock.lock();
                    if (!running) {
                        // Shut down while waiting for the document: the item stays queued for the next start.
                        lock.unlock();
                        return null;
                    }
                    return new Claim(item.get(), lock);
                }
            }
        }
    }

    private void process(ItemRow item) {
        long started = System.nanoTime();
        ItemRow current = item;
        JobRow job = jobs.findById(item.jobId()).orElseThrow();
        Tier floor = Tier.parse(item.declaredTier());
        try {
            current = items.update(current.with(JobStatus.PARSING, item.documentId(), null, clock.instant()));
            byte[] bytes = originals.get(item.id());
            long t0 = System.nanoTime();
            ParsedDocument parsed = parsedOnArrival.remove(item.id());
            if (parsed == null) {
                if (bytes.length > config.maxFileBytes()) {
                    throw new RejectedDocumentException(RejectedDocumentException.Reason.TOO_LARGE,
                            "the file is " + bytes.length + " bytes; the limit is " + config.maxFileBytes());
                }
                parsed = parser.parse(bytes, item.filename());
            }
            t0 = stage("parse", t0);
            String hash = sha256(bytes);
            // Held until the catalogue row is written: another worker with the same bytes then finds it.
            ReentrantLock sameBytes = contentLocks.of(hash);
            sameBytes.lock();
            try {
                Optional<DocumentRow> existing = documents.findById(item.documentId());
                Optional<DocumentRow> sameContent = documents.findByContentHash(hash).stream()
                        .filter(d -> !d.id().equals(item.documentId())).findFirst();
                if (existing.isEmpty() && sameContent.isPresent()) {
                    // the same bytes were indexed since this file was queued
                    finish(current, JobStatus.DUPLICATE, sameContent.get().id(), null, job, floor,
                            Map.of("filename", item.filename(), "documentId", sameContent.get().id()));
                    originals.delete(item.id());
                    return;
                }
                List<TextChunk> chunks = chunker.chunk(parsed);
                if (chunks.isEmpty()) {
                    throw new RejectedDocumentException(RejectedDocumentException.Reason.NO_TEXT, "the file contains no text");
                }
                t0 = stage("chunk", t0);
                current = items.update(current.with(JobStatus.EMBEDDING, item.documentId(), null, clock.instant()));
                t0 = System.nanoTime();
                List<Embedding> vectors = embedder.embedDocuments(chunks.stream().map(TextChunk::text).toList());
                t0 = stage("embed", t0);
                Set<String> groups = groups(item.groupsCsv());
                List<ChunkRecord> records = new ArrayList<>(chunks.size());
                Tier effective = floor;
                Map<String, Integer> piiCounts = new TreeMap<>();
                for (int i = 0; i < chunks.size(); i++) {
                    TextChunk c = chunks.get(i);
                    ChunkClassifier.Classification cls = classifier.classify(c.text(), floor);
                    effective = Tier.max(effective, cls.tier());
                    cls.piiCounts().forEach((type, n) -> piiCounts.merge(type, n, Integer::sum));
                    records.add(new ChunkRecord(item.documentId() + ":" + c.ordinal(), item.documentId(), parsed.title(),
                            c.ordinal(), c.page(), c.section(), c.start(), c.end(), c.text(), vectors.get(i).vector(),
                            cls.tier(), groups, cls.piiCounts().keySet()));
                }
                t0 = stage("classify", t0);
                index.replaceDocument(item.documentId(), records);
                t0 = stage("index", t0);
                Instant now = clock.instant();
                DocumentRow row = new DocumentRow(item.documentId(), item.externalId(), item.filename(), parsed.title(),
                        parsed.author(), parsed.type().mediaType(), hash, bytes.length, floor.name(), effective.name(),
                        item.groupsCsv(), parsed.pages().size(), records.size(), piiJson(piiCounts), item.id(), job.submittedBy(),
                        existing.map(DocumentRow::createdAt).orElse(now), now);
                if (existing.isPresent()) {
                    documents.update(row);
                    originals.delete(existing.get().originalItem());
                } else {
                    documents.save(row);
                }
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("filename", item.filename());
                detail.put("documentId", item.documentId());
                detail.put("jobId", job.id());
                detail.put("chunks", records.size());
                detail.put("pages", parsed.pages().size());
                detail.put("groups", List.copyOf(groups));
                detail.put("pii", piiCounts);
                detail.put("replaced", existing.isPresent());
                finish(current, JobStatus.INDEXED, item.documentId(), null, job, effective, detail);
                stage("catalogue", t0);
                meters.counter("gatehouse.ingest.pages").increment(parsed.pages().size());
                meters.counter("gatehouse.ingest.chunks").increment(records.size());
                LOG.info("job {} item {} indexed document {}: {} pages, {} chunks in {} ms", job.id(), item.seq(),
                        item.documentId(), parsed.pages().size(), records.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } finally {
                sameBytes.unlock();
            }
        } catch (RuntimeException e) {
            fail(current, job, floor, e);
        }
    }

    /** Records the time since {@code started} under the stage's name and returns now. */
    private long stage(String name, long started) {
        long now = System.nanoTime();
        meters.timer("gatehouse.ingest.stage", "stage", name).record(now - started, TimeUnit.NANOSECONDS);
        return now;
    }

    private void fail(ItemRow item, JobRow job, Tier floor, RuntimeException cause) {
        String reason = cause instanceof RejectedDocumentException r ? r.getMessage()
                : "processing failed: " + cause.getClass().getSimpleName();
        LOG.warn("job {} item {} failed: {}", job.id(), item.seq(),
                cause instanceof RejectedDocumentException r ? r.reason() : cause.getClass().getName());
        try {
            if (documents.findById(item.documentId()).isEmpty()) {
                index.deleteDocument(item.documentId()); // a new document leaves nothing behind
            }
            originals.delete(item.id());
            finish(item, JobStatus.FAILED, null, reason, job, floor, Map.of("filename", item.filename(),
                    "reason", cause instanceof RejectedDocumentException r ? r.reason().name() : cause.getClass().getSimpleName()));
        } catch (RuntimeException again) {
            LOG.error("job {} item {} could not record its failure: {}", job.id(), item.seq(), again.getClass().getName());
        }
    }

    private void finish(ItemRow item, JobStatus status, String documentId, String error, JobRow job, Tier tier,
                        Map<String, Object> detail) {
        items.update(item.with(status, documentId, error, clock.instant()));
        Map<String, Object> d = new LinkedHashMap<>(detail);
        d.put("jobId", job.id());
        audit.append(new AuditEvent(job.submittedBy(), AuditAction.UPLOAD, documentId,
                switch (status) {
                    case INDEXED -> "OK";
                    case DUPLICATE -> "DUPLICATE";
                    default -> "FAILED";
                }, null, tier, d));
    }

    /**
     * Lets each worker finish its current file, then stops. Workers are never interrupted: an interrupt
     * closes the database's file channel under it. Whatever is still queued resumes at the next start.
     */
    @PreDestroy
    void shutdown() throws InterruptedException {
        running = false;
        workers.forEach(w -> queue.add(STOP));
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(20));
        }
    }

    private static String piiJson(Map<String, Integer> counts) {
        try {
            return JSON.writeValueAsString(counts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of names to counts is always serialisable", e);
        }
    }

    private static String csv(Set<String> groups) {
        return String.join(",", new TreeSet<>(groups));
    }

    private static Set<String> groups(String csv) {
        return csv.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(csv.split(",")));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
