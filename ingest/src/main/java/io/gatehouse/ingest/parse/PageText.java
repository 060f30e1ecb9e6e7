package io.gatehouse.ingest.parse;

/** The text of one page (formats without pages have a single page 1). */
public record PageText(int number, String text) {
}
