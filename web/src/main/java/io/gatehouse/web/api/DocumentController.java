package io.gatehouse.web.api;

import io.gatehouse.ingest.CorpusSubmission;
import io.gatehouse.ingest.IngestionService;
import io.gatehouse.ingest.Submission;
import io.gatehouse.ingest.Upload;
import io.gatehouse.ingest.catalog.DocumentCatalogue;
import io.gatehouse.policy.Tier;
import io.gatehouse.web.api.Dtos.CorpusView;
import io.gatehouse.web.api.Dtos.DocumentPageView;
import io.gatehouse.web.api.Dtos.DocumentView;
import io.gatehouse.web.api.Dtos.JobList;
import io.gatehouse.web.api.Dtos.JobSummaryView;
import io.gatehouse.web.api.Dtos.JobView;
import io.gatehouse.web.api.Dtos.SubmissionView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Uploads, the catalogue, erasure and job progress: administrators only. */
@Controller("/api")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DocumentController {

    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int DEFAULT_JOBS = 20;
    private static final int MAX_JOBS = 100;

    private final IngestionService ingestion;
    private final DocumentCatalogue catalogue;

    public DocumentController(IngestionService ingestion, DocumentCatalogue catalogue) {
        this.ingestion = ingestion;
        this.catalogue = catalogue;
    }

    @Post(value = "/documents", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> upload(@Nullable @Part("file") CompletedFileUpload file, @Nullable @Part("tier") String tier,
                                  @Nullable @Part("groups") String groups, @Nullable @Part("externalId") String externalId,
                                  Authentication auth) {
        if (file == null) {
            return Problem.response(HttpStatus.BAD_REQUEST, "missing-field", "Missing field", "multipart field 'file' is required");
        }
        if (tier == null || tier.isBlank()) {
            return Problem.response(HttpStatus.BAD_REQUEST, "missing-field", "Missing field",
                    "multipart field 'tier' is required; one of " + Tier.names());
        }
        Upload upload;
        try {
            upload = new Upload(file.getFilename() == null ? "upload" : file.getFilename(), file.getBytes(), Tier.parse(tier),
                    parseGroups(groups), externalId, auth.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file", e);
        }
        Submission s = ingestion.submit(upload);
        SubmissionView view = new SubmissionView(s.documentId(), s.jobId(), s.duplicate());
        return s.duplicate() ? HttpResponse.ok(view) : HttpResponse.accepted().body(view);
    }

    @Post(value = "/corpora", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> uploadCorpus(@Nullable @Part("file") CompletedFileUpload file, @Nullable @Part("tier") String tier,
                                        @Nullable @Part("groups") String groups, Authentication auth) throws IOException {
        if (file == null) {
            return Problem.response(HttpStatus.BAD_REQUEST, "missing-field", "Missing field", "multipart field 'file' (a ZIP) is required");
        }
        if (tier == null || tier.isBlank()) {
            return Problem.response(HttpStatus.BAD_REQUEST, "missing-field", "Missing field",
                    "multipart field 'tier' is required (the default for files the manifest does not name); one of " + Tier.names());
        }
        Tier declared = Tier.parse(tier);
        Set<String> declaredGroups = parseGroups(groups);
        Path zip = Files.createTempFile("gatehouse-corpus", ".zip");
        try {
            try (InputStream in = file.getInputStream()) {
                Files.copy(in, zip, StandardCopyOption.REPLACE_EXISTING);
            }
            CorpusSubmission s = ingestion.submitCorpus(zip, declared, declaredGroups, auth.getName());
            return HttpResponse.accepted().body(new CorpusView(s.jobId(), s.files(), s.refused(), s.skipped()));
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /**
     * A page of the catalogue, newest first: {@code limit} (default 50, at most 500), {@code cursor} from
     * an earlier page, optional {@code tier} (effective tier) and {@code title} (substring, any case).
     * An object rather than the bare array this once returned, so a client written for the whole
     * catalogue fails loudly instead of silently reading only its first page.
     */
    @Get("/documents")
    public HttpResponse<?> list(@Nullable @QueryValue String limit, @Nullable @QueryValue String cursor,
                                @Nullable @QueryValue String tier, @Nullable @QueryValue String title) {
        CataloguePageRequest request;
        try {
            request = CataloguePageRequest.parse(limit, cursor, tier, title);
        } catch (IllegalArgumentException e) {
            return Problem.response(HttpStatus.BAD_REQUEST, "invalid-argument", "Invalid request", e.getMessage());
        }
        return HttpResponse.ok(DocumentPageView.of(catalogue.page(request.filter(), request.cursor(), request.limit()),
                request.limit()));
    }

    @Get("/documents/{id}")
    public HttpResponse<?> get(@PathVariable String id) {
        return ingestion.document(id).<HttpResponse<?>>map(d -> HttpResponse.ok(DocumentView.of(d)))
                .orElseGet(() -> Problem.response(HttpStatus.NOT_FOUND, "not-found", "Not Found", "no document " + id));
    }

    /** {@code {"tier": "RESTRICTED", "groups": "hr,finance"}}: re-classifies the document; 202 with the job. */
    @Serdeable
    public record TierChange(@Nullable String tier, @Nullable String groups) {
    }

    @Patch("/documents/{id}")
    public HttpResponse<?> changeTier(@PathVariable String id, @Body TierChange change, Authentication auth) {
        if (change == null || change.tier() == null || change.tier().isBlank()) {
            return Problem.response(HttpStatus.BAD_REQUEST, "missing-field", "Missing field",
                    "'tier' is required; one of " + Tier.names());
        }
        Tier tier = Tier.parse(change.tier());
        Set<String> groups = change.groups() == null ? null : parseGroups(change.groups());
        return ingestion.changeTier(id, tier, groups, auth.getName())
                .<HttpResponse<?>>map(s -> HttpResponse.accepted().body(new SubmissionView(s.documentId(), s.jobId(), false)))
                .orElseGet(() -> Problem.response(HttpStatus.NOT_FOUND, "not-found", "Not Found", "no document " + id));
    }

    @Delete("/documents/{id}")
    public HttpResponse<?> delete(@PathVariable String id, Authentication auth) {
        return ingestion.delete(id, auth.getName())
                ? HttpResponse.noContent()
                : Problem.response(HttpStatus.NOT_FOUND, "not-found", "Not Found", "no document " + id);
    }

    /** The newest jobs first (uploads, corpora, tier changes, start-up repairs), with counts but not their files. */
    @Get("/jobs")
    public HttpResponse<?> jobs(@Nullable @QueryValue Integer limit) {
        int n = limit == null ? DEFAULT_JOBS : limit;
        if (n < 1 || n > MAX_JOBS) {
            return Problem.response(HttpStatus.BAD_REQUEST, "invalid-argument", "Invalid request",
                    "limit must be between 1 and " + MAX_JOBS + "; got " + n);
        }
        return HttpResponse.ok(new JobList(ingestion.recentJobs(n).stream().map(JobSummaryView::of).toList(), n));
    }

    @Get("/jobs/{id}")
    public HttpResponse<?> job(@PathVariable String id) {
        return ingestion.job(id).<HttpResponse<?>>map(j -> HttpResponse.ok(JobView.of(j)))
                .orElseGet(() -> Problem.response(HttpStatus.NOT_FOUND, "not-found", "Not Found", "no job " + id));
    }

    /** Comma-separated group names, each checked; shared with the admin pages. */
    public static Set<String> parseGroups(String groups) {
        if (groups == null || groups.isBlank()) {
            return Set.of();
        }
        Set<String> out = Arrays.stream(groups.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        for (String g : out) {
            if (!GROUP.matcher(g).matches()) {
                throw new IllegalArgumentException("group names are 1-64 letters, digits, '.', '_' or '-'; got '" + g + "'");
            }
        }
        return out;
    }
}
