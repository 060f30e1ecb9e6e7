package io.gatehouse.ingest.parse;

import io.gatehouse.ingest.parse.RejectedDocumentException.Reason;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns uploaded bytes into text per page. The type is sniffed from the content; the file name only
 * separates Markdown from plain text, and a name that promises a format the content does not deliver
 * is refused rather than guessed at.
 */
public final class DocumentParser {

    /** Default page limit: a PDF claiming more pages is refused before any text is extracted. */
    public static final int DEFAULT_MAX_PAGES = 5_000;

    private static final Set<String> MARKDOWN_NAMES = Set.of("md", "markdown", "mdown", "mkd");
    private static final Set<String> ARCHIVE_NAMES = Set.of("zip", "gz", "tgz", "7z", "rar", "bz2", "xz", "tar", "jar");

    private final PdfParser pdf;
    private final MarkdownText markdown = new MarkdownText();

    public DocumentParser() {
        this(DEFAULT_MAX_PAGES);
    }

    public DocumentParser(int maxPages) {
        this.pdf = new PdfParser(maxPages);
    }

    public ParsedDocument parse(byte[] bytes, String filename) {
        if (bytes.length == 0) {
            throw new RejectedDocumentException(Reason.EMPTY, "the file is empty");
        }
        String name = filename == null ? "" : filename;
        String fallbackTitle = stripExtension(name);
        Optional<String> claimed = ContentSniffer.claimedType(name);
        ContentSniffer.Kind kind = ContentSniffer.sniff(bytes);
        switch (kind) {
            case PDF:
                return pdf.parse(bytes, fallbackTitle);
            case DOCX:
                return DocxParser.parse(bytes, fallbackTitle);
            case ZIP, OTHER_ARCHIVE:
                throw new RejectedDocumentException(Reason.NESTED_ARCHIVE,
                        "the file is an archive; upload archives of documents to POST /api/corpora, one level deep");
            default:
                break;
        }
        if (claimed.filter(c -> c.equals("pdf")).isPresent()) {
            throw new RejectedDocumentException(Reason.TYPE_MISMATCH,
                    "the file is named like a PDF but its content is not a PDF (no %PDF- header)");
        }
        if (claimed.filter(c -> c.equals("docx")).isPresent()) {
            throw new RejectedDocumentException(Reason.TYPE_MISMATCH,
                    "the file is named like a DOCX but its content is not a Word document");
        }
        if (claimed.filter(ARCHIVE_NAMES::contains).isPresent()) {
            throw new RejectedDocumentException(Reason.TYPE_MISMATCH, "the file is named like an archive but is not one");
        }
        String text = TextDecoder.decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new RejectedDocumentException(Reason.NO_TEXT, "the file contains no text");
        }
        if (kind == ContentSniffer.Kind.HTML) {
            ParsedDocument html = HtmlParser.parse(text, fallbackTitle);
            if (html.characterCount() == 0) {
                throw new RejectedDocumentException(Reason.NO_TEXT, "the HTML page has no text outside scripts and navigation");
            }
            return html;
        }
        if (claimed.filter(MARKDOWN_NAMES::contains).isPresent()) {
            String plain = markdown.toText(text);
            if (plain.isBlank()) {
                throw new RejectedDocumentException(Reason.NO_TEXT, "the Markdown file has no text outside its markup");
            }
            return new ParsedDocument(DocumentType.MARKDOWN, firstHeading(plain, fallbackTitle), "",
                    List.of(new PageText(1, plain)));
        }
        return new ParsedDocument(DocumentType.TEXT, fallbackTitle, "", List.of(new PageText(1, text)));
    }

    /** The first top-level heading, as the converted text writes every heading as a {@code #} line. */
    private static String firstHeading(String text, String fallback) {
        for (String line : text.split("\n", 50)) {
            String t = line.strip();
            if (t.startsWith("# ")) {
                return t.substring(2).strip();
            }
        }
        return fallback;
    }

    static String stripExtension(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : (base.isEmpty() ? "untitled" : base);
    }
}
