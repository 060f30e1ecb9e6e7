package io.gatehouse.generate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every remote destination must do, run against a fake server that speaks the destination's
 * real wire format over real HTTP on loopback. Subclasses supply the format.
 */
abstract class RemoteDestinationContract {

    /** Appears in the question and in a passage; must never reach an exception message or a log line. */
    static final String CANARY = "CANARY-7f3a9c-MARLINSPIKE";
    static final GenerationRequest REQUEST = Passages.request("When does the " + CANARY + " ferry leave?",
            "The ferry to Gull Island leaves at 06:45 from pier nine.",
            "Secret note " + CANARY + ": the ferry returns at 18:10.");
    static final String KEY = "sk-test-5e3b2d1c";

    protected FakeModelServer server;
    protected final TestClock clock = new TestClock();
    private final List<Destination> opened = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    abstract String path();

    abstract DestinationConfig config(URI base, Resilience resilience, ApiKeySource key);

    abstract List<String> stream(List<String> pieces, int promptTokens, int completionTokens);

    abstract String errorBody(int status);

    abstract void assertWellFormedRequest(FakeModelServer.Recorded r);

    @BeforeEach
    void start() throws Exception {
        server = new FakeModelServer(path());
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        opened.forEach(Destination::close);
        server.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        for (ILoggingEvent e : logs.list) {
            assertFalse(e.getFormattedMessage().contains(CANARY), "a log line carries content: " + e.getFormattedMessage());
            assertFalse(e.getFormattedMessage().contains(KEY), "a log line carries the key");
        }
    }

    static Resilience resilience(Duration firstToken, int retries) {
        return new Resilience(Duration.ofSeconds(2), firstToken, Duration.ofSeconds(20), retries, Duration.ofMillis(20),
                Duration.ofSeconds(2), 3, Duration.ofSeconds(30));
    }

    Destination destination(Resilience r) {
        return destination(r, new ApiKeySource.Environment("TEST_KEY", Map.of("TEST_KEY", KEY)));
    }

    Destination destination(Resilience r, ApiKeySource key) {
        return destination(config(server.base(), r, key));
    }

    Destination destination(DestinationConfig c) {
        Destination d = new DestinationFactory(clock).create(c);
        opened.add(d);
        return d;
    }

