package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.multipart.MultipartBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server in a child JVM: it survives a corpus of hostile files in a 512 MB heap, after a
 * {@code kill -9} in the middle of a job it resumes and indexes every document exactly once, and a lost
 * index folder is rebuilt from the stored originals when it starts.
 */
class ChildServerTest {

    @TempDir
    Path dir;

    @Test
    void hostileCorpusFailsFileByFileInABoundedHeapAndGoodFilesAreIndexed() throws Exception {
        Map<String, byte[]> hostile = HostileFiles.generate(new Random(2026));
        assertTrue(hostile.size() >= 200, "at least 200 hostile files: " + hostile.size());
        Corpora corpus = new Corpora();
        hostile.forEach(corpus::add);
        for (int i = 0; i < 20; i++) {
            corpus.add("good/" + i + ".md", "# Note " + i + "\n\nBuoy number " + i + " is painted in colour code QX" + (1000 + i) + ".");
        }
        try (ChildServer server = ChildServer.start(dir.resolve("data"), "512m", dir.resolve("server.log"))) {
            Client c = new Client(server);
            String admin = c.login("admin");
            Map<?, ?> accepted = c.uploadCorpus(admin, corpus.zip(), "INTERNAL");
            Map<?, ?> job = c.awaitJob(admin, (String) accepted.get("jobId"));
            assertTrue(server.isAlive(), "the server survived");
            List<Map<?, ?>> items = (List<Map<?, ?>>) job.get("items");
            int recovered = 0;
            assertEquals(hostile.size() + 20, items.size());
            for (Map<?, ?> item : items) {
                String name = (String) item.get("filename");
                if (name.startsWith("good/")) {
                    assertEquals("INDEXED", item.get("status"), () -> name + ": " + item);
                } else if (name.startsWith("broken-xref/") && "INDEXED".equals(item.get("status"))) {
                    recovered++; // PDFBox rebuilds a broken cross-reference table by scanning the file: readable after all
                } else {
                    assertEquals("FAILED", item.get("status"), () -> name + " should have failed: " + item);
                    assertFalse(String.valueOf(item.get("error")).isBlank(), () -> name + " has no reason");
                }
            }
            assertTrue(c.answer(c.login("staff"), "What colour code is buoy number 7 painted in?").contains("QX1007"));
            System.out.println("hostile corpus: " + hostile.size() + " files, " + recovered + " broken-xref PDFs recovered by PDFBox");
        }
    }

