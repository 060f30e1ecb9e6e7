package io.gatehouse.ingest.parse;

import java.util.List;

/**
 * What a parser made of a file: its type, a title and author (from metadata, the first heading or the
 * file name; author empty when unknown) and text per page. Structured formats mark headings as
 * Markdown ({@code # Heading}) lines.
 */
public record ParsedDocument(DocumentType type, String title, String author, List<PageText> pages) {

    public ParsedDocument {
        author = author == null ? "" : author;
        pages = List.copyOf(pages);
    }

    public ParsedDocument(DocumentType type, String title, List<PageText> pages) {
        this(type, title, "", pages);
    }

    public int characterCount() {
        return pages.stream().mapToInt(p -> p.text().length()).sum();
    }
}
