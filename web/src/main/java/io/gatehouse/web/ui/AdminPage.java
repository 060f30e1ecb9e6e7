package io.gatehouse.web.ui;

import io.gatehouse.ingest.CorpusReader;
import io.gatehouse.ingest.CorpusSubmission;
import io.gatehouse.ingest.IngestionService;
import io.gatehouse.ingest.JobCounts;
import io.gatehouse.ingest.JobSummary;
import io.gatehouse.ingest.Submission;
import io.gatehouse.ingest.Upload;
import io.gatehouse.ingest.catalog.CatalogueCursor;
import io.gatehouse.ingest.catalog.CataloguePage;
import io.gatehouse.ingest.catalog.DocumentCatalogue;
import io.gatehouse.ingest.catalog.DocumentRow;
import io.gatehouse.ingest.catalog.ItemRow;
import io.gatehouse.ingest.catalog.JobStatus;
import io.gatehouse.ingest.parse.RejectedDocumentException;
import io.gatehouse.policy.Tier;
import io.gatehouse.web.api.CataloguePageRequest;
import io.gatehouse.web.api.DocumentController;
import io.gatehouse.web.api.Dtos.DocumentView;
import io.gatehouse.web.api.Dtos.JobView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The document pages for administrators: the catalogue (paged and filtered in the database; tier and
 * groups changed together, delete), uploads of one file (with an optional external id) or a ZIP
 * corpus, and job progress. Every change goes through {@link IngestionService}, as the REST API's does.
 */
