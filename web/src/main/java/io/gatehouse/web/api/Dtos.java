package io.gatehouse.web.api;

import io.gatehouse.generate.Answer;
import io.gatehouse.generate.Citation;
import io.gatehouse.ingest.catalog.DocumentRow;
import io.gatehouse.ingest.JobCounts;
import io.gatehouse.ingest.JobProgress;
import io.gatehouse.ingest.JobSummary;
import io.gatehouse.ingest.catalog.ItemRow;
import io.gatehouse.ingest.catalog.JobRow;
import io.gatehouse.policy.audit.AuditPage;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.AuditVerification;
import io.gatehouse.policy.audit.StoredText;
import io.gatehouse.policy.routing.RoutingDecision;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the REST API. Kept apart from domain types so the wire format is a decision, not an accident. */
public final class Dtos {

    private Dtos() {
    }

    @Serdeable
    public record AskRequest(@Nullable String question) {
    }

    @Serdeable
    public record DecisionView(String route, @Nullable String destination, String rule, List<String> reasons,
                               String policyVersion) {
        public static DecisionView of(RoutingDecision d) {
            return new DecisionView(d.route().name(), d.destination(), d.rule(), d.reasons(), d.policyVersion());
        }
    }

    @Serdeable
    public record CitationView(int number, String documentId, String documentTitle, int page, String section,
                               String chunkId, int chunk, String tier) {
        static CitationView of(Citation c) {
            return new CitationView(c.number(), c.documentId(), c.documentTitle(), c.page(), c.section(), c.chunkId(),
                    c.chunkOrdinal(), c.tier().name());
        }
    }

    @Serdeable
    public record AskResponse(String answer, List<CitationView> citations, DecisionView decision, @Nullable String model,
                              long auditId) {
        public static AskResponse of(Answer a) {
            return new AskResponse(a.text(), a.citations().stream().map(CitationView::of).toList(),
                    DecisionView.of(a.decision()), a.model(), a.auditId());
        }
    }

    @Serdeable
    public record SubmissionView(String documentId, @Nullable String jobId, boolean duplicate) {
    }

