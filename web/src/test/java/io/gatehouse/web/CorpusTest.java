package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ZIP corpora: a manifest's tiers, per-file outcomes for hostile entries, and replacement by external id. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusTest extends RealServerTest {

    private HttpResponse<Map> uploadCorpus(String token, byte[] zip, String tier) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", "corpus.zip", MediaType.APPLICATION_OCTET_STREAM_TYPE, zip)
                .addPart("tier", tier).build();
        return client().exchange(HttpRequest.POST("/api/corpora", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE)
                .bearerAuth(token), Map.class);
    }

    @Test
    void eachEntryBecomesADocumentWithItsManifestTierAndBadEntriesFailAlone() {
        String admin = login("admin");
        byte[] zip = new Corpora()
                .add("gatehouse.yaml", "files:\n  - path: secret/salaries.md\n    tier: RESTRICTED\n    externalId: salaries-2026\n  - path: notes/canteen.txt\n    groups: [facilities]\n")
                .add("secret/salaries.md", "# Salaries\n\nThe harbour pilot earns 91,000 per year.")
                .add("notes/canteen.txt", "The canteen serves kedgeree on Tuesdays.")
                .add("guide.html", "<html><head><title>Guide</title></head><body><p>Visitors park on the north quay.</p></body></html>")
                .add("manual.pdf", Pdfs.pages("Manual", List.of(List.of("The crane lifts at most forty tonnes."))))
                .add("../escape.txt", "should never be written")
                .add("/etc/passwd", "root")
                .add("inner.zip", new Corpora().add("x.txt", "nested").zip())
                .add("bomb.txt", new byte[20 << 20])
                .add("fake.pdf", "not a pdf")
                .add("__MACOSX/._guide.html", "resource fork")
                .zip();
        Map<?, ?> accepted = uploadCorpus(admin, zip, "INTERNAL").body();
        assertEquals(9, accepted.get("files"));
        assertEquals(4, accepted.get("refused"), "traversal, absolute path, nested archive and bomb are refused at once");
        Map<?, ?> job = awaitJob(admin, (String) accepted.get("jobId"));
        assertEquals("DONE_WITH_FAILURES", job.get("status"));
        Map<String, Map<?, ?>> items = ((List<Map<?, ?>>) job.get("items")).stream()
                .collect(Collectors.toMap(i -> (String) i.get("filename"), i -> i));
        for (String good : List.of("secret/salaries.md", "notes/canteen.txt", "guide.html", "manual.pdf")) {
            assertEquals("INDEXED", items.get(good).get("status"), () -> good + ": " + items.get(good));
        }
        assertTrue(items.get("../escape.txt").get("error").toString().contains(".."));
        assertTrue(items.get("/etc/passwd").get("error").toString().contains("absolute"));
        assertTrue(items.get("inner.zip").get("error").toString().contains("nested archive"));
        assertTrue(items.get("bomb.txt").get("error").toString().contains("zip bomb"), () -> items.get("bomb.txt").toString());
        assertTrue(items.get("fake.pdf").get("error").toString().contains("not a PDF"));

        List<Map<?, ?>> page = (List<Map<?, ?>>) client().retrieve(HttpRequest.GET("/api/documents?limit=500").bearerAuth(admin),
                Map.class).get("items");
        Map<String, Map<?, ?>> docs = page.stream()
                .collect(Collectors.toMap(d -> (String) d.get("filename"), d -> d, (a, b) -> a));
        assertEquals("RESTRICTED", docs.get("secret/salaries.md").get("tier"), "the manifest's tier wins");
        assertEquals("salaries-2026", docs.get("secret/salaries.md").get("externalId"), "the manifest names the document");
        assertEquals(null, docs.get("guide.html").get("externalId"), "a path alone is no identity");
        assertEquals("INTERNAL", docs.get("guide.html").get("tier"), "the declared tier is the default");
        assertEquals(List.of("facilities"), docs.get("notes/canteen.txt").get("groups"));
        assertEquals("Guide", docs.get("guide.html").get("title"));

        assertFalse(ask(login("staff"), "What does the harbour pilot earn?").get("answer").toString().contains("91,000"));
        assertTrue(ask(login("analyst"), "What does the harbour pilot earn?").get("answer").toString().contains("91,000"));
    }

    @Test
    void theSameExternalIdWithNewContentReplacesTheDocument() {
        String admin = login("admin");
        String first = uploadAndWait(admin, "ferry-v1.txt", "The ferry timetable says the last boat leaves at 21:10.", "PUBLIC", "ferry-timetable");
        String second = uploadAndWait(admin, "ferry-v2.txt", "The ferry timetable says the last boat leaves at 22:40.", "PUBLIC", "ferry-timetable");
        assertEquals(first, second, "same external id, same document");
        String answer = ask(login("staff"), "When does the last ferry boat leave?").get("answer").toString();
        assertTrue(answer.contains("22:40") && !answer.contains("21:10"), answer);
        Map<?, ?> doc = client().retrieve(HttpRequest.GET("/api/documents/" + first).bearerAuth(admin), Map.class);
        assertEquals("ferry-v2.txt", doc.get("filename"));
    }

    @Test
    void recentJobsAreListedNewestFirstWithTheirCounts() {
        String admin = login("admin");
        byte[] zip = new Corpora()
                .add("tides.txt", "High water at the east lock is logged every six hours.")
                .add("lamps.md", "# Lamps\n\nNavigation lamps are checked every Monday.")
                .add("fake.pdf", "not a pdf")
                .zip();
        String jobId = (String) uploadCorpus(admin, zip, "PUBLIC").body().get("jobId");
        awaitJob(admin, jobId);
        Map<?, ?> list = client().retrieve(HttpRequest.GET("/api/jobs?limit=1").bearerAuth(admin), Map.class);
        assertEquals(1, list.get("limit"));
        List<Map<?, ?>> jobs = (List<Map<?, ?>>) list.get("items");
        assertEquals(1, jobs.size());
        Map<?, ?> job = jobs.getFirst();
        assertEquals(jobId, job.get("id"), "the newest job first");
        assertEquals("CORPUS", job.get("kind"));
        assertEquals("DONE_WITH_FAILURES", job.get("status"));
        assertEquals(List.of(3, 3, 2, 0, 1), List.of(job.get("total"), job.get("finished"), job.get("indexed"),
                job.get("duplicates"), job.get("failed")));
        assertEquals("admin", job.get("submittedBy"));
        assertFalse(job.containsKey("items"), "a list carries counts, not files");

        HttpClientResponseException bad = assertThrows(HttpClientResponseException.class,
                () -> client().retrieve(HttpRequest.GET("/api/jobs?limit=0").bearerAuth(admin), Map.class));
        assertEquals(400, bad.getStatus().getCode());
        assertTrue(TestServer.problem(bad).get("type").toString().endsWith("/problems/invalid-argument"));
        HttpClientResponseException staff = assertThrows(HttpClientResponseException.class,
                () -> client().retrieve(HttpRequest.GET("/api/jobs").bearerAuth(login("staff")), Map.class));
        assertEquals(403, staff.getStatus().getCode());
    }

    @Test
    void anArchiveThatIsNotAZipIsRefusedWhole() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> uploadCorpus(login("admin"), "definitely not a zip".getBytes(StandardCharsets.UTF_8), "PUBLIC"));
        assertEquals(422, e.getStatus().getCode());
        assertEquals("/problems/corpus/rejected", TestServer.problem(e).get("type"));
        assertNotNull(TestServer.problem(e).get("detail"));
    }

    @Inject
    io.micronaut.runtime.server.EmbeddedServer embedded;

    @Test
    void theBulkCommandUploadsAFolderAndSummarises(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("sub"));
        java.nio.file.Files.writeString(dir.resolve("a.txt"), "The lock gates open at high water only.");
        java.nio.file.Files.writeString(dir.resolve("sub/b.md"), "# Lamps\n\nNavigation lamps are checked weekly.");
        java.nio.file.Files.write(dir.resolve("sub/c.pdf"), "not really a pdf".getBytes(StandardCharsets.UTF_8));
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        io.gatehouse.web.cli.BulkIngest cli = new io.gatehouse.web.cli.BulkIngest(embedded.getURL().toString(),
                new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        int failed = cli.run(dir, "PUBLIC", "", cli.login("admin", "admin-demo"));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, failed, out);
        assertTrue(out.contains("3/3") && out.contains("indexed 2") && out.contains("failed sub/c.pdf"), out);
    }

    private String uploadAndWait(String token, String name, String text, String tier, String externalId) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", name, MediaType.TEXT_PLAIN_TYPE, text.getBytes(StandardCharsets.UTF_8))
                .addPart("tier", tier).addPart("externalId", externalId).build();
        Map<?, ?> s = client().retrieve(HttpRequest.POST("/api/documents", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(token), Map.class);
        awaitJob(token, (String) s.get("jobId"));
        return (String) s.get("documentId");
    }
}
