package io.gatehouse.generate;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpendBudgetTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T23:00:00Z"));

    @Test
    void theGlobalLimitCountsEveryoneAndANewUtcDayStartsAfresh() {
        SpendBudget b = new SpendBudget(new SpendBudget.Limits(null, new BigDecimal("1.00")), clock);
        b.record("a", new BigDecimal("0.60"));
        assertTrue(b.exhausted("b").isEmpty());
        b.record("b", new BigDecimal("0.40"));
        assertTrue(b.exhausted("c").orElseThrow().contains("today's budget"), "reaching the limit spends it");
        assertEquals(new BigDecimal("1.00"), b.spentTodayByAll());
        clock.now = clock.now.plus(Duration.ofHours(1)); // 00:00 UTC
        assertTrue(b.exhausted("c").isEmpty());
        assertEquals(BigDecimal.ZERO, b.spentToday("a"));
    }

    @Test
    void unlimitedNeverRefuses() {
        SpendBudget b = SpendBudget.unlimited();
        b.record("a", new BigDecimal("1000000"));
        assertTrue(b.exhausted("a").isEmpty());
    }

    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
