package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OverlapResolverTest {

    private static PiiSpan span(int start, int end, PiiType type, double score) {
        return new PiiSpan(start, end, type, score);
    }

    @Test
    void higherScoreWinsAndResultIsSortedWithoutOverlaps() {
        List<PiiSpan> out = new OverlapResolver(0.3).resolve(List.of(
                span(10, 20, PiiType.PHONE_NUMBER, 0.5),
                span(12, 28, PiiType.CREDIT_CARD, 0.9),
                span(0, 5, PiiType.PERSON, 0.6),
                span(30, 35, PiiType.LOCATION, 0.4)));
        assertEquals(List.of(span(0, 5, PiiType.PERSON, 0.6), span(12, 28, PiiType.CREDIT_CARD, 0.9),
                span(30, 35, PiiType.LOCATION, 0.4)), out);
    }

    @Test
    void equalScoresPreferTheLongerSpan() {
        List<PiiSpan> out = new OverlapResolver(0.0).resolve(List.of(
                span(0, 6, PiiType.PERSON, 0.7), span(0, 13, PiiType.PERSON, 0.7)));
        assertEquals(List.of(span(0, 13, PiiType.PERSON, 0.7)), out);
    }

    @Test
    void spansBelowThresholdDoNotBlockOthers() {
        List<PiiSpan> out = new OverlapResolver(0.5).resolve(List.of(
                span(0, 10, PiiType.ORGANIZATION, 0.45), span(5, 9, PiiType.PERSON, 0.55)));
        assertEquals(List.of(span(5, 9, PiiType.PERSON, 0.55)), out);
    }

    @Test
    void adjacentSpansBothSurvive() {
        List<PiiSpan> out = new OverlapResolver(0.0).resolve(List.of(
                span(5, 10, PiiType.PERSON, 0.5), span(0, 5, PiiType.TITLE, 0.5), span(10, 12, PiiType.AGE, 0.5)));
        assertEquals(3, out.size());
        assertEquals(0, out.get(0).start());
    }

    @Test
    void thresholdOutsideUnitIntervalIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OverlapResolver(1.5));
    }
}
