package io.gatehouse.generate;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {

    private final RemoteDestinationContract.TestClock clock = new RemoteDestinationContract.TestClock();
    private final CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(10), clock);

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "a success in between resets the count");
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.isUp());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void halfOpenLetsOneTrialThroughAndAFailedTrialReopens() {
        breaker.onFailure();
        breaker.onFailure();
        clock.advance(Duration.ofSeconds(10));
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire(), "one trial at a time");
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        clock.advance(Duration.ofSeconds(9));
        assertFalse(breaker.isUp(), "open again for a full period");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aNeutralOutcomeFreesTheTrialWithoutJudging() {
        breaker.onFailure();
        breaker.onFailure();
        clock.advance(Duration.ofSeconds(10));
        assertTrue(breaker.tryAcquire());
        breaker.onNeutral();
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void retryAfterIsReadInEachOfItsForms() {
        assertEquals(Optional.of(Duration.ofMillis(1500)), HttpUpstream.retryAfter(headers(Map.of("retry-after", "1.5"))));
        assertEquals(Optional.of(Duration.ofMillis(250)),
                HttpUpstream.retryAfter(headers(Map.of("retry-after-ms", "250", "retry-after", "1"))));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        Duration d = HttpUpstream.retryAfter(headers(Map.of("retry-after", date))).orElseThrow();
        assertTrue(d.toSeconds() > 20 && d.toSeconds() <= 30, d.toString());
        assertEquals(Optional.empty(), HttpUpstream.retryAfter(headers(Map.of("retry-after", "soon"))));
        assertEquals(Optional.empty(), HttpUpstream.retryAfter(headers(Map.of())));
    }

    @Test
    void statusCodesMapToFailures() {
        HttpHeaders none = headers(Map.of());
        assertEquals(new Failure.Unauthorized(401), HttpUpstream.byStatus(401, none));
        assertEquals(new Failure.Unauthorized(403), HttpUpstream.byStatus(403, none));
        assertEquals(new Failure.RateLimited(Optional.empty()), HttpUpstream.byStatus(429, none));
        assertEquals(new Failure.ServerError(502), HttpUpstream.byStatus(502, none));
        assertEquals(new Failure.Rejected(400), HttpUpstream.byStatus(400, none));
        assertEquals(new Failure.Rejected(404), HttpUpstream.byStatus(404, none));
        assertFalse(new Failure.Rejected(400).retryable());
        assertFalse(new Failure.Unauthorized(401).retryable());
        assertTrue(new Failure.RateLimited(Optional.empty()).retryable());
    }

    private static HttpHeaders headers(Map<String, String> h) {
        return HttpHeaders.of(h.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> List.of(e.getValue()))), (a, b) -> true);
    }
}
