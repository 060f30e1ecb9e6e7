package io.gatehouse.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a precise 4xx problem+json and leaves nothing behind in the catalogue or the index. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends RealServerTest {

    @Test
    void rejectedUploadsExplainThemselvesAndLeaveNoTrace() {
        String admin = login("admin");
        long before = documentCount(admin);

        expectProblem(() -> upload(admin, "empty.txt", new byte[0], "PUBLIC"), 400, "/problems/document/empty", "empty");
        expectProblem(() -> upload(admin, "report.pdf", "this is not a pdf at all".getBytes(StandardCharsets.UTF_8), "PUBLIC"),
                422, "/problems/document/type-mismatch", "not a PDF");
        expectProblem(() -> upload(admin, "image.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3}, "PUBLIC"),
                415, "/problems/document/unsupported-type", "unsupported");
        byte[] truncatedPdf = Pdfs.pages("t", List.of(List.of("hello world")));
        byte[] cut = java.util.Arrays.copyOf(truncatedPdf, 40);
        expectProblem(() -> upload(admin, "cut.pdf", cut, "PUBLIC"), 422, "/problems/document/malformed", "malformed");
        expectProblem(() -> upload(admin, "a.txt", "text".getBytes(StandardCharsets.UTF_8), "TOP-SECRET"),
                400, "/problems/invalid-argument", "unknown tier");

        MultipartBody noTier = MultipartBody.builder()
                .addPart("file", "a.txt", MediaType.TEXT_PLAIN_TYPE, "some text".getBytes(StandardCharsets.UTF_8)).build();
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/documents", noTier)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(admin)), 400, "/problems/missing-field", "'tier'");
        MultipartBody longId = MultipartBody.builder()
                .addPart("file", "a.txt", MediaType.TEXT_PLAIN_TYPE, "some text".getBytes(StandardCharsets.UTF_8))
                .addPart("tier", "PUBLIC").addPart("externalId", "x".repeat(501)).build();
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/documents", longId)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(admin)), 400, "/problems/invalid-argument", "at most 500");
        MultipartBody noFile = MultipartBody.builder().addPart("tier", "PUBLIC").build();
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/documents", noFile)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(admin)), 400, "/problems/missing-field", "'file'");

        assertEquals(before, documentCount(admin), "a rejected upload must not reach the catalogue");
        Map<?, ?> audit = client().retrieve(HttpRequest.GET("/api/audit?action=UPLOAD").bearerAuth(login("compliance")), Map.class);
        long rejected = ((List<?>) audit.get("records")).stream().filter(r -> "REJECTED".equals(((Map<?, ?>) r).get("outcome"))).count();
        // the four files that reached ingestion are audited; requests without a valid tier or file never were uploads
        assertEquals(4, rejected, "each rejected file is audited once");
    }

    @Test
    void badQuestionsGetProblems() {
        String staff = login("staff");
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/ask", "{\"question\": ").contentType(MediaType.APPLICATION_JSON)
                .bearerAuth(staff)), 400, "/problems/bad-request", "not valid JSON");
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/ask", Map.of("q", "x")).bearerAuth(staff)),
                400, "/problems/invalid-argument", "'question' is required");
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/ask", Map.of("question", "x".repeat(5000))).bearerAuth(staff)),
                400, "/problems/invalid-argument", "longer than");
        expectProblem(() -> client().exchange(HttpRequest.GET("/api/audit?from=yesterday").bearerAuth(login("compliance"))),
                400, "/problems/invalid-argument", "ISO-8601");
    }

    @Test
    void unknownUsersAndWrongPasswordsAreUnauthorised() {
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/auth/login", Map.of("username", "mallory", "password", "x"))),
                401, "/problems/unauthorized", null);
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/auth/login", Map.of("username", "staff", "password", "wrong"))),
                401, "/problems/unauthorized", null);
        expectProblem(() -> client().exchange(HttpRequest.POST("/api/ask", Map.of("question", "x")).basicAuth("staff", "wrong")),
                401, "/problems/unauthorized", null);
        expectProblem(() -> client().exchange(HttpRequest.GET("/api/documents").bearerAuth("not.a.jwt")),
                401, "/problems/unauthorized", null);
    }

    private long documentCount(String admin) {
        return ((Number) client().retrieve(HttpRequest.GET("/api/documents?limit=1").bearerAuth(admin), Map.class).get("total")).longValue();
    }

    private static void expectProblem(Executable call, int status, String type, String detailContains) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, call);
        assertEquals(status, e.getStatus().getCode(), () -> "body: " + e.getResponse().getBody(String.class).orElse(""));
        assertTrue(e.getResponse().getContentType().map(ct -> ct.toString().startsWith("application/problem+json")).orElse(false),
                () -> "content type " + e.getResponse().getContentType());
        Map<?, ?> problem = TestServer.problem(e);
        assertEquals(type, problem.get("type"), problem::toString);
        assertEquals(status, ((Number) problem.get("status")).intValue());
        if (detailContains != null) {
            assertTrue(String.valueOf(problem.get("detail")).contains(detailContains), problem::toString);
        }
    }
}