@Controller("/admin")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminPage {

    private static final int RECENT_JOBS = 5;
    private static final CataloguePageRequest FIRST_PAGE = CataloguePageRequest.parse(null, null, null, null);

    private final IngestionService ingestion;
    private final DocumentCatalogue catalogue;

    public AdminPage(IngestionService ingestion, DocumentCatalogue catalogue) {
        this.ingestion = ingestion;
        this.catalogue = catalogue;
    }

    /** One catalogue line as the table shows it: PII counts compacted, times in ISO UTC to the second. */
    public record CatalogueRow(DocumentView doc, String pii, String groups, String uploadedAt) {
        static CatalogueRow of(DocumentRow row) {
            DocumentView d = DocumentView.of(row);
            String pii = d.pii().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            return new CatalogueRow(d, pii.isEmpty() ? "none" : pii, String.join(", ", d.groups()), utc(d.createdAt()));
        }
    }

    /** One file of a job: its state in words, and the document it became or duplicates. */
    public record JobLine(int seq, String filename, String state, String label, @Nullable String documentId,
                          @Nullable String documentTitle, @Nullable String error) {
    }

    /**
     * The catalogue a page at a time, read in the database with the REST API's parameters ({@code cursor},
     * {@code tier}, {@code title}); a bad parameter gets the first unfiltered page and says what was wrong.
     */
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> catalogue(@Nullable @QueryValue String cursor, @Nullable @QueryValue String tier,
                                     @Nullable @QueryValue String title, @Nullable @QueryValue String deleted) {
        CataloguePageRequest request;
        try {
            request = CataloguePageRequest.parse(null, cursor, tier, title);
        } catch (IllegalArgumentException e) {
            Map<String, Object> model = catalogueModel(FIRST_PAGE);
            model.put("filterTier", tier);
            model.put("filterTitle", title);
            model.put("filterError", e.getMessage());
            return HttpResponse.badRequest(new ModelAndView<>("admin", model));
        }
        Map<String, Object> model = catalogueModel(request);
        if (deleted != null && !deleted.isBlank()) {
            model.put("notice", "Deleted \u201c" + deleted + "\u201d: its catalogue entry, passages, vectors and original file are erased.");
        }
        return HttpResponse.ok(new ModelAndView<>("admin", model));
    }

    @Post(value = "/upload", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> upload(@Nullable @Part("file") CompletedFileUpload file, @Nullable @Part("tier") String tier,
                                  @Nullable @Part("groups") String groups, @Nullable @Part("externalId") String externalId,
                                  Authentication auth) {
        Map<String, Object> model = catalogueModel(FIRST_PAGE);
        model.put("uploadTier", tier);
        model.put("uploadGroups", groups);
        model.put("uploadExternalId", externalId);
        Map<String, String> errors = new HashMap<>();
        model.put("errors", errors);
        Tier declared = null;
        Set<String> declaredGroups = null;
        if (tier == null || tier.isBlank()) {
            errors.put("tier", "Choose a tier: one of " + Tier.names() + ".");
        } else {
            try {
                declared = Tier.parse(tier);
            } catch (IllegalArgumentException e) {
                errors.put("tier", e.getMessage());
            }
        }
        try {
            declaredGroups = DocumentController.parseGroups(groups);
        } catch (IllegalArgumentException e) {
            errors.put("groups", e.getMessage());
        }
        if (file == null || file.getFilename() == null || file.getFilename().isBlank()) {
            errors.put("file", "Choose a file (a document, or a ZIP corpus).");
        } else if (externalId != null && !externalId.isBlank() && isCorpus(file.getFilename())) {
            errors.put("externalId", "An external id names one document; the files of a ZIP corpus take theirs from its manifest.");
        }
        if (externalId != null && externalId.strip().length() > Upload.MAX_EXTERNAL_ID) {
            errors.put("externalId", "An external id is at most " + Upload.MAX_EXTERNAL_ID + " characters.");
        }
        if (!errors.isEmpty()) {
            return HttpResponse.badRequest(new ModelAndView<>("admin", model));
        }
        String filename = file.getFilename();
        try {
            String jobId;
            if (isCorpus(filename)) {
                CorpusSubmission s = submitCorpus(file, declared, declaredGroups, auth.getName());
                jobId = s.jobId();
            } else {
                Submission s = ingestion.submit(new Upload(filename, file.getBytes(), declared, declaredGroups, externalId, auth.getName()));
                jobId = s.jobId();
            }
            return HttpResponse.seeOther(URI.create("/admin/jobs/" + enc(jobId)));
        } catch (RejectedDocumentException e) {
            errors.put("file", "\u201c" + filename + "\u201d was not accepted: " + e.getMessage());
            HttpStatus status = e.reason() == RejectedDocumentException.Reason.TOO_LARGE
                    ? HttpStatus.REQUEST_ENTITY_TOO_LARGE : HttpStatus.UNPROCESSABLE_ENTITY;
            return HttpResponse.status(status).body(new ModelAndView<>("admin", model));
        } catch (CorpusReader.CorpusException e) {
            errors.put("file", "The corpus \u201c" + filename + "\u201d was not accepted: " + e.getMessage());
            return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(new ModelAndView<>("admin", model));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file", e);
        }
    }

    @Get(value = "/jobs/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> job(@PathVariable String id) {
        return jobModel(id).<HttpResponse<?>>map(m -> HttpResponse.ok(new ModelAndView<>("admin-job", m)))
                .orElseGet(() -> notFound("No such job", "There is no job " + id + "."));
    }

    /** The progress section alone, for htmx to swap in; once the job is done it no longer asks to be polled. */
    @Get(value = "/jobs/{id}/progress", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> jobProgress(@PathVariable String id) {
        return jobModel(id).<HttpResponse<?>>map(m -> HttpResponse.ok(new ModelAndView<>("admin-job-progress", m)))
                .orElseGet(() -> notFound("No such job", "There is no job " + id + "."));
    }

    /**
     * The row form: a new declared tier and, when the form has the field, the document's groups (blank
     * clears them). Both go to one re-classification job, as PATCH /api/documents/{id} does.
     */
    @Post(value = "/documents/{id}/tier", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> changeTier(@PathVariable String id, @Body Map<String, String> form, Authentication auth) {
        Tier tier;
        Set<String> groups;
        try {
            tier = Tier.parse(form.getOrDefault("tier", ""));
            groups = form.containsKey("groups") ? DocumentController.parseGroups(form.get("groups")) : null;
        } catch (IllegalArgumentException e) {
            Map<String, Object> model = catalogueModel(FIRST_PAGE);
            model.put("error", e.getMessage());
            return HttpResponse.badRequest(new ModelAndView<>("admin", model));
        }
        return ingestion.changeTier(id, tier, groups, auth.getName())
                .<HttpResponse<?>>map(s -> HttpResponse.seeOther(URI.create("/admin/jobs/" + enc(s.jobId()))))
                .orElseGet(() -> notFound("No such document", "The document does not exist or was deleted."));
    }

    /** The confirmation step for browsers without scripts (and for anyone who follows the link). */
    @Get(value = "/documents/{id}/delete", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> confirmDelete(@PathVariable String id) {
        return ingestion.document(id).<HttpResponse<?>>map(d -> {
            Map<String, Object> model = new HashMap<>();
            model.put("row", CatalogueRow.of(d));
            return HttpResponse.ok(new ModelAndView<>("admin-delete", model));
        }).orElseGet(() -> notFound("No such document", "The document does not exist or was already deleted."));
    }

    /**
     * Erases the document once confirmed: by the confirmation page, or by the catalogue's form after the
     * browser's confirm dialog (admin.js marks it). An unconfirmed post, from a browser without scripts,
     * is sent to the confirmation page.
     */
    @Post(value = "/documents/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> delete(@PathVariable String id, @Body Map<String, String> form, Authentication auth) {
        if (!"yes".equals(form.get("confirmed"))) {
            return HttpResponse.seeOther(URI.create("/admin/documents/" + enc(id) + "/delete"));
        }
        Optional<DocumentRow> doc = ingestion.document(id);
        if (doc.isEmpty() || !ingestion.delete(id, auth.getName())) {
            return notFound("No such document", "The document does not exist or was already deleted.");
        }
        return HttpResponse.seeOther(URI.create("/admin?deleted=" + enc(doc.get().title())));
    }

    private Map<String, Object> catalogueModel(CataloguePageRequest request) {
        CataloguePage page = catalogue.page(request.filter(), request.cursor(), request.limit());
        Map<String, Object> model = new HashMap<>();
        model.put("rows", page.items().stream().map(CatalogueRow::of).toList());
        model.put("total", page.total());
        Tier tier = request.filter().tier();
        String title = request.filter().titleContains();
        model.put("filterTier", tier == null ? null : tier.name());
        model.put("filterTitle", title);
        model.put("filtered", tier != null || title != null);
        model.put("nextHref", page.next() == null ? null : catalogueHref(page.next(), tier, title));
        model.put("previousHref", page.previous() == null ? null : catalogueHref(page.previous(), tier, title));
        model.put("tiers", Arrays.stream(Tier.values()).map(Tier::name).toList());
        model.put("errors", Map.of());
        model.put("recentJobs", ingestion.recentJobs(RECENT_JOBS).stream().map(RecentJob::of).toList());
        return model;
    }

    /** A pager link keeps the filters, so the next page is the next page of the same list. */
    private static String catalogueHref(CatalogueCursor cursor, @Nullable Tier tier, @Nullable String title) {
        StringBuilder href = new StringBuilder("/admin?cursor=").append(enc(cursor.token()));
        if (tier != null) {
            href.append("&tier=").append(tier.name());
        }
        if (title != null) {
            href.append("&title=").append(enc(title));
        }
        return href.toString();
    }

    private Optional<Map<String, Object>> jobModel(String id) {
        if (id.length() > 100) {
            return Optional.empty();
        }
        return ingestion.job(id).map(p -> {
            Map<String, Object> model = new HashMap<>();
            JobView view = JobView.of(p);
            JobCounts counts = p.counts();
            model.put("job", view);
            model.put("lines", p.items().stream().map(this::line).toList());
            model.put("done", counts.done());
            model.put("barMax", Math.max(1, view.total()));
            model.put("barValue", view.total() == 0 ? 1 : view.finished());
            model.put("percent", Math.round(counts.progress() * 100));
            model.put("summary", progressText(counts));
            model.put("allDuplicates", counts.total() > 0 && counts.duplicates() == counts.total());
            return model;
        });
    }

    private JobLine line(ItemRow i) {
        String title = null;
        if (i.documentId() != null && (i.status() == JobStatus.DUPLICATE || i.status() == JobStatus.INDEXED)) {
            title = ingestion.document(i.documentId()).map(DocumentRow::title).orElse(null);
        }
        String label = switch (i.status()) {
            case QUEUED -> "queued";
            case PARSING -> "parsing";
            case EMBEDDING -> "embedding";
            case INDEXED -> "indexed";
            case DUPLICATE -> "duplicate: the same bytes are already in the catalogue";
            case FAILED -> "failed";
        };
        return new JobLine(i.seq(), i.filename(), i.status().name().toLowerCase(Locale.ROOT), label, i.documentId(), title, i.error());
    }

    private static String progressText(JobCounts c) {
        String base = c.finished() + " of " + c.total() + " file(s) finished";
        if (!c.done()) {
            return base + "; working\u2026";
        }
        return base + ": " + c.indexed() + " indexed, " + c.duplicates() + " duplicate(s), " + c.failed() + " failed.";
    }

    /** A line of the recent-jobs table: what kind, by whom, when, and how far. */
    public record RecentJob(String id, String kind, String submittedBy, String createdAt, String status, String summary) {
        static RecentJob of(JobSummary s) {
            return new RecentJob(s.job().id(), s.job().kind(), s.job().submittedBy(), utc(s.job().createdAt()),
                    s.counts().status(), progressText(s.counts()));
        }
    }

    private CorpusSubmission submitCorpus(CompletedFileUpload file, Tier tier, Set<String> groups, String actor) throws IOException {
        Path zip = Files.createTempFile("gatehouse-corpus", ".zip");
        try {
            try (InputStream in = file.getInputStream()) {
                Files.copy(in, zip, StandardCopyOption.REPLACE_EXISTING);
            }
            return ingestion.submitCorpus(zip, tier, groups, actor);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /**
     * A ZIP by name goes to the corpus reader. Not by magic bytes: DOCX and other office files are ZIPs
     * too and are single documents (the API makes the same split with its two endpoints).
     */
    static boolean isCorpus(String filename) {
        return filename.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static HttpResponse<?> notFound(String title, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("status", 404);
        model.put("title", title);
        model.put("message", message);
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("error", model));
    }

    static String utc(Instant at) {
        return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
