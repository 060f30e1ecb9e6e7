package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/documents} through the real server: pages of a catalogue larger than a page, read by
 * cursor in both directions, the filters, the default and maximum page size, and a precise 400 for each
 * bad parameter.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentPagingTest extends RealServerTest {

    private static final int LOGS = 60;
    private String admin;

    /** One corpus of 60 small Markdown files, "Buoy log 00".."Buoy log 59", every third CONFIDENTIAL by manifest. */
    @BeforeAll
    void uploadACorpusLargerThanAPage() {
        admin = login("admin");
        Corpora corpus = new Corpora();
        StringBuilder manifest = new StringBuilder("path,tier,groups\n");
        for (int i = 0; i < LOGS; i++) {
            String name = "buoy-%02d.md".formatted(i);
            corpus.add(name, "# Buoy log %02d\n\nBuoy %d was inspected on day %d; its light flashes every %d seconds."
                    .formatted(i, i, i + 1, 3 + i % 7));
            if (i % 3 == 0) {
                manifest.append(name).append(",CONFIDENTIAL,\n");
            }
        }
        corpus.add("manifest.csv", manifest.toString());
        corpus.add("tide.md", "# Tide table\n\nHigh water at the harbour mouth is at 06:12.");
        MultipartBody body = MultipartBody.builder()
                .addPart("file", "buoys.zip", MediaType.APPLICATION_OCTET_STREAM_TYPE, corpus.zip())
                .addPart("tier", "INTERNAL").build();
        Map<?, ?> accepted = client().retrieve(HttpRequest.POST("/api/corpora", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(admin), Map.class);
        Map<?, ?> job = awaitJob(admin, (String) accepted.get("jobId"));
        assertEquals(LOGS + 1, ((Number) job.get("indexed")).intValue(), job::toString);
    }

    private Map<?, ?> page(Map<String, String> params) {
        UriBuilder uri = UriBuilder.of("/api/documents");
        params.forEach(uri::queryParam);
        return client().retrieve(HttpRequest.GET(uri.build().toString()).bearerAuth(admin), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<?, ?> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private static List<String> ids(Map<?, ?> page) {
        return items(page).stream().map(d -> (String) d.get("id")).toList();
    }

    @Test
    void cursorsWalkEveryDocumentNewestFirstWithoutRepeatsAndBack() {
        List<Map<?, ?>> pages = new ArrayList<>();
        Map<?, ?> page = page(Map.of("limit", "25", "title", "BUOY LOG"));
        assertFalse(page.containsKey("previousCursor"), "the first page has nothing newer: no cursor, as JSON omits nulls here");
        pages.add(page);
        while (page.get("nextCursor") != null) {
            page = page(Map.of("limit", "25", "title", "BUOY LOG", "cursor", (String) page.get("nextCursor")));
            pages.add(page);
        }
        assertEquals(List.of(25, 25, 10), pages.stream().map(p -> items(p).size()).toList());
        pages.forEach(p -> assertEquals(LOGS, ((Number) p.get("total")).intValue()));
        pages.forEach(p -> assertEquals(25, ((Number) p.get("limit")).intValue()));
        List<Map<String, Object>> all = pages.stream().flatMap(p -> items(p).stream()).toList();
        assertEquals(LOGS, new HashSet<>(all.stream().map(d -> d.get("id")).toList()).size(), "no document twice");
        assertTrue(all.stream().allMatch(d -> d.get("title").toString().startsWith("Buoy log")));
        for (int i = 1; i < all.size(); i++) {
            Instant newer = Instant.parse(all.get(i - 1).get("createdAt").toString());
            Instant older = Instant.parse(all.get(i).get("createdAt").toString());
            assertTrue(!older.isAfter(newer), "newest first at " + i);
        }

        Map<?, ?> back = page(Map.of("limit", "25", "title", "buoy log", "cursor", (String) pages.get(2).get("previousCursor")));
        assertEquals(ids(pages.get(1)), ids(back));
        back = page(Map.of("limit", "25", "title", "buoy log", "cursor", (String) back.get("previousCursor")));
        assertEquals(ids(pages.get(0)), ids(back));
        assertNull(back.get("previousCursor"));
    }

    @Test
    void filtersNarrowTheCountAndTheItems() {
        Map<?, ?> confidential = page(Map.of("tier", "confidential", "title", "buoy", "limit", "500"));
        assertEquals(LOGS / 3, ((Number) confidential.get("total")).intValue());
        assertEquals(LOGS / 3, items(confidential).size());
        assertTrue(items(confidential).stream().allMatch(d -> d.get("tier").equals("CONFIDENTIAL")));
        assertNull(confidential.get("nextCursor"));

        Map<?, ?> tide = page(Map.of("title", "tide"));
        assertEquals(List.of("Tide table"), items(tide).stream().map(d -> d.get("title")).toList());
        assertEquals(0, ((Number) page(Map.of("tier", "RESTRICTED", "title", "buoy")).get("total")).intValue());
    }

    @Test
    void theDefaultPageIsFiftyAndFiveHundredIsTheMost() {
        Map<?, ?> first = page(Map.of());
        assertEquals(50, ((Number) first.get("limit")).intValue());
        assertEquals(50, items(first).size());
        assertEquals(LOGS + 1, ((Number) first.get("total")).intValue());
        Map<?, ?> most = page(Map.of("limit", "500"));
        assertEquals(LOGS + 1, items(most).size());
        assertNull(most.get("nextCursor"));
    }

    @Test
    void eachBadParameterIsA400SayingWhatWasWrong() {
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("limit", "0"), "limit is a whole number from 1 to 500; got 0",
                Map.of("limit", "501"), "limit is a whole number from 1 to 500; got 501",
                Map.of("limit", "ten"), "limit is a whole number from 1 to 500; got 'ten'",
                Map.of("cursor", "not-a-cursor"), "cursor is not one this server issued",
                Map.of("tier", "SECRET"), "tier filter: unknown tier 'SECRET'",
                Map.of("title", "x".repeat(201)), "the title filter is at most 200 characters");
        bad.forEach((params, detail) -> {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> page(params));
            assertEquals(400, e.getStatus().getCode(), params::toString);
            assertTrue(e.getResponse().getContentType().orElseThrow().toString().startsWith("application/problem+json"));
            Map<?, ?> problem = TestServer.problem(e);
            assertEquals("/problems/invalid-argument", problem.get("type"));
            assertTrue(problem.get("detail").toString().startsWith(detail), () -> params + ": " + problem);
        });
    }
}
