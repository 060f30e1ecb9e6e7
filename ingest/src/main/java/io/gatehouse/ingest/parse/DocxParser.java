package io.gatehouse.ingest.parse;

import io.gatehouse.ingest.parse.RejectedDocumentException.Reason;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Word documents with Apache POI: paragraphs in body order, heading styles as Markdown headings,
 * table rows as "a | b | c" lines, title and author from the package's core properties. POI's own
 * zip-bomb guard (minimum inflate ratio) applies to the package.
 */
final class DocxParser {

    private DocxParser() {
    }

    static ParsedDocument parse(byte[] bytes, String fallbackTitle) {
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            StringBuilder out = new StringBuilder();
            for (IBodyElement element : doc.getBodyElements()) {
                if (element instanceof XWPFParagraph p) {
                    String text = p.getText().strip();
                    if (text.isEmpty()) {
                        continue;
                    }
                    int level = headingLevel(p.getStyleID());
                    out.append(level > 0 ? "#".repeat(level) + " " : "").append(text).append("\n\n");
                } else if (element instanceof XWPFTable t) {
                    for (XWPFTableRow row : t.getRows()) {
                        out.append(row.getTableCells().stream().map(XWPFTableCell::getText).map(String::strip)
                                .collect(Collectors.joining(" | "))).append('\n');
                    }
                    out.append('\n');
                }
            }
            POIXMLProperties.CoreProperties core = doc.getProperties().getCoreProperties();
            String title = core.getTitle() != null && !core.getTitle().isBlank() ? core.getTitle().strip() : fallbackTitle;
            String author = core.getCreator() == null ? "" : core.getCreator().strip();
            return new ParsedDocument(DocumentType.DOCX, title, author, List.of(new PageText(1, out.toString().strip())));
        } catch (IOException | RuntimeException e) {
            throw new RejectedDocumentException(Reason.MALFORMED, "the DOCX file is malformed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Word's built-in heading styles are "Heading1".."Heading9" (and "Title"). */
    private static int headingLevel(String styleId) {
        if (styleId == null) {
            return 0;
        }
        String s = styleId.toLowerCase(Locale.ROOT);
        if (s.equals("title")) {
            return 1;
        }
        if (s.startsWith("heading") && s.length() > 7 && Character.isDigit(s.charAt(7))) {
            return Math.min(6, s.charAt(7) - '0');
        }
        return 0;
    }
}
