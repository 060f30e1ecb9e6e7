package io.gatehouse.web.ui;

import io.gatehouse.policy.audit.DailyCount;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stacked bar per UTC day, laid out on the server so the page draws it as plain SVG (no script, no
 * chart library). Coordinates are in the SVG's own units ({@link #WIDTH} by {@link #HEIGHT}).
 *
 * @param id      element id of the SVG; its title, legend and data table use it as a prefix
 * @param title   what the chart shows, also its accessible name
 * @param summary one sentence with the totals, for screen readers
 * @param series  the stacked values, bottom first, with their labels and colours
 * @param columns one per day of the range, oldest first
 * @param max     the tallest column's total (the top of the y axis)
 */
public record DailyChart(String id, String title, String summary, List<Series> series, List<Column> columns, long max,
                         long total) {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 260;
    static final int LEFT = 44;
    static final int RIGHT = 8;
    static final int TOP = 10;
    static final int BOTTOM = 34;
    /** At most this many day labels under the axis; more would overlap. */
    private static final int MAX_LABELS = 14;

    /** One stacked value: its stored name (a route or tier), its label and the CSS class that colours it. */
    public record Series(String value, String label, String css) {
    }

    /**
     * @param counts one count per series, in series order (the data table's row)
     * @param labelled whether the day's label is drawn under the axis
     */
    public record Column(LocalDate day, String label, double x, double width, double labelX, boolean labelled,
                         List<Segment> segments, List<Long> counts, long total) {
    }

    public record Segment(String value, String label, String css, long count, double y, double height) {
    }

    /** Lays out {@code counts} for every day from {@code first} to {@code last} inclusive (days without records are empty columns). */
    public static DailyChart of(String id, String title, LocalDate first, LocalDate last, List<Series> series,
                                List<DailyCount> counts) {
        Map<LocalDate, Map<String, Long>> byDay = new HashMap<>();
        for (DailyCount c : counts) {
            byDay.computeIfAbsent(c.day(), d -> new HashMap<>()).merge(c.value(), c.count(), Long::sum);
        }
        List<LocalDate> days = first.datesUntil(last.plusDays(1)).toList();
        long max = 0;
        long total = 0;
        for (LocalDate d : days) {
            long t = 0;
            for (Series s : series) {
                t += byDay.getOrDefault(d, Map.of()).getOrDefault(s.value(), 0L);
            }
            max = Math.max(max, t);
            total += t;
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, days.size());
        int labelEvery = Math.max(1, (int) Math.ceil(days.size() / (double) MAX_LABELS));
        List<Column> columns = new ArrayList<>(days.size());
        for (int i = 0; i < days.size(); i++) {
            LocalDate d = days.get(i);
            Map<String, Long> day = byDay.getOrDefault(d, Map.of());
            double x = LEFT + i * slot + slot * 0.15;
            double y = TOP + plotHeight;
            List<Segment> segments = new ArrayList<>();
            List<Long> row = new ArrayList<>();
            long dayTotal = 0;
            for (Series s : series) {
                long n = day.getOrDefault(s.value(), 0L);
                row.add(n);
                dayTotal += n;
                if (n > 0) {
                    double h = plotHeight * n / max;
                    y -= h;
                    segments.add(new Segment(s.value(), s.label(), s.css(), n, round(y), round(h)));
                }
            }
            columns.add(new Column(d, d.toString().substring(5), round(x), round(slot * 0.7), round(x + slot * 0.35),
                    (days.size() - 1 - i) % labelEvery == 0, List.copyOf(segments), List.copyOf(row), dayTotal));
        }
        String summary = title + ", " + first + " to " + last + " (UTC): " + total + " record(s)"
                + (total == 0 ? "." : ", at most " + max + " on one day.");
        return new DailyChart(id, title, summary, List.copyOf(series), List.copyOf(columns), max, total);
    }

    /** The y coordinate of the x axis. */
    public double baseline() {
        return HEIGHT - BOTTOM;
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return WIDTH - RIGHT;
    }

    public int top() {
        return TOP;
    }

    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
