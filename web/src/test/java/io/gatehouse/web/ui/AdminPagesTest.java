package io.gatehouse.web.ui;

import io.gatehouse.web.Corpora;
import io.gatehouse.web.Pdfs;
import io.gatehouse.web.TestServerProperties;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin pages through a real server: uploads and their jobs, the catalogue, deletion, accounts, the policy, access. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPagesTest implements TestPropertyProvider {

    private static final List<String> ADMIN_PAGES = List.of("/admin", "/admin/users", "/admin/users/admin", "/admin/policy",
            "/admin/jobs/some-job", "/admin/jobs/some-job/progress", "/admin/documents/some-doc/delete");

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = new HashMap<>(TestServerProperties.fresh());
        // small limits, so "too big" is cheap to provoke: one for ingestion, one for the HTTP layer above it
        props.put("gatehouse.ingest.max-file-bytes", "200000");
        props.put("micronaut.server.multipart.max-file-size", "1000000");
        props.put("micronaut.server.max-request-size", "1000000");
        return props;
    }

    private FormClient admin() {
        FormClient c = new FormClient(server.getURI());
        assertEquals(303, c.signIn("admin", "admin-demo").statusCode());
        return c;
    }

    @Test
    void anUploadedPdfIsFollowedToIndexedListedAndErasedThroughTheConfirmationPage() {
        FormClient admin = admin();
        byte[] pdf = Pdfs.pages("Lighthouse Operations Manual", List.of(
                List.of("Chapter 1. The lamp room.", "The lamp must be cleaned every morning before sunrise."),
                List.of("Chapter 2. Animals on the station.", "The keeper's cat is named Quillibert and weighs seven kilograms.")));

        // no groups: a group would hide it from the analyst, who is in none
        HttpResponse<String> r = upload(admin, "lighthouse.pdf", pdf, "INTERNAL", "");
        assertEquals(303, r.statusCode(), r.body());
        String jobPath = r.headers().firstValue("location").orElseThrow();
        assertTrue(jobPath.startsWith("/admin/jobs/"), jobPath);
        Document jobPage = Jsoup.parse(admin.get(jobPath).body());
        assertNotNull(jobPage.getElementById("job-bar"), "the job page has a progress bar");
        assertEquals(1, jobPage.select("#job-items tr.job-item").size());

        Document done = waitUntilDone(admin, jobPath);
        Element item = done.selectFirst("#job-item-0");
        assertEquals("indexed", item.attr("data-state"), item::outerHtml);
        assertEquals("Lighthouse Operations Manual", item.select("td").get(3).text());
        assertEquals("1", done.getElementById("job-bar").attr("value"));

        Document catalogue = Jsoup.parse(admin.get("/admin").body());
        Element row = catalogue.select("#catalogue tr.doc-row").stream()
                .filter(e -> e.selectFirst(".doc-filename").text().equals("lighthouse.pdf")).findFirst().orElseThrow();
        assertEquals("Lighthouse Operations Manual", row.selectFirst(".doc-title").text());
        assertEquals("INTERNAL", row.selectFirst(".doc-tier").text());
        assertEquals("", row.selectFirst(".doc-groups").text());
        assertEquals("2", row.selectFirst(".doc-pages").text());
        assertTrue(Integer.parseInt(row.selectFirst(".doc-chunks").text()) >= 2, "chunks never cross pages");
        assertEquals("admin", row.selectFirst(".doc-uploaded span").text());
        assertNotNull(row.selectFirst("form.delete-form[data-confirm]"), "the scripted delete asks first");
        String documentId = row.attr("data-document-id");

        // the same bytes again: one document, and the job says so
        r = upload(admin, "lighthouse-copy.pdf", pdf, "INTERNAL", "");
        assertEquals(303, r.statusCode(), r.body());
        Document dup = waitUntilDone(admin, r.headers().firstValue("location").orElseThrow());
        assertNotNull(dup.getElementById("job-duplicate"), dup::outerHtml);
        assertEquals("duplicate", dup.selectFirst("#job-item-0").attr("data-state"));

        FormClient analyst = new FormClient(server.getURI());
        assertEquals(303, analyst.signIn("analyst", "analyst-demo").statusCode());
        String before = ask(analyst, "What is the name of the keeper's cat?");
        assertTrue(before.contains("Quillibert") && before.contains(documentId), () -> "found before the delete: " + before);

        // without scripts the row's form posts unconfirmed and the server answers with its confirmation page
        Element rowForm = row.selectFirst("form.delete-form");
        r = admin.postForm(rowForm.attr("action"), fields(rowForm));
        assertEquals(303, r.statusCode(), r.body());
        String confirmPath = r.headers().firstValue("location").orElseThrow();
        assertEquals("/admin/documents/" + documentId + "/delete", confirmPath);
        assertNotNull(Jsoup.parse(admin.get("/admin").body()).getElementById("doc-" + documentId), "an unconfirmed post deletes nothing");
        Document confirm = Jsoup.parse(admin.get(confirmPath).body());
        assertEquals("Lighthouse Operations Manual", confirm.select("#delete-facts dd").first().text());
        Element form = confirm.getElementById("delete-confirm-form");
        assertNotNull(form.getElementById("delete-confirm"));
        r = admin.postForm(form.attr("action"), fields(form));
        assertEquals(303, r.statusCode(), r.body());
        Document after = Jsoup.parse(admin.get(r.headers().firstValue("location").orElseThrow()).body());
        assertNotNull(after.getElementById("admin-notice"));
        assertNull(after.getElementById("doc-" + documentId), "the catalogue no longer lists it");
        String answer = ask(analyst, "What is the name of the keeper's cat?");
        assertFalse(answer.contains("Quillibert"), answer);
        assertFalse(answer.contains(documentId), answer);
        assertEquals(404, admin.get("/admin/documents/" + documentId + "/delete").statusCode());
    }

    @Test
    void aZipCorpusWithAManifestShowsEachFilesState() {
        FormClient admin = admin();
        byte[] zip = new Corpora()
                .add("manifest.csv", "path,tier,groups\nsalaries.md,CONFIDENTIAL,hr\n")
                .add("ferry.md", "# Ferry\n\nThe winter ferry to Gull Island leaves at 06:45 from pier nine.")
                .add("salaries.md", "# Pay bands\n\nBand C starts at 41,000 a year for harbour pilots.")
                .add("inner.zip", new Corpora().add("x.txt", "nested").zip())
                .zip();
        HttpResponse<String> r = upload(admin, "harbour.zip", zip, "PUBLIC", "");
        assertEquals(303, r.statusCode(), r.body());
        Document done = waitUntilDone(admin, r.headers().firstValue("location").orElseThrow());
        Map<String, Element> byFile = new HashMap<>();
        done.select("#job-items tr.job-item").forEach(e -> byFile.put(e.selectFirst(".job-item-file").text(), e));
        assertEquals("indexed", byFile.get("ferry.md").attr("data-state"), done::outerHtml);
        assertEquals("indexed", byFile.get("salaries.md").attr("data-state"));
        Element nested = byFile.get("inner.zip");
        assertEquals("failed", nested.attr("data-state"));
        assertFalse(nested.selectFirst(".job-item-error").text().isBlank(), "a failure says why");
        assertTrue(done.getElementById("job-status").text().contains("1 failed"), done.getElementById("job-status").text());

        Document catalogue = Jsoup.parse(admin.get("/admin").body());
        Element salaries = catalogue.select("#catalogue tr.doc-row").stream()
                .filter(e -> e.selectFirst(".doc-filename").text().equals("salaries.md")).findFirst().orElseThrow();
        assertEquals("CONFIDENTIAL", salaries.selectFirst(".doc-tier").text(), "the manifest's tier");
        assertEquals("hr", salaries.selectFirst(".doc-groups").text());

        // re-tier the ferry notice through its row form: a job, then the catalogue shows the new tier
        Element ferry = catalogue.select("#catalogue tr.doc-row").stream()
                .filter(e -> e.selectFirst(".doc-filename").text().equals("ferry.md")).findFirst().orElseThrow();
        assertEquals("PUBLIC", ferry.selectFirst(".doc-tier").text());
        Element tierForm = ferry.selectFirst("form.tier-form");
        Map<String, String> change = fields(tierForm);
        assertEquals("PUBLIC", change.get("tier"), "the select starts at the declared tier");
        change.put("tier", "RESTRICTED");
        r = admin.postForm(tierForm.attr("action"), change);
        assertEquals(303, r.statusCode(), r.body());
        Document retier = waitUntilDone(admin, r.headers().firstValue("location").orElseThrow());
        assertEquals("indexed", retier.selectFirst("#job-item-0").attr("data-state"));
        Document page = Jsoup.parse(admin.get("/admin").body());
        Element after = page.getElementById("doc-" + ferry.attr("data-document-id"));
        assertEquals("RESTRICTED", after.selectFirst(".doc-tier").text());

        // both jobs are listed, newest first, each linking to its files, so an admin who left a job's page finds it again
        List<Element> jobs = page.select("#recent-jobs tr.job-row");
        assertEquals("RETIER", jobs.get(0).selectFirst(".job-kind").text(), page::outerHtml);
        assertEquals("CORPUS", jobs.get(1).selectFirst(".job-kind").text());
        assertEquals("DONE_WITH_FAILURES", jobs.get(1).attr("data-status"));
        assertTrue(jobs.get(1).selectFirst(".job-summary").text().contains("2 indexed, 0 duplicate(s), 1 failed"),
                jobs.get(1).selectFirst(".job-summary").text());
        assertEquals(r.headers().firstValue("location").orElseThrow(), jobs.get(0).selectFirst("a.job-link").attr("href"));
    }

    @Test
    void uploadMistakesAreShownInPlace() {
        FormClient admin = admin();
        HttpResponse<String> r = upload(admin, "notes.txt", "Some notes.".getBytes(StandardCharsets.UTF_8), "SECRET", "ops");
        assertEquals(400, r.statusCode());
        Document page = Jsoup.parse(r.body());
        assertTrue(page.getElementById("upload-tier-error").text().contains("SECRET"), page.getElementById("upload-tier-error").text());
        assertEquals("true", page.getElementById("upload-tier").attr("aria-invalid"));
        assertEquals("ops", page.getElementById("upload-groups").val(), "what the admin typed stays");

        r = upload(admin, "notes.txt", "Some notes.".getBytes(StandardCharsets.UTF_8), "PUBLIC", "no spaces allowed");
        assertEquals(400, r.statusCode());
        assertNotNull(Jsoup.parse(r.body()).getElementById("upload-groups-error"));

        r = upload(admin, "program.exe", new byte[]{'M', 'Z', 0, 0, 1, 2, 3}, "PUBLIC", "");
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(Jsoup.parse(r.body()).getElementById("upload-file-error").text().contains("program.exe"));

        r = upload(admin, "broken.zip", "not a zip at all".getBytes(StandardCharsets.UTF_8), "PUBLIC", "");
        assertEquals(422, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("upload-file-error").text().contains("broken.zip"));

        r = upload(admin, "huge.txt", "tide ".repeat(50_000).getBytes(StandardCharsets.UTF_8), "PUBLIC", "");
        assertEquals(413, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("upload-file-error").text().contains("limit"), r.body());

        // above the HTTP layer's limit the body is refused unread; a fresh client, as the refused connection is closed
        FormClient other = admin();
        r = upload(other, "enormous.txt", "tide ".repeat(300_000).getBytes(StandardCharsets.UTF_8), "PUBLIC", "");
        assertEquals(413, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/html"), "a page, not problem+json");
        assertTrue(Jsoup.parse(r.body()).selectFirst("main h1").text().contains("too large"), r.body());
        FormClient api = admin();
        String token = FormClient.csrfOf(api.get("/admin").body());
        r = api.send(HttpRequest.newBuilder(api.base().resolve("/api/documents")).header("Accept", "application/json")
                .header("X-CSRF-Token", token).header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1_500_000])));
        assertEquals(413, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/problem+json"), "the API keeps its problem");

        // a multipart form without its token in the query string is refused like any other
        r = admin.postMultipart("/admin/upload", Map.of("tier", "PUBLIC"), "file", "notes.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode());
    }

    @Test
    void markupInATitleOrFilenameIsEscaped() {
        FormClient admin = admin();
        String evil = "<script>alert(1)</script>";
        byte[] pdf = Pdfs.pages(evil, List.of(List.of("A perfectly ordinary page about mooring ropes.")));
        HttpResponse<String> r = upload(admin, evil + ".pdf", pdf, "PUBLIC", "");
        assertEquals(303, r.statusCode(), r.body());
        String jobPath = r.headers().firstValue("location").orElseThrow();
        waitUntilDone(admin, jobPath);
        String jobHtml = admin.get(jobPath).body();
        String html = admin.get("/admin").body();
        assertFalse(html.contains(evil), "raw markup in the catalogue");
        assertFalse(jobHtml.contains(evil), "raw markup on the job page");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown escaped");
        Element row = Jsoup.parse(html).select("#catalogue tr.doc-row").first();
        assertEquals(evil, row.selectFirst(".doc-title").text());
        String confirm = admin.get("/admin/documents/" + row.attr("data-document-id") + "/delete").body();
        assertFalse(confirm.contains(evil));
        assertTrue(confirm.contains("&lt;script&gt;"));
        // the scripted path: admin.js marks the row's form confirmed after the dialog, and it deletes at once
        Element rowForm = row.selectFirst("form.delete-form");
        Map<String, String> confirmed = fields(rowForm);
        confirmed.put("confirmed", "yes");
        r = admin.postForm(rowForm.attr("action"), confirmed);
        assertEquals(303, r.statusCode(), r.body());
        String notice = admin.get(r.headers().firstValue("location").orElseThrow()).body();
        assertFalse(notice.contains(evil), "the deletion notice escapes the title too");
        assertTrue(Jsoup.parse(notice).getElementById("admin-notice").text().contains(evil));
        assertNull(Jsoup.parse(notice).getElementById("doc-" + row.attr("data-document-id")));
    }

    @Test
    void theCataloguePagesAndFiltersInTheDatabase() {
        FormClient admin = admin();
        Corpora corpus = new Corpora();
        StringBuilder manifest = new StringBuilder("path,tier,groups\n");
        for (int i = 0; i < 55; i++) {
            String name = "mooring-%02d.md".formatted(i);
            corpus.add(name, "# Mooring log %02d\n\nBerth %d was checked; bollard %d holds a %d-tonne line."
                    .formatted(i, i, i + 2, 20 + i % 9));
            if (i % 3 == 0) {
                manifest.append(name).append(",CONFIDENTIAL,\n");
            }
        }
        corpus.add("manifest.csv", manifest.toString());
        HttpResponse<String> r = upload(admin, "moorings.zip", corpus.zip(), "INTERNAL", "");
        assertEquals(303, r.statusCode(), r.body());
        Document job = waitUntilDone(admin, r.headers().firstValue("location").orElseThrow());
        assertTrue(job.getElementById("job-status").text().contains("55 indexed"), job.getElementById("job-status").text());

        // the filter form is a plain GET: its fields come back filled in, and the pager keeps them
        Document first = Jsoup.parse(admin.get("/admin?title=MOORING+log").body());
        assertEquals("MOORING log", first.getElementById("filter-title").val());
        assertEquals("55 matching document(s).", first.getElementById("catalogue-count").text());
        assertEquals(50, first.select("#catalogue tr.doc-row").size());
        assertTrue(first.select("#catalogue .doc-title").eachText().stream().allMatch(t -> t.startsWith("Mooring log")));
        assertNull(first.getElementById("catalogue-newer"));
        String older = first.getElementById("catalogue-older").attr("href");
        assertTrue(older.contains("title=MOORING+log") || older.contains("title=MOORING%20log"), older);
        Document second = Jsoup.parse(admin.get(older).body());
        List<String> secondIds = second.select("#catalogue tr.doc-row").eachAttr("data-document-id");
        assertEquals(5, secondIds.size());
        assertNull(second.getElementById("catalogue-older"));
        List<String> firstIds = first.select("#catalogue tr.doc-row").eachAttr("data-document-id");
        assertTrue(secondIds.stream().noneMatch(firstIds::contains), "no row on two pages");
        Document back = Jsoup.parse(admin.get(second.getElementById("catalogue-newer").attr("href")).body());
        assertEquals(firstIds, back.select("#catalogue tr.doc-row").eachAttr("data-document-id"));

        Document confidential = Jsoup.parse(admin.get("/admin?title=mooring&tier=CONFIDENTIAL").body());
        assertEquals("19 matching document(s).", confidential.getElementById("catalogue-count").text());
        assertTrue(confidential.select("#catalogue .doc-tier").eachText().stream().allMatch("CONFIDENTIAL"::equals));
        assertEquals("CONFIDENTIAL", confidential.selectFirst("#filter-tier option[selected]").val());
        assertNotNull(confidential.getElementById("filter-clear"));
        assertNull(first.selectFirst("#catalogue-filter input[name=_csrf]"), "a GET form carries no token into the URL");

        r = admin.get("/admin?tier=SECRET");
        assertEquals(400, r.statusCode());
        Document refused = Jsoup.parse(r.body());
        assertTrue(refused.getElementById("filter-error").text().contains("SECRET"), refused.getElementById("filter-error").text());
        assertEquals("true", refused.getElementById("filter-title").attr("aria-invalid"));
        assertNotNull(refused.getElementById("catalogue-count"), "the unfiltered catalogue is still shown");
        assertEquals(400, admin.get("/admin?cursor=forged").statusCode());
    }

    @Test
    void anUploadCanNameItsExternalIdAndTheRowFormChangesGroupsWithTheTier() {
        FormClient admin = admin();
        HttpResponse<String> r = upload(admin, "berthing-v1.txt",
                "Berthing rules.\n\nShips over 200 metres berth at the north quay.".getBytes(StandardCharsets.UTF_8),
                "INTERNAL", "pilots", "HARBOUR-RULES-7");
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("indexed", waitUntilDone(admin, r.headers().firstValue("location").orElseThrow())
                .selectFirst("#job-item-0").attr("data-state"));
        Element row = Jsoup.parse(admin.get("/admin?title=berthing").body()).selectFirst("#catalogue tr.doc-row");
        String id = row.attr("data-document-id");
        assertEquals("HARBOUR-RULES-7", row.selectFirst(".doc-external-id").text());
        assertEquals("pilots", row.selectFirst(".doc-groups").text());

        // the same external id with new content replaces that document rather than adding one
        r = upload(admin, "berthing-v2.txt",
                "Berthing rules.\n\nShips over 250 metres berth at the north quay.".getBytes(StandardCharsets.UTF_8),
                "INTERNAL", "pilots", "HARBOUR-RULES-7");
        assertEquals(303, r.statusCode(), r.body());
        waitUntilDone(admin, r.headers().firstValue("location").orElseThrow());
        Document catalogue = Jsoup.parse(admin.get("/admin?title=berthing").body());
        assertEquals(List.of(id), catalogue.select("#catalogue tr.doc-row").eachAttr("data-document-id"));
        assertEquals("berthing-v2.txt", catalogue.selectFirst(".doc-filename").text());

        // a ZIP's files take their ids from its manifest; what the admin typed stays in the form
        r = upload(admin, "rules.zip", new Corpora().add("a.md", "# A\n\nText.").zip(), "INTERNAL", "", "HARBOUR-RULES-8");
        assertEquals(400, r.statusCode());
        Document refused = Jsoup.parse(r.body());
        assertTrue(refused.getElementById("upload-external-id-error").text().contains("manifest"));
        assertEquals("HARBOUR-RULES-8", refused.getElementById("upload-external-id").val());
        r = upload(admin, "rules.txt", "Rules.".getBytes(StandardCharsets.UTF_8), "INTERNAL", "", "R".repeat(501));
        assertEquals(400, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("upload-external-id-error").text().contains("at most 500"));

        // tier and groups in one go from the row form
        Element form = catalogue.selectFirst("#doc-" + id + " form.tier-form");
        Map<String, String> change = fields(form);
        assertEquals("pilots", change.get("groups"), "the groups field starts at the document's groups");
        change.put("tier", "CONFIDENTIAL");
        change.put("groups", "ops, pilots");
        r = admin.postForm(form.attr("action"), change);
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("indexed", waitUntilDone(admin, r.headers().firstValue("location").orElseThrow())
                .selectFirst("#job-item-0").attr("data-state"));
        Element after = Jsoup.parse(admin.get("/admin?title=berthing").body()).getElementById("doc-" + id);
        assertEquals("CONFIDENTIAL", after.selectFirst(".doc-tier").text());
        assertEquals("ops, pilots", after.selectFirst(".doc-groups").text());
        assertEquals("ops, pilots", after.selectFirst(".groups-input").val());

        // blank clears the groups; a bad name is refused and changes nothing
        change = fields(after.selectFirst("form.tier-form"));
        change.put("groups", "no spaces please");
        r = admin.postForm(form.attr("action"), change);
        assertEquals(400, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("admin-error").text().contains("no spaces please"));
        change.put("groups", "");
        r = admin.postForm(form.attr("action"), change);
        assertEquals(303, r.statusCode(), r.body());
        waitUntilDone(admin, r.headers().firstValue("location").orElseThrow());
        after = Jsoup.parse(admin.get("/admin?title=berthing").body()).getElementById("doc-" + id);
        assertEquals("", after.selectFirst(".doc-groups").text());
        assertEquals("CONFIDENTIAL", after.selectFirst(".doc-tier").text());
    }

    @Test
    void accountsAreCreatedCheckedDisabledAndReset() {
        FormClient admin = admin();
        Document users = Jsoup.parse(admin.get("/admin/users").body());
        assertNotNull(users.getElementById("user-analyst"));
        String token = token(users);

        HttpResponse<String> r = admin.postForm("/admin/users", Map.of("_csrf", token, "username", "harbour.pilot",
                "password", "a-long-enough-passphrase", "role_STAFF", "on", "clearance", "CONFIDENTIAL", "groups", "pilots, ops"));
        assertEquals(303, r.statusCode(), r.body());
        Document list = Jsoup.parse(admin.get(r.headers().firstValue("location").orElseThrow()).body());
        Element row = list.getElementById("user-harbour.pilot");
        assertEquals("STAFF", row.selectFirst(".user-roles").text());
        assertEquals("CONFIDENTIAL", row.selectFirst(".user-clearance").text());
        assertEquals("ops, pilots", row.selectFirst(".user-groups").text());
        FormClient pilot = new FormClient(server.getURI());
        r = pilot.signIn("harbour.pilot", "a-long-enough-passphrase");
        assertEquals("/account", r.headers().firstValue("location").orElseThrow(), "the admin chose the password: change it first");
        r = pilot.postForm("/account", Map.of("_csrf", token(Jsoup.parse(pilot.get("/account").body())),
                "currentPassword", "a-long-enough-passphrase", "newPassword", "the pilot's own passphrase",
                "repeatPassword", "the pilot's own passphrase"));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(200, pilot.get("/ask").statusCode());

        r = admin.postForm("/admin/users", Map.of("_csrf", token, "username", "harbour.pilot",
                "password", "another-long-passphrase", "role_STAFF", "on", "clearance", "INTERNAL", "groups", ""));
        assertEquals(409, r.statusCode());
        Document dup = Jsoup.parse(r.body());
        assertTrue(dup.getElementById("new-username-error").text().contains("already exists"));
        assertEquals("harbour.pilot", dup.getElementById("new-username").val());

        r = admin.postForm("/admin/users", Map.of("_csrf", token, "username", "deckhand",
                "password", "short", "role_STAFF", "on", "clearance", "PUBLIC", "groups", "deck"));
        assertEquals(400, r.statusCode());
        Document shortPw = Jsoup.parse(r.body());
        assertTrue(shortPw.getElementById("new-password-error").text().contains("at least"));
        assertEquals("deckhand", shortPw.getElementById("new-username").val());
        assertEquals("deck", shortPw.getElementById("new-groups").val());
        assertEquals("PUBLIC", shortPw.selectFirst("#new-clearance option[selected]").val());
        assertTrue(shortPw.getElementById("new-role-STAFF").hasAttr("checked"));
        assertEquals("", shortPw.getElementById("new-password").val(), "the password is never sent back");
        assertFalse(r.body().contains("value=\"short\""));

        r = admin.postForm("/admin/users", Map.of("_csrf", token, "username", "deckhand",
                "password", "a-long-enough-passphrase", "clearance", "PUBLIC", "groups", ""));
        assertEquals(400, r.statusCode());
        assertNotNull(Jsoup.parse(r.body()).getElementById("new-roles-error"), "no role ticked");

        // disable: the edit form without the enabled box ticked
        Document edit = Jsoup.parse(admin.get("/admin/users/harbour.pilot").body());
        assertTrue(edit.getElementById("edit-enabled").hasAttr("checked"));
        assertEquals("CONFIDENTIAL", edit.selectFirst("#edit-clearance option[selected]").val());
        r = admin.postForm("/admin/users/harbour.pilot", Map.of("_csrf", token(edit), "role_STAFF", "on",
                "clearance", "CONFIDENTIAL", "groups", "pilots, ops"));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("no", Jsoup.parse(admin.get("/admin/users").body()).selectFirst("#user-harbour\\.pilot .user-enabled").text());
        assertEquals(303, pilot.get("/ask").statusCode(), "the disabled account's session is over");
        assertEquals(401, new FormClient(server.getURI()).signIn("harbour.pilot", "the pilot's own passphrase").statusCode());

        // an invalid clearance in the edit form is shown next to it
        r = admin.postForm("/admin/users/harbour.pilot", Map.of("_csrf", token(edit), "role_STAFF", "on",
                "clearance", "TOP_SECRET", "groups", "pilots"));
        assertEquals(400, r.statusCode());
        assertNotNull(Jsoup.parse(r.body()).getElementById("edit-clearance-error"));

        // reset the password (too short first), enable again, sign in with the new one
        r = admin.postForm("/admin/users/harbour.pilot/password", Map.of("_csrf", token(edit), "password", "tiny"));
        assertEquals(400, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("reset-password-error").text().contains("at least"));
        r = admin.postForm("/admin/users/harbour.pilot/password", Map.of("_csrf", token(edit), "password", "the-new-passphrase-42"));
        assertEquals(303, r.statusCode(), r.body());
        Document afterReset = Jsoup.parse(admin.get(r.headers().firstValue("location").orElseThrow()).body());
        assertNotNull(afterReset.getElementById("user-notice"));
        assertTrue(afterReset.getElementById("account-must-change").text().startsWith("yes"), "reset by an administrator");
        r = admin.postForm("/admin/users/harbour.pilot", Map.of("_csrf", token(edit), "role_STAFF", "on",
                "clearance", "CONFIDENTIAL", "groups", "pilots", "enabled", "on"));
        assertEquals(303, r.statusCode(), r.body());
        FormClient again = new FormClient(server.getURI());
        assertEquals(401, again.signIn("harbour.pilot", "the pilot's own passphrase").statusCode());
        assertEquals(303, again.signIn("harbour.pilot", "the-new-passphrase-42").statusCode());

        assertEquals(404, admin.get("/admin/users/nobody-here").statusCode());
    }

    @Test
    void thePolicyIsEditedThroughTheSameValidation() throws IOException {
        FormClient admin = admin();
        Document page = Jsoup.parse(admin.get("/admin/policy").body());
        String original = page.getElementById("policy-yaml").wholeText();
        String versionBefore = apiPolicy(admin).get("version").toString();
        assertTrue(original.contains("destinations:"), original);
        assertEquals(versionBefore, page.getElementById("policy-version").text());

        String broken = "version: x\nrules:\n  - name: r\n    route: TELEPORT\n";
        HttpResponse<String> r = admin.postForm("/admin/policy", Map.of("_csrf", token(page), "yaml", broken));
        assertEquals(422, r.statusCode());
        Document refused = Jsoup.parse(r.body());
        assertFalse(refused.select("#policy-problems li").isEmpty(), r.body());
        assertEquals(broken, refused.getElementById("policy-yaml").wholeText(), "the admin's text stays in the textarea");
        assertEquals(versionBefore, apiPolicy(admin).get("version"), "the stored policy is unchanged");

        String edited = original.replaceFirst("(?m)^version: .*$", "version: \"ui-edit-1\"");
        r = admin.postForm("/admin/policy", Map.of("_csrf", token(page), "yaml", edited));
        assertEquals(303, r.statusCode(), r.body());
        Map<?, ?> stored = apiPolicy(admin);
        assertTrue(stored.get("version").toString().startsWith("ui-edit-1@"), stored.get("version")::toString);
        assertEquals(edited, stored.get("text"));
        Document saved = Jsoup.parse(admin.get(r.headers().firstValue("location").orElseThrow()).body());
        assertNotNull(saved.getElementById("policy-notice"));
        assertEquals(edited, saved.getElementById("policy-yaml").wholeText());
    }

    @Test
    void theSimulationOnThePolicyPageAgreesWithTheApi() throws IOException {
        FormClient admin = admin();
        String token = FormClient.csrfOf(admin.get("/admin/policy").body());
        for (String tier : List.of("PUBLIC", "INTERNAL", "RESTRICTED")) {
            HttpResponse<String> r = admin.postForm("/admin/policy/simulate", Map.of("_csrf", token, "tier", tier,
                    "user", "analyst", "contextPii", "EMAIL_ADDRESS"));
            assertEquals(200, r.statusCode(), r.body());
            Document page = Jsoup.parse(r.body());
            HttpResponse<String> api = admin.send(HttpRequest.newBuilder(admin.base().resolve("/api/policy/simulate"))
                    .header("Content-Type", "application/json").header("Accept", "application/json").header("X-CSRF-Token", token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tier\":\"" + tier + "\",\"user\":\"analyst\",\"contextPii\":[\"EMAIL_ADDRESS\"]}")));
            assertEquals(200, api.statusCode(), api.body());
            Map<?, ?> decision = (Map<?, ?>) json.readValue(api.body(), Map.class).get("decision");
            assertEquals(decision.get("route"), page.getElementById("sim-route").attr("data-route"), tier);
            assertEquals(decision.get("rule"), page.getElementById("sim-rule").text(), tier);
            assertEquals(tier, page.getElementById("sim-context-tier").text());
            assertEquals("analyst", page.getElementById("sim-user").val(), "the form keeps its values");
            assertEquals(tier, page.selectFirst("#sim-tier option[selected]").val());
            if (tier.equals("RESTRICTED")) {
                assertEquals("ON_PREM", page.getElementById("sim-route").attr("data-route"), "RESTRICTED context never leaves");
            }
        }
        HttpResponse<String> r = admin.postForm("/admin/policy/simulate", Map.of("_csrf", token, "tier", "PUBLIC", "user", "nobody-at-all"));
        assertEquals(400, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("sim-error").text().contains("nobody-at-all"));
        r = admin.postForm("/admin/policy/simulate", Map.of("_csrf", token, "tier", "PUBLIC", "questionPii", "SHOE_SIZE"));
        assertEquals(400, r.statusCode());
        assertTrue(Jsoup.parse(r.body()).getElementById("sim-error").text().contains("SHOE_SIZE"));
    }

    @Test
    void onlyAdministratorsReachTheAdminPages() {
        for (String[] who : new String[][]{{"staff", "staff-demo"}, {"compliance", "compliance-demo"}}) {
            FormClient c = new FormClient(server.getURI());
            assertEquals(303, c.signIn(who[0], who[1]).statusCode());
            for (String path : ADMIN_PAGES) {
                assertEquals(403, c.get(path).statusCode(), who[0] + " " + path);
            }
            String token = FormClient.csrfOf(c.get("/login").body());
            assertEquals(403, c.postForm("/admin/policy", Map.of("_csrf", token, "yaml", "version: x")).statusCode());
            assertEquals(403, c.postForm("/admin/users", Map.of("_csrf", token, "username", "mallory")).statusCode());
        }
        FormClient anonymous = new FormClient(server.getURI());
        for (String path : ADMIN_PAGES) {
            HttpResponse<String> r = anonymous.get(path);
            assertEquals(303, r.statusCode(), path);
            assertTrue(r.headers().firstValue("location").orElseThrow().startsWith("/login?next="), path);
        }
        FormClient admin = admin();
        for (String path : List.of("/admin", "/admin/users", "/admin/users/admin", "/admin/policy")) {
            assertEquals(200, admin.get(path).statusCode(), path);
        }
        assertEquals(404, admin.get("/admin/jobs/no-such-job").statusCode());
    }

    // --- helpers

    private static HttpResponse<String> upload(FormClient c, String filename, byte[] bytes, String tier, String groups) {
        return upload(c, filename, bytes, tier, groups, "");
    }

    private static HttpResponse<String> upload(FormClient c, String filename, byte[] bytes, String tier, String groups,
                                               String externalId) {
        Document page = Jsoup.parse(c.get("/admin").body());
        String action = page.getElementById("upload-form").attr("action");
        assertTrue(action.startsWith("/admin/upload?_csrf="), action);
        assertNotNull(page.getElementById("upload-external-id"));
        return c.postMultipart(action, Map.of("tier", tier, "groups", groups, "externalId", externalId), "file", filename, bytes);
    }

    /** Polls the progress fragment as htmx does until it stops asking to be polled. */
    private static Document waitUntilDone(FormClient c, String jobPath) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = c.get(jobPath + "/progress");
            assertEquals(200, r.statusCode(), r.body());
            Document fragment = Jsoup.parse(r.body());
            Element section = fragment.getElementById("job-progress");
            assertNull(fragment.selectFirst("header.topbar"), "a fragment, not a page");
            if ("true".equals(section.attr("data-done"))) {
                assertFalse(section.hasAttr("hx-get"), "a finished job is not polled any more");
                assertFalse(section.hasAttr("hx-trigger"));
                assertNull(section.getElementById("job-refresh"));
                return fragment;
            }
            assertEquals(jobPath + "/progress", section.attr("hx-get"));
            assertEquals("every 1s", section.attr("hx-trigger"));
            assertNotNull(section.getElementById("job-refresh"), "without scripts: a refresh link");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + jobPath + " did not finish");
    }

    private String ask(FormClient c, String question) {
        String token = FormClient.csrfOf(c.get("/ask").body());
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(c.base().resolve("/api/ask"))
                .header("Content-Type", "application/json").header("Accept", "application/json").header("X-CSRF-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + question.replace("\"", "\\\"") + "\"}")));
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private Map<?, ?> apiPolicy(FormClient c) {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(c.base().resolve("/api/policy")).header("Accept", "application/json").GET());
        assertEquals(200, r.statusCode(), r.body());
        try {
            return json.readValue(r.body(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a browser without scripts submits for this form: its inputs as they are. */
    private static Map<String, String> fields(Element form) {
        Map<String, String> out = new HashMap<>();
        ((FormElement) form).formData().forEach(kv -> out.put(kv.key(), kv.value()));
        return out;
    }

    private static String token(Document page) {
        return page.selectFirst("meta[name=csrf-token]").attr("content");
    }
}
