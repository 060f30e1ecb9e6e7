package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The foundation slice through the real server: upload a PDF, ask about it, get the fact with its page. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest extends RealServerTest {

    @Test
    void aFactOnlyInAnUploadedPdfIsAnsweredWithACitationToItsPage() {
        String admin = login("admin");
        byte[] pdf = Pdfs.pages("Lighthouse Operations Manual", List.of(
                List.of("Chapter 1. The lamp room.", "The lamp must be cleaned every morning before sunrise.",
                        "Spare bulbs are kept in the oak cabinet."),
                List.of("Chapter 2. Animals on the station.",
                        "The keeper's cat is named Quillibert and weighs seven kilograms.",
                        "Seagulls must not be fed from the gallery."),
                List.of("Chapter 3. Logbooks.", "The logbook is filed with the harbour master every Friday.")));
        String docId = uploadAndWait(admin, "lighthouse-manual.pdf", pdf, "INTERNAL");

        Map<?, ?> answer = ask(login("staff"), "What is the name of the keeper's cat?");

        assertTrue(((String) answer.get("answer")).contains("Quillibert"), () -> "answer: " + answer);
        List<Map<?, ?>> citations = (List<Map<?, ?>>) answer.get("citations");
        assertTrue(citations.stream().anyMatch(c -> docId.equals(c.get("documentId"))
                && ((Number) c.get("page")).intValue() == 2), () -> "citations: " + citations);
        Map<?, ?> decision = (Map<?, ?>) answer.get("decision");
        assertEquals("ON_PREM", decision.get("route"));
        List<?> reasons = (List<?>) decision.get("reasons");
        assertTrue(reasons.stream().anyMatch(r -> r.toString().contains("'closed' is down"))
                        && reasons.stream().anyMatch(r -> r.toString().contains("fallback")),
                () -> "the decision says the closed API was unavailable and the on-prem fallback answered: " + reasons);

        Map<?, ?> doc = client().retrieve(HttpRequest.GET("/api/documents/" + docId).bearerAuth(admin), Map.class);
        assertEquals(3, doc.get("pages"));
        assertTrue(((Number) doc.get("chunks")).intValue() >= 3, "chunks never cross pages, so at least one per page");
        assertEquals("Lighthouse Operations Manual", doc.get("title"));
    }

    @Test
    void theSameBytesUploadedTwiceAreOneDocument() {
        String admin = login("admin");
        byte[] text = "Tide tables are printed on the first of each month.".getBytes(StandardCharsets.UTF_8);
        String id = uploadAndWait(admin, "tides.txt", text, "PUBLIC");
        Map<?, ?> again = upload(admin, "tides-copy.txt", text, "PUBLIC").body();
        assertEquals(Boolean.TRUE, again.get("duplicate"));
        assertEquals(id, again.get("documentId"));
    }

    @Test
    void deleteErasesTheDocumentFromSearch() {
        String admin = login("admin");
        String id = uploadAndWait(admin, "ferry.md",
                "# Ferry\n\nThe winter ferry to Gull Island leaves at 06:45 from pier nine.".getBytes(StandardCharsets.UTF_8), "PUBLIC");
        String staff = login("staff");
        assertTrue(ask(staff, "When does the winter ferry to Gull Island leave?").get("answer").toString().contains("06:45"));
        assertEquals(HttpStatus.NO_CONTENT, client().exchange(HttpRequest.DELETE("/api/documents/" + id).bearerAuth(admin)).getStatus());
        Map<?, ?> after = ask(staff, "When does the winter ferry to Gull Island leave?");
        assertFalse(after.get("answer").toString().contains("06:45"), () -> "erased text still answered: " + after);
        assertTrue(((List<?>) after.get("citations")).stream().noneMatch(c -> id.equals(((Map<?, ?>) c).get("documentId"))));
        HttpClientResponseException gone = assertThrows(HttpClientResponseException.class,
                () -> client().retrieve(HttpRequest.GET("/api/documents/" + id).bearerAuth(admin), Map.class));
        assertEquals(404, gone.getStatus().getCode());
    }
}
