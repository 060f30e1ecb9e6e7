package io.gatehouse.web.ui;

import io.gatehouse.policy.audit.DailyCount;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's layout: a column per day, stacked in series order, heights in proportion to the tallest day. */
class DailyChartTest {

    static final List<DailyChart.Series> SERIES = List.of(new DailyChart.Series("A", "Alpha", "fill-a"),
            new DailyChart.Series("B", "Beta", "fill-b"));
    static final LocalDate D1 = LocalDate.parse("2026-11-01");

    @Test
    void columnsStackInSeriesOrderScaledToTheTallestDay() {
        DailyChart c = DailyChart.of("c", "Test", D1, D1.plusDays(2), SERIES,
                List.of(new DailyCount(D1, "B", 1), new DailyCount(D1, "A", 3), new DailyCount(D1.plusDays(2), "B", 2),
                        new DailyCount(D1.plusDays(2), "Z", 9)));
        assertEquals(3, c.columns().size(), "the empty middle day is a column too");
        assertEquals(4, c.max());
        assertEquals(6, c.total(), "values outside the series are not drawn");
        DailyChart.Column first = c.columns().getFirst();
        assertEquals(List.of(3L, 1L), first.counts());
        assertEquals(List.of("A", "B"), first.segments().stream().map(DailyChart.Segment::value).toList());
        double plot = c.baseline() - c.top();
        assertEquals(plot, first.segments().stream().mapToDouble(DailyChart.Segment::height).sum(), 0.2, "the tallest day fills the plot");
        assertEquals(c.baseline(), first.segments().getFirst().y() + first.segments().getFirst().height(), 0.2, "A sits on the axis");
        assertTrue(c.columns().get(1).segments().isEmpty());
        assertEquals(plot / 2, c.columns().get(2).segments().getFirst().height(), 0.2);
        assertTrue(c.summary().contains("6 record(s)") && c.summary().contains("2026-11-01 to 2026-11-03"), c.summary());
    }

    @Test
    void longRangesLabelAtMostFourteenDaysIncludingTheLast() {
        DailyChart c = DailyChart.of("c", "Test", D1, D1.plusDays(91), SERIES, List.of());
        assertEquals(92, c.columns().size());
        long labelled = c.columns().stream().filter(DailyChart.Column::labelled).count();
        assertTrue(labelled <= 14 && labelled >= 10, "labels: " + labelled);
        assertTrue(c.columns().getLast().labelled());
        assertEquals(0, c.max());
        assertTrue(c.columns().stream().allMatch(col -> col.segments().isEmpty()), "no division by a zero maximum");
    }
}
