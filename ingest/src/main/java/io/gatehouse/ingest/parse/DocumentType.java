package io.gatehouse.ingest.parse;

/** The formats ingestion understands, as sniffed from content. */
public enum DocumentType {
    PDF("application/pdf"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    HTML("text/html"),
    MARKDOWN("text/markdown"),
    TEXT("text/plain");

    private final String mediaType;

    DocumentType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Whether the parsed text marks headings Markdown-style ({@code # Title}), so chunks can follow sections. */
    public boolean hasHeadings() {
        return this == MARKDOWN || this == HTML || this == DOCX;
    }
}