    @Test
    void aKilledServerResumesItsJobAndIndexesEachDocumentOnce() throws Exception {
        int files = 100;
        Corpora corpus = new Corpora();
        for (int i = 0; i < files; i++) {
            corpus.add("notes/" + i + ".txt", "Harbour note " + i + ". Mooring ring " + i + " was inspected by diver code D" + (5000 + i)
                    + ".\n\nThe inspection log for ring " + i + " is kept in cabinet " + (i % 7) + ".");
        }
        Path data = dir.resolve("data");
        String jobId;
        try (ChildServer server = ChildServer.start(data, "768m", dir.resolve("server.log"))) {
            Client c = new Client(server);
            String admin = c.login("admin");
            jobId = (String) c.uploadCorpus(admin, corpus.zip(), "INTERNAL").get("jobId");
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (((Number) c.job(admin, jobId).get("finished")).intValue() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            server.kill();
        }
        try (ChildServer server = ChildServer.start(data, "768m", dir.resolve("server.log"))) {
            Client c = new Client(server);
            String admin = c.login("admin");
            Map<?, ?> job = c.awaitJob(admin, jobId);
            assertEquals(files, ((Number) job.get("indexed")).intValue(), () -> "job after restart: " + job);
            Map<?, ?> page = c.http.retrieve(HttpRequest.GET("/api/documents?limit=500").bearerAuth(admin), Map.class);
            List<Map<?, ?>> docs = (List<Map<?, ?>>) page.get("items");
            assertEquals(files, ((Number) page.get("total")).intValue(), "each document once in the catalogue");
            assertEquals(files, docs.size());
            Set<String> names = new HashSet<>();
            long chunks = 0;
            for (Map<?, ?> d : docs) {
                assertTrue(names.add((String) d.get("filename")), "duplicate catalogue entry " + d.get("filename"));
                chunks += ((Number) d.get("chunks")).longValue();
            }
            // a document indexed twice, or partly, would break this equality
            assertEquals(chunks, c.indexChunks(), "each document's chunks once in the index");
            assertTrue(c.answer(c.login("staff"), "Which diver code inspected mooring ring 42?").contains("D5042"));
        }
    }

    @Test
    void aLostIndexIsRebuiltFromTheStoredOriginalsAtStartup() throws Exception {
        Path data = dir.resolve("data");
        Set<String> ids = new HashSet<>();
        long chunks;
        try (ChildServer server = ChildServer.start(data, "768m", dir.resolve("server.log"))) {
            Client c = new Client(server);
            String admin = c.login("admin");
            ids.add(c.uploadAndWait(admin, "tides.txt",
                    "The spring tide at the east lock peaks at 6.2 metres; the tide board logs it as TQ-4411.".getBytes(UTF_8), "PUBLIC"));
            ids.add(c.uploadAndWait(admin, "pilots.txt",
                    "The night pilot's direct line is extension 7729, for harbour control only.".getBytes(UTF_8), "RESTRICTED"));
            chunks = c.indexChunks();
            assertEquals(2, chunks);
        }
        // The index folder is gone (a replaced disk, a backup that held only the database and originals).
        try (var files = Files.walk(data.resolve("index"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertFalse(Files.exists(data.resolve("index")));
        try (ChildServer server = ChildServer.start(data, "768m", dir.resolve("server.log"))) {
            Client c = new Client(server);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (c.indexChunks() < chunks && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(chunks, c.indexChunks(), "every document back in the index, once");
            String admin = c.login("admin");
            List<Map<?, ?>> docs = (List<Map<?, ?>>) c.http.retrieve(HttpRequest.GET("/api/documents?limit=500").bearerAuth(admin),
                    Map.class).get("items");
            assertEquals(ids, docs.stream().map(d -> (String) d.get("id")).collect(java.util.stream.Collectors.toSet()),
                    "the documents keep their ids");
            assertTrue(c.answer(c.login("staff"), "What does the tide board log for the east lock?").contains("TQ-4411"));
            assertTrue(c.answer(c.login("analyst"), "What is the night pilot's direct line?").contains("7729"));
            assertFalse(c.answer(c.login("staff"), "What is the night pilot's direct line?").contains("7729"),
                    "the repaired document keeps its tier");
        }
    }

    /** The same calls as the in-process tests, against the child's port. */
    private static final class Client implements TestServer {
        private final BlockingHttpClient http;

        Client(ChildServer server) throws MalformedURLException {
            this.http = HttpClient.create(URI.create(server.baseUrl()).toURL()).toBlocking();
        }

        @Override
        public BlockingHttpClient client() {
            return http;
        }

        Map<?, ?> uploadCorpus(String token, byte[] zip, String tier) {
            MultipartBody body = MultipartBody.builder()
                    .addPart("file", "corpus.zip", MediaType.APPLICATION_OCTET_STREAM_TYPE, zip).addPart("tier", tier).build();
            return http.retrieve(HttpRequest.POST("/api/corpora", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE)
                    .bearerAuth(token), Map.class);
        }

        Map<?, ?> job(String token, String jobId) {
            return http.retrieve(HttpRequest.GET("/api/jobs/" + jobId).bearerAuth(token), Map.class);
        }

        String answer(String token, String question) {
            return ask(token, question).get("answer").toString();
        }

        long indexChunks() {
            Map<?, ?> health = http.retrieve(HttpRequest.GET("/health"), Map.class);
            Map<?, ?> index = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) health.get("details")).get("index")).get("details");
            return ((Number) index.get("chunks")).longValue();
        }
    }
}
