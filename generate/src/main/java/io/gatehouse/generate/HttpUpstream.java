package io.gatehouse.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The part of a streaming chat API client that does not depend on the wire format: deadlines
 * (first token, total), cancellation, and mapping transport and HTTP failures to {@link Failure}s.
 */
abstract class HttpUpstream implements Upstream {

    /** Reads one protocol's events for one call. */
    interface StreamReader {
        /** The text this event adds (empty when none); throws {@link DestinationException} for an error event. */
        String onMessage(String event, String data) throws IOException;

        /** Whether the service said the answer is complete. */
        boolean finished();

        /** Usage if the service reported it, else null. */
        Usage usage();

        StopReason stop();
    }

    protected final String destination;
    protected final ObjectMapper json = new ObjectMapper();
    private final String model;
    private final HttpClient client;
    private final Resilience resilience;

    HttpUpstream(String destination, String model, Resilience resilience) {
        this.destination = destination;
        this.model = model;
        this.resilience = resilience;
        // HTTP/1.1: aborting a streamed body then closes that connection, so the server sees the disconnect.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(resilience.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code path} under {@code baseUrl}, with one slash between them whether or not the base ends with one. */
    static URI endpoint(URI baseUrl, String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + path);
    }

    @Override
    public final String model() {
        return model;
    }

    /** The request body's text. */
    final String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not serialise the request", e); // cannot happen for a tree of strings
        }
    }

    /** The request for this exact body; fails with UNAUTHORIZED when a needed key is missing. */
    abstract HttpRequest request(String payload);

    abstract StreamReader reader();

    /** Classifies a non-2xx response; the body is read for its error type only. */
    Failure failureFor(int status, HttpHeaders headers, String body) {
        return byStatus(status, headers);
    }

    @Override
    public final Reply call(Prompt prompt, TokenSink sink, Cancellation cancellation) {
        HttpRequest request = request(payload(prompt));
        StreamReader reader = reader();
        Instant start = Instant.now();
        Instant firstDeadline = start.plus(resilience.firstTokenTimeout());
        Instant totalDeadline = start.plus(resilience.totalTimeout());
        StringBuilder text = new StringBuilder();
        boolean started = false;
        int status = -1;
        HttpHeaders headers = null;
        try (SseExchange exchange = SseExchange.open(client, request, cancellation)) {
            while (true) {
                if (cancellation.isCancelled()) {
                    return new Reply(text.toString(), reader.usage(), StopReason.CANCELLED);
                }
                SseExchange.Event event = exchange.next(started ? totalDeadline : firstDeadline);
                switch (event) {
                    case null -> throw new DestinationException(destination, started
                            ? new Failure.Timeout(Failure.Phase.TOTAL, resilience.totalTimeout())
                            : new Failure.Timeout(Failure.Phase.FIRST_TOKEN, resilience.firstTokenTimeout()), started);
                    case SseExchange.Cancelled c -> {
                        return new Reply(text.toString(), reader.usage(), StopReason.CANCELLED);
                    }
                    case SseExchange.Status s -> {
                        status = s.code();
                        headers = s.headers();
                    }
                    case SseExchange.ErrorBody b ->
                            throw new DestinationException(destination, failureFor(status, headers, b.body()), false);
                    case SseExchange.Message m -> {
                        String piece;
                        try {
                            piece = reader.onMessage(m.event(), m.data());
                        } catch (IOException malformed) {
                            // not chained: a parser message can quote the payload
                            throw new DestinationException(destination, new Failure.ServerError(0), started);
                        }
                        if (!piece.isEmpty()) {
                            sink.accept(piece);
                            text.append(piece);
                            started = true;
                        }
                        if (reader.finished()) {
                            return new Reply(text.toString(), reader.usage(), reader.stop());
                        }
                    }
                    case SseExchange.End e -> {
                        if (reader.finished()) {
                            return new Reply(text.toString(), reader.usage(), reader.stop());
                        }
                        throw new DestinationException(destination, new Failure.StreamCut(), started);
                    }
                    case SseExchange.Broken b -> throw transportFailure(b.error(), status, started);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(text.toString(), reader.usage(), StopReason.CANCELLED);
        }
    }

    private DestinationException transportFailure(Throwable t, int status, boolean started) {
        if (status > 0) {
            return new DestinationException(destination, new Failure.StreamCut(), started, t);
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new DestinationException(destination,
                    new Failure.Timeout(Failure.Phase.CONNECT, resilience.connectTimeout()), false, t);
        }
        if (t instanceof ConnectException) {
            return new DestinationException(destination, new Failure.Unavailable("the connection was refused"), false, t);
        }
        return new DestinationException(destination, new Failure.Unavailable("the connection failed ("
                + t.getClass().getSimpleName() + ")"), false, t instanceof IOException ? t : null);
    }

    static Failure byStatus(int status, HttpHeaders headers) {
        if (status == 401 || status == 403) {
            return new Failure.Unauthorized(status);
        }
        if (status == 429) {
            return new Failure.RateLimited(retryAfter(headers));
        }
        if (status == 408 || status >= 500) {
            return new Failure.ServerError(status);
        }
        return new Failure.Rejected(status);
    }

    /** {@code retry-after-ms} (OpenAI) or {@code retry-after} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return Optional.empty();
        }
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get().strip())));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        return headers.firstValue("retry-after").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v.strip()) * 1000)));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration d = Duration.between(Instant.now(),
                            ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (RuntimeException unreadable) {
                    return Optional.empty();
                }
            }
        });
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
