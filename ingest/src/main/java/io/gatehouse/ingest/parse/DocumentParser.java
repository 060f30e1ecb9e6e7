package io.gatehouse.ingest.parse;

import io.gatehouse.ingest.parse.RejectedDocumentException.Reason;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns uploaded bytes into text per page. The type comes from the content (a PDF starts with
 * {@code %PDF-}; text must be valid UTF-8 without NUL bytes); the file name only decides between
 * Markdown and plain text, and a name that promises a PDF the content does not deliver is refused.
 */
public final class DocumentParser {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** PDF allows junk before the header; readers look this far. */
    private static final int PDF_HEADER_WINDOW = 1024;

    public ParsedDocument parse(byte[] bytes, String filename) {
        if (bytes.length == 0) {
            throw new RejectedDocumentException(Reason.EMPTY, "the file is empty");
        }
        String name = filename == null ? "" : filename;
        String lower = name.toLowerCase(Locale.ROOT);
        if (startsWithPdfHeader(bytes)) {
            return parsePdf(bytes, name);
        }
        if (lower.endsWith(".pdf")) {
            throw new RejectedDocumentException(Reason.TYPE_MISMATCH,
                    "the file is named like a PDF but its content is not a PDF (no %PDF- header)");
        }
        String text = decodeText(bytes);
        DocumentType type = lower.endsWith(".md") || lower.endsWith(".markdown") ? DocumentType.MARKDOWN : DocumentType.TEXT;
        if (text.isBlank()) {
            throw new RejectedDocumentException(Reason.NO_TEXT, "the file contains no text");
        }
        return new ParsedDocument(type, titleOf(type, text, name), List.of(new PageText(1, text)));
    }

    private static ParsedDocument parsePdf(byte[] bytes, String name) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            List<PageText> pages = new ArrayList<>(pdf.getNumberOfPages());
            boolean anyText = false;
            for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String text = stripper.getText(pdf);
                anyText |= !text.isBlank();
                pages.add(new PageText(p, text));
            }
            if (!anyText) {
                throw new RejectedDocumentException(Reason.NO_TEXT,
                        "the PDF has no text layer (" + pages.size() + " pages); it may be scanned and needs OCR first");
            }
            PDDocumentInformation info = pdf.getDocumentInformation();
            String title = info != null && info.getTitle() != null && !info.getTitle().isBlank()
                    ? info.getTitle().strip() : stripExtension(name);
            return new ParsedDocument(DocumentType.PDF, title, pages);
        } catch (InvalidPasswordException e) {
            throw new RejectedDocumentException(Reason.ENCRYPTED, "the PDF is encrypted and needs a password", e);
        } catch (IOException e) {
            throw new RejectedDocumentException(Reason.MALFORMED, "the PDF is malformed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean startsWithPdfHeader(byte[] b) {
        int limit = Math.min(b.length - PDF_MAGIC.length, PDF_HEADER_WINDOW);
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int j = 0; j < PDF_MAGIC.length; j++) {
                if (b[i + j] != PDF_MAGIC[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String decodeText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new RejectedDocumentException(Reason.UNSUPPORTED_TYPE,
                        "unsupported file type: binary content; PDF, Markdown and plain UTF-8 text are accepted");
            }
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new RejectedDocumentException(Reason.UNSUPPORTED_TYPE,
                    "unsupported file type: not a PDF and not valid UTF-8 text");
        }
    }

    private static String titleOf(DocumentType type, String text, String name) {
        if (type == DocumentType.MARKDOWN) {
            for (String line : text.split("\n", 50)) {
                String t = line.strip();
                if (t.startsWith("# ")) {
                    return t.substring(2).strip();
                }
            }
        }
        return stripExtension(name);
    }

    private static String stripExtension(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : (base.isEmpty() ? "untitled" : base);
    }
}
