package io.gatehouse.ingest.parse;

import io.gatehouse.ingest.parse.RejectedDocumentException.Reason;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentParserTest {

    private final DocumentParser parser = new DocumentParser();

    @Test
    void pdfTextComesPageByPageWithTheMetadataTitle() throws IOException {
        ParsedDocument doc = parser.parse(pdf(List.of("Alpha page text", "Beta page text", "Gamma page text"), false), "x.bin");
        assertEquals(DocumentType.PDF, doc.type(), "sniffed from content, whatever the name says");
        assertEquals("Test Title", doc.title());
        assertEquals(3, doc.pages().size());
        assertTrue(doc.pages().get(1).text().contains("Beta page text"));
        assertEquals(2, doc.pages().get(1).number());
    }

    @Test
    void markdownTakesItsTitleFromTheFirstHeading() {
        ParsedDocument doc = parser.parse("intro\n\n# The Harbour Guide\n\nText.".getBytes(StandardCharsets.UTF_8), "guide.md");
        assertEquals(DocumentType.MARKDOWN, doc.type());
        assertEquals("The Harbour Guide", doc.title());
    }

    @Test
    void plainTextDropsTheByteOrderMarkAndKeepsUnicode() {
        byte[] bytes = ("\uFEFFZürich – 東京 – emoji \uD83D\uDE80").getBytes(StandardCharsets.UTF_8);
        ParsedDocument doc = parser.parse(bytes, "notes.txt");
        assertEquals(DocumentType.TEXT, doc.type());
        assertEquals("Zürich – 東京 – emoji \uD83D\uDE80", doc.pages().getFirst().text());
        assertEquals("notes", doc.title());
    }

    @Test
    void badFilesAreRejectedWithTheirReason() throws IOException {
        assertReason(Reason.EMPTY, new byte[0], "a.txt");
        assertReason(Reason.TYPE_MISMATCH, "plain words".getBytes(StandardCharsets.UTF_8), "report.PDF");
        assertReason(Reason.UNSUPPORTED_TYPE, new byte[]{1, 2, 0, 4}, "blob.txt");
        assertReason(Reason.UNSUPPORTED_TYPE, new byte[]{(byte) 0xC3, (byte) 0x28, 'a'}, "latin.txt");
        assertReason(Reason.NO_TEXT, "  \n\t ".getBytes(StandardCharsets.UTF_8), "blank.txt");
        byte[] good = pdf(List.of("some text"), false);
        assertReason(Reason.MALFORMED, Arrays.copyOf(good, good.length / 3), "cut.pdf");
        assertReason(Reason.ENCRYPTED, pdf(List.of("secret"), true), "locked.pdf");
        assertReason(Reason.NO_TEXT, pdf(List.of(""), false), "scan.pdf");
    }

    private void assertReason(Reason expected, byte[] bytes, String name) {
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class, () -> parser.parse(bytes, name));
        assertEquals(expected, e.reason(), e.getMessage());
    }

    static byte[] pdf(List<String> pages, boolean encrypted) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.getDocumentInformation().setTitle("Test Title");
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                if (!text.isEmpty()) {
                    try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                        cs.beginText();
                        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                        cs.newLineAtOffset(50, 700);
                        cs.showText(text);
                        cs.endText();
                    }
                }
            }
            if (encrypted) {
                StandardProtectionPolicy p = new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
                p.setEncryptionKeyLength(128);
                doc.protect(p);
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
