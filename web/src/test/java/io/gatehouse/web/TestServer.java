package io.gatehouse.web;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.support.TestPropertyProvider;

import java.time.Duration;
import java.util.Map;

/** Shared plumbing for tests against the real server on a random port: a fresh data folder and a client per user. */
public interface TestServer extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        return TestServerProperties.fresh();
    }

    BlockingHttpClient client();

    default String login(String user) {
        Map<?, ?> body = client().retrieve(HttpRequest.POST("/api/auth/login",
                Map.of("username", user, "password", user + "-demo")), Map.class);
        return (String) body.get("access_token");
    }

    default HttpResponse<Map> upload(String token, String filename, byte[] bytes, String tier) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", filename, MediaType.APPLICATION_OCTET_STREAM_TYPE, bytes)
                .addPart("tier", tier)
                .build();
        return client().exchange(HttpRequest.POST("/api/documents", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(token), Map.class);
    }

    /** Uploads and waits until the job is done; returns the document id. */
    default String uploadAndWait(String token, String filename, byte[] bytes, String tier) {
        Map<?, ?> submitted = upload(token, filename, bytes, tier).body();
        String jobId = (String) submitted.get("jobId");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> job = client().retrieve(HttpRequest.GET("/api/jobs/" + jobId).bearerAuth(token), Map.class);
            if (Boolean.TRUE.equals(job.get("done"))) {
                Map<?, ?> item = (Map<?, ?>) ((java.util.List<?>) job.get("items")).getFirst();
                if (!"INDEXED".equals(item.get("status"))) {
                    throw new AssertionError("job failed: " + job);
                }
                return (String) submitted.get("documentId");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    /** Waits for any job to finish and returns its final view. */
    default Map<?, ?> awaitJob(String token, String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> job = client().retrieve(HttpRequest.GET("/api/jobs/" + jobId).bearerAuth(token), Map.class);
            if (Boolean.TRUE.equals(job.get("done"))) {
                return job;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    default Map<?, ?> ask(String token, String question) {
        return client().retrieve(HttpRequest.POST("/api/ask", Map.of("question", question)).bearerAuth(token), Map.class);
    }

    /** The problem+json body of a failed exchange. */
    static Map<?, ?> problem(HttpClientResponseException e) {
        return e.getResponse().getBody(Argument.of(Map.class)).orElseThrow();
    }
}
