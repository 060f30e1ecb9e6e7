package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two ingestion workers on the real server: files that write the same document keep their upload order,
 * and the same bytes queued twice are indexed once. Each file is long enough (a dozen chunks) that both
 * workers are inside it at the same time.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelIngestionTest extends RealServerTest {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestServerProperties.fresh());
        p.put("gatehouse.ingest.workers", "2");
        return p;
    }

    private static String longText(String subject) {
        return IntStream.range(0, 48)
                .mapToObj(i -> "Berth " + i + " of the " + subject + " takes vessels of up to " + (40 + i * 3)
                        + " metres. Its bollards were last load-tested in week " + (i % 52 + 1)
                        + ", and the pilot on duty signs the mooring plan before any vessel is secured there.")
                .collect(Collectors.joining("\n\n"));
    }

    private Map<?, ?> submit(String token, String name, String text, String externalId) {
        MultipartBody.Builder body = MultipartBody.builder()
                .addPart("file", name, MediaType.TEXT_PLAIN_TYPE, text.getBytes(StandardCharsets.UTF_8))
                .addPart("tier", "PUBLIC");
        if (externalId != null) {
            body.addPart("externalId", externalId);
        }
        return client().retrieve(HttpRequest.POST("/api/documents", body.build())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(token), Map.class);
    }

    private List<Map<?, ?>> documents(String token) {
        return (List<Map<?, ?>>) client().retrieve(HttpRequest.GET("/api/documents?limit=500").bearerAuth(token), Map.class)
                .get("items");
    }

    private static String status(Map<?, ?> job) {
        return (String) ((Map<?, ?>) ((List<?>) job.get("items")).getFirst()).get("status");
    }

    @Test
    void aSecondUploadOfAnExternalIdMadeBeforeTheFirstFinishedReplacesItInOrder() {
        String admin = login("admin");
        // The first version is long, the second short: a second worker that took the second upload
        // without waiting would finish it first and let the first version overwrite it.
        Map<?, ?> first = submit(admin, "harbour-v1.txt", longText("north harbour"), "harbour-berths");
        Map<?, ?> second = submit(admin, "harbour-v2.txt", "Berth 1 of the north harbour is closed for dredging.", "harbour-berths");
        assertEquals(first.get("documentId"), second.get("documentId"), "one external id, one document");
        assertEquals("INDEXED", status(awaitJob(admin, (String) first.get("jobId"))));
        assertEquals("INDEXED", status(awaitJob(admin, (String) second.get("jobId"))));

        List<Map<?, ?>> named = documents(admin).stream().filter(d -> "harbour-berths".equals(d.get("externalId"))).toList();
        assertEquals(1, named.size(), () -> "documents under the external id: " + named);
        assertEquals("harbour-v2.txt", named.getFirst().get("filename"), "the later upload wins");
        assertEquals(1, ((Number) named.getFirst().get("chunks")).intValue(), "the index holds the later text");
    }

    @Test
    void theSameBytesQueuedTwiceAreIndexedOnce() {
        String admin = login("admin");
        byte[] bytes = longText("south harbour").getBytes(StandardCharsets.UTF_8);
        byte[] zip = new Corpora().add("south-a.txt", bytes).add("south-b.txt", bytes).zip();
        MultipartBody body = MultipartBody.builder()
                .addPart("file", "corpus.zip", MediaType.APPLICATION_OCTET_STREAM_TYPE, zip)
                .addPart("tier", "PUBLIC").build();
        Map<?, ?> accepted = client().retrieve(HttpRequest.POST("/api/corpora", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(admin), Map.class);
        Map<?, ?> job = awaitJob(admin, (String) accepted.get("jobId"));
        List<String> statuses = ((List<Map<?, ?>>) job.get("items")).stream().map(i -> (String) i.get("status")).sorted().toList();
        assertEquals(List.of("DUPLICATE", "INDEXED"), statuses, job::toString);
        long indexed = documents(admin).stream().filter(d -> ((String) d.get("filename")).startsWith("south-")).count();
        assertEquals(1, indexed);
    }
}
