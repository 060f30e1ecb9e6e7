package io.gatehouse.ingest.parse;

import java.util.List;

/** What a parser made of a file: its type, a title (from metadata or the file name) and text per page. */
public record ParsedDocument(DocumentType type, String title, List<PageText> pages) {

    public ParsedDocument {
        pages = List.copyOf(pages);
    }

    public int characterCount() {
        return pages.stream().mapToInt(p -> p.text().length()).sum();
    }
}
