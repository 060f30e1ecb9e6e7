package io.gatehouse.ingest.parse;

/** The formats ingestion understands, as sniffed from content. */
public enum DocumentType {
    PDF("application/pdf"),
    MARKDOWN("text/markdown"),
    TEXT("text/plain");

    private final String mediaType;

    DocumentType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