    /** The failure, after checking its message is fit to show: it names the destination and carries no content. */
    DestinationException failure(Destination d) {
        DestinationException e = assertThrows(DestinationException.class, () -> d.generate(REQUEST));
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            assertFalse(m.contains(CANARY), "content in an exception message: " + m);
            assertFalse(m.contains(KEY), "the key in an exception message: " + m);
            assertFalse(m.contains("Gull Island"), "context in an exception message: " + m);
        }
        assertTrue(e.getMessage().contains("'" + d.name() + "'"), e.getMessage());
        return e;
    }

    @Test
    void streamsTokensInOrderWithCitationsUsageAndCost() {
        server.then(FakeModelServer.stream(stream(List.of("The ferry leaves at 06:45 ", "[1", "]; it returns at 18:10 [",
                "2][9]."), 212, 19), Duration.ofMillis(5), -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 0));
        List<String> tokens = new CopyOnWriteArrayList<>();
        GeneratedText out = d.stream(REQUEST, tokens::add, new Cancellation());

        assertEquals(List.of("The ferry leaves at 06:45 ", "[1", "]; it returns at 18:10 [", "2][9]."), tokens);
        assertEquals("The ferry leaves at 06:45 [1]; it returns at 18:10 [2][9].", out.text());
        assertEquals(List.of(1, 2), out.citedPassages(), "[9] was never supplied and is dropped; [1 split across chunks is read");
        assertEquals(new Usage(212, 19, true), out.usage());
        // 212 * 3 / 1M + 19 * 15 / 1M
        assertEquals(new java.math.BigDecimal("0.00092100"), out.estimatedCost());
        assertEquals(StopReason.END, out.stopReason());
        assertEquals(1, server.requests.size());
        FakeModelServer.Recorded r = server.requests.getFirst();
        assertWellFormedRequest(r);
        assertTrue(r.body().contains("[1] Doc 1") && r.body().contains("[2] Doc 2"), "numbered passages are sent");
        assertTrue(r.body().contains("leaves at 06:45 from pier nine"), "passage text is sent");
        assertTrue(r.body().contains("Question: When does the"), "the question is sent");
        assertTrue(r.body().toLowerCase(java.util.Locale.ROOT).contains("cite"), "the model is asked to cite");
        assertTrue(d.health().up());
        assertEquals(1, d.health().calls());
        assertEquals(r.body(), d.outboundPayload(REQUEST).orElseThrow(), "the audit can record exactly what left");
    }

    @Test
    void unauthorizedIsNotRetried() {
        server.then(FakeModelServer.status(401, Map.of(), errorBody(401)));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        DestinationException e = failure(d);
        assertEquals(Failure.Kind.UNAUTHORIZED, e.failure().kind());
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
        assertEquals(1, server.requests.size(), "a wrong key does not get better by asking again");
        assertEquals("UNAUTHORIZED", d.health().lastFailure());
    }

    @Test
    void aMissingKeyFailsBeforeAnythingIsSent() {
        Destination d = destination(resilience(Duration.ofSeconds(10), 2), new ApiKeySource.Environment("NOT_SET", Map.of()));
        DestinationException e = failure(d);
        assertEquals(new Failure.Unauthorized(0), e.failure());
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void rateLimitedHonoursRetryAfterThenSucceeds() {
        server.then(FakeModelServer.status(429, Map.of("retry-after", "1"), errorBody(429)),
                FakeModelServer.stream(stream(List.of("ok [1]"), 10, 2), Duration.ZERO, -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        long t0 = System.nanoTime();
        GeneratedText out = d.generate(REQUEST);
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("ok [1]", out.text());
        assertEquals(2, server.requests.size());
        assertTrue(waitedMs >= 900, "retry-after: 1 was honoured, waited " + waitedMs + " ms");
    }

    @Test
    void rateLimitedWithARetryAfterBeyondTheCapFailsAtOnce() {
        server.then(FakeModelServer.status(429, Map.of("retry-after", "120"), errorBody(429)));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        DestinationException e = failure(d);
        assertEquals(new Failure.RateLimited(java.util.Optional.of(Duration.ofSeconds(120))), e.failure());
        assertTrue(e.getMessage().contains("in 120 s"), e.getMessage());
        assertEquals(1, server.requests.size());
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() {
        server.then(FakeModelServer.status(500, Map.of(), errorBody(500)));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        DestinationException e = failure(d);
        assertEquals(new Failure.ServerError(500), e.failure());
        assertEquals(3, server.requests.size(), "the first attempt and two retries");
        assertFalse(e.partial());
    }

    @Test
    void aStreamCutAfterTokensFailsAsStreamCutWithoutRetry() {
        List<String> events = stream(List.of("The ferry ", "leaves ", "at 06:45"), 10, 3);
        server.then(FakeModelServer.stream(events, Duration.ZERO, events.size() - 2)); // the text is out, the end is not
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        List<String> tokens = new CopyOnWriteArrayList<>();
        DestinationException e = assertThrows(DestinationException.class,
                () -> d.stream(REQUEST, tokens::add, new Cancellation()));
        assertEquals(Failure.Kind.STREAM_CUT, e.failure().kind());
        assertTrue(e.partial(), "the user had seen tokens");
        assertFalse(tokens.isEmpty());
        assertEquals(1, server.requests.size(), "no retry once text was shown: it would repeat");
        assertFalse(e.getMessage().contains(CANARY));
    }

    @Test
    void aStreamCutBeforeAnyTokenIsRetried() {
        server.then(FakeModelServer.stream(stream(List.of("never"), 1, 1), Duration.ZERO, 1),
                FakeModelServer.stream(stream(List.of("second try [2]"), 10, 3), Duration.ZERO, -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        GeneratedText out = d.generate(REQUEST);
        assertEquals("second try [2]", out.text());
        assertEquals(List.of(2), out.citedPassages());
        assertEquals(2, server.requests.size());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        server.then(FakeModelServer.hang());
        Destination d = destination(resilience(Duration.ofMillis(400), 2));
        long t0 = System.nanoTime();
        DestinationException e = failure(d);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(new Failure.Timeout(Failure.Phase.FIRST_TOKEN, Duration.ofMillis(400)), e.failure());
        assertEquals(1, server.requests.size(), "a timeout is not retried: the user has waited already");
        assertTrue(ms < 10_000, "gave up after " + ms + " ms");
    }

    @Test
    void cancellingMidStreamClosesTheUpstreamConnection() throws Exception {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            pieces.add("w" + i + " ");
        }
        server.then(FakeModelServer.stream(stream(pieces, 10, 400), Duration.ofMillis(10), -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 0));
        Cancellation cancel = new Cancellation();
        List<String> tokens = new CopyOnWriteArrayList<>();
        GeneratedText out = d.stream(REQUEST, t -> {
            tokens.add(t);
            if (tokens.size() == 3) {
                cancel.cancel();
            }
        }, cancel);
        assertEquals(StopReason.CANCELLED, out.stopReason());
        assertEquals("w0 w1 w2 ", out.text());
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server saw the client go away");
        assertTrue(server.eventsWritten.get() < 200, "generation upstream stopped early: " + server.eventsWritten.get());
        assertTrue(d.isUp(), "a cancel says nothing about health");
    }

    @Test
    void aCallerWhoseSinkFailsGetsItsOwnExceptionBackAndTheDestinationStaysHealthy() throws Exception {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            pieces.add("w" + i + " ");
        }
        server.then(FakeModelServer.stream(stream(pieces, 10, 400), Duration.ofMillis(10), -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 2));
        java.io.UncheckedIOException gone = new java.io.UncheckedIOException(new java.io.IOException("client closed"));
        java.io.UncheckedIOException thrown = assertThrows(java.io.UncheckedIOException.class,
                () -> d.stream(REQUEST, t -> {
                    throw gone;
                }, new Cancellation()));
        assertTrue(thrown == gone, "the caller's own exception, not a destination failure");
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the upstream connection was closed");
        assertEquals(1, server.requests.size(), "not retried");
        assertEquals(0, d.health().failures());
        assertTrue(d.isUp());
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Destination d = destination(config(URI.create("http://127.0.0.1:" + port), resilience(Duration.ofSeconds(5), 0),
                new ApiKeySource.Environment("TEST_KEY", Map.of("TEST_KEY", KEY))));
        DestinationException e = failure(d);
        assertEquals(Failure.Kind.UNAVAILABLE, e.failure().kind());
    }

    @Test
    void repeatedFailuresOpenTheCircuitAndATrialAfterTheWaitClosesIt() {
        server.then(FakeModelServer.status(503, Map.of(), errorBody(503)), FakeModelServer.status(503, Map.of(), errorBody(503)),
                FakeModelServer.status(503, Map.of(), errorBody(503)),
                FakeModelServer.stream(stream(List.of("back [1]"), 10, 2), Duration.ZERO, -1));
        Destination d = destination(resilience(Duration.ofSeconds(10), 0)); // breaker opens after 3
        for (int i = 0; i < 3; i++) {
            assertTrue(d.isUp());
            failure(d);
        }
        assertFalse(d.isUp(), "open: the policy sees it down");
        assertEquals(CircuitBreaker.State.OPEN, d.health().circuit());
        DestinationException fast = failure(d);
        assertEquals(Failure.Kind.UNAVAILABLE, fast.failure().kind());
        assertEquals(3, server.requests.size(), "an open circuit sends nothing");

        clock.advance(Duration.ofSeconds(31));
        assertTrue(d.isUp(), "half-open after the wait");
        assertEquals("back [1]", d.generate(REQUEST).text());
        assertEquals(CircuitBreaker.State.CLOSED, d.health().circuit());
        assertEquals(4, d.health().failures());
    }

    /** A clock the test moves by hand. */
    static final class TestClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }
}