    @Serdeable
    public record DocumentView(String id, @Nullable String externalId, String filename, String title, String author,
                               String mediaType, long sizeBytes, String declaredTier, String tier, List<String> groups,
                               int pages, int chunks, Map<String, Integer> pii, String uploadedBy, Instant createdAt,
                               Instant updatedAt) {
        public static DocumentView of(DocumentRow d) {
            List<String> groups = d.groupsCsv().isEmpty() ? List.of() : Arrays.asList(d.groupsCsv().split(","));
            return new DocumentView(d.id(), d.externalId(), d.filename(), d.title(), d.author(), d.mediaType(),
                    d.sizeBytes(), d.declaredTier(), d.tier(), groups, d.pages(), d.chunkCount(), piiCounts(d.piiCounts()),
                    d.uploadedBy(), d.createdAt(), d.updatedAt());
        }

        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        private static Map<String, Integer> piiCounts(String json) {
            try {
                return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, Integer>>() { });
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("catalogue PII counts are not JSON", e);
            }
        }
    }

    /**
     * One page of the catalogue, newest first: {@code total} documents match the filters; pass
     * {@code nextCursor} (older documents) or {@code previousCursor} (newer ones) back as {@code cursor}
     * with the same filters; each is null (omitted from the JSON, as every null here) at its end of the catalogue.
     */
    @Serdeable
    public record DocumentPageView(List<DocumentView> items, long total, int limit, @Nullable String nextCursor,
                                   @Nullable String previousCursor) {
        public static DocumentPageView of(io.gatehouse.ingest.catalog.CataloguePage page, int limit) {
            return new DocumentPageView(page.items().stream().map(DocumentView::of).toList(), page.total(), limit,
                    page.next() == null ? null : page.next().token(),
                    page.previous() == null ? null : page.previous().token());
        }
    }

    @Serdeable
    public record ItemView(int seq, String filename, String status, @Nullable String documentId, @Nullable String error) {
        static ItemView of(ItemRow i) {
            return new ItemView(i.seq(), i.filename(), i.status().name(), i.documentId(), i.error());
        }
    }

    @Serdeable
    public record JobView(String id, String kind, String status, boolean done, int total, long finished, long indexed,
                          long duplicates, long failed, double progress, int skipped, Instant createdAt,
                          List<ItemView> items) {
        public static JobView of(JobProgress p) {
            JobRow j = p.job();
            JobCounts c = p.counts();
            return new JobView(j.id(), j.kind(), c.status(), c.done(), (int) c.total(), c.finished(), c.indexed(),
                    c.duplicates(), c.failed(), c.progress(), j.skipped(), j.createdAt(),
                    p.items().stream().map(ItemView::of).toList());
        }
    }

    /** A job in a list: its counts without its files ({@code GET /api/jobs/{id}} has those). */
    @Serdeable
    public record JobSummaryView(String id, String kind, String status, boolean done, long total, long finished,
                                 long indexed, long duplicates, long failed, double progress, int skipped,
                                 String submittedBy, Instant createdAt) {
        public static JobSummaryView of(JobSummary s) {
            JobRow j = s.job();
            JobCounts c = s.counts();
            return new JobSummaryView(j.id(), j.kind(), c.status(), c.done(), c.total(), c.finished(), c.indexed(),
                    c.duplicates(), c.failed(), c.progress(), j.skipped(), j.submittedBy(), j.createdAt());
        }
    }

    @Serdeable
    public record JobList(List<JobSummaryView> items, int limit) {
    }

    @Serdeable
    public record CorpusView(String jobId, int files, int refused, int skipped) {
    }

    /** A content field: its text when kept, and its keyed hash whenever it was present. */
    @Serdeable
    public record TextView(@Nullable String text, String hash) {
        static TextView of(StoredText t) {
            return t == null || !t.present() ? null : new TextView(t.text(), t.hash());
        }
    }

    @Serdeable
    public record AuditRecordView(long id, Instant at, String actor, String action, @Nullable String subject,
                                  String outcome, @Nullable String route, @Nullable String tier, String detail,
                                  @Nullable TextView question, @Nullable TextView answer, @Nullable TextView outboundPayload,
                                  String prevHash, String recordHash) {
        public static AuditRecordView of(AuditRecord r) {
            return new AuditRecordView(r.id(), r.at(), r.actor(), r.action().name(), r.subject(), r.outcome(),
                    r.route() == null ? null : r.route().name(), r.tier() == null ? null : r.tier().name(), r.detailJson(),
                    TextView.of(r.question()), TextView.of(r.answer()), TextView.of(r.outboundPayload()),
                    r.prevHash(), r.recordHash());
        }
    }

    @Serdeable
    /**
     * @param recordsByKey  records checked per audit key id, in chain order
     * @param legacyRecords records checked that predate key ids
     * @param missingKeyId  set when the walk stopped at a record signed with a key the keyring lacks (not tampering by itself)
     */
    public record VerificationView(boolean intact, long recordsChecked, @Nullable Long firstBrokenRecord,
                                   @Nullable String problem, long headId, @Nullable String headHash,
                                   Map<String, Long> recordsByKey, long legacyRecords, @Nullable String missingKeyId) {
        public static VerificationView of(AuditVerification v) {
            return new VerificationView(v.intact(), v.recordsChecked(), v.firstBrokenRecord(), v.problem(), v.headId(), v.headHash(),
                    v.recordsByKey(), v.legacyRecords(), v.missingKeyId());
        }
    }

    @Serdeable
    public record AuditPageView(List<AuditRecordView> records, int page, int size, long total) {
        public static AuditPageView of(AuditPage p) {
            return new AuditPageView(p.records().stream().map(AuditRecordView::of).toList(), p.page(), p.size(), p.total());
        }
    }
}
