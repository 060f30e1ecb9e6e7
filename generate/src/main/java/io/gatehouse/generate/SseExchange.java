package io.gatehouse.generate;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One streaming HTTP exchange, turned into a queue of events the calling thread reads with deadlines.
 * The body arrives push-style on the HTTP client's threads; keeping the {@link Flow.Subscription} lets
 * a cancellation abort the exchange from any thread at once, which closes the upstream connection
 * (a blocked {@code InputStream.read} could not be interrupted that way).
 */
final class SseExchange implements AutoCloseable {

    /** An error body is read only to classify the failure; beyond this it is cut. */
    private static final int MAX_ERROR_BODY = 16 * 1024;

    sealed interface Event {
    }

    record Status(int code, HttpHeaders headers) implements Event {
    }

    /** One server-sent event: its {@code event:} name (null when absent) and its joined {@code data:} lines. */
    record Message(String event, String data) implements Event {
    }

    /** The body of a non-2xx response; used to classify, never shown or logged. */
    record ErrorBody(String body) implements Event {
    }

    record End() implements Event {
    }

    record Broken(Throwable error) implements Event {
    }

    record Cancelled() implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Void>> response;
    private final Cancellation.Registration registration;
    private volatile Flow.Subscription subscription;
    private volatile boolean aborted;

    private SseExchange(HttpClient client, HttpRequest request, Cancellation cancellation) {
        this.response = client.sendAsync(request, info -> {
            events.add(new Status(info.statusCode(), info.headers()));
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(info.statusCode() / 100 == 2),
                    l -> null, StandardCharsets.UTF_8, null);
        });
        response.whenComplete((r, t) -> {
            if (t != null) {
                events.add(new Broken(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t));
            }
        });
        this.registration = cancellation.onCancel(() -> {
            events.add(new Cancelled());
            abort();
        });
    }

    static SseExchange open(HttpClient client, HttpRequest request, Cancellation cancellation) {
        return new SseExchange(client, request, cancellation);
    }

    /** The next event, or null when {@code deadline} passes first. */
    Event next(Instant deadline) throws InterruptedException {
        long nanos = Duration.between(Instant.now(), deadline).toNanos();
        return nanos <= 0 ? events.poll() : events.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops the exchange: before the response the request is cancelled, during the body the connection is closed. */
    void abort() {
        aborted = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        response.cancel(true);
    }

    @Override
    public void close() {
        registration.close();
        abort(); // after a complete response this changes nothing; otherwise nobody reads the rest
    }

    private final class Lines implements Flow.Subscriber<String> {
        private final boolean success;
        private final StringBuilder data = new StringBuilder();
        private final StringBuilder errorBody = new StringBuilder();
        private String event;
        private boolean hasData;

        Lines(boolean success) {
            this.success = success;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (aborted) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            if (!success) {
                if (errorBody.length() < MAX_ERROR_BODY) {
                    errorBody.append(line, 0, Math.min(line.length(), MAX_ERROR_BODY - errorBody.length())).append('\n');
                }
                return;
            }
            if (line.isEmpty()) {
                dispatch();
                return;
            }
            if (line.startsWith(":")) {
                return; // comment / keep-alive
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData = true;
                }
                default -> { } // id, retry: not used by these APIs
            }
        }

        private void dispatch() {
            if (hasData) {
                events.add(new Message(event, data.toString()));
            }
            data.setLength(0);
            hasData = false;
            event = null;
        }

        @Override
        public void onError(Throwable t) {
            events.add(new Broken(t));
        }

        @Override
        public void onComplete() {
            if (success) {
                dispatch();
            } else {
                events.add(new ErrorBody(errorBody.toString()));
            }
            events.add(new End());
        }
    }
}
