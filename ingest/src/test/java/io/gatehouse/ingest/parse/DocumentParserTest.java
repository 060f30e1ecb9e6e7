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
        assertReason(Reason.NESTED_ARCHIVE, zip("inner.txt", "hello"), "bundle.zip");
        assertReason(Reason.NESTED_ARCHIVE, new byte[]{0x1F, (byte) 0x8B, 8, 0, 0, 0}, "x.txt.gz");
        assertReason(Reason.TYPE_MISMATCH, "just text".getBytes(StandardCharsets.UTF_8), "letter.docx");
        assertReason(Reason.MALFORMED, zip("word/document.xml", "<not-xml"), "broken.docx");
        assertReason(Reason.NO_TEXT, "  \n\t ".getBytes(StandardCharsets.UTF_8), "blank.txt");
        byte[] good = pdf(List.of("some text"), false);
        assertReason(Reason.MALFORMED, Arrays.copyOf(good, good.length / 3), "cut.pdf");
        assertReason(Reason.ENCRYPTED, pdf(List.of("secret"), true), "locked.pdf");
        assertReason(Reason.NO_TEXT, pdf(List.of(""), false), "scan.pdf");
    }

    @Test
    void legacyAndWideCharsetsAreDetected() {
        assertEquals("café crème", parser.parse("café crème".getBytes(java.nio.charset.Charset.forName("windows-1252")), "a.txt")
                .pages().getFirst().text());
        byte[] utf16 = "\uFEFFnaïve façade".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("naïve façade", parser.parse(utf16, "b.txt").pages().getFirst().text());
        assertEquals("plain ascii", parser.parse("plain ascii".getBytes(StandardCharsets.UTF_16BE), "c.txt").pages().getFirst().text());
    }

    @Test
    void htmlLosesScriptsAndNavigationAndKeepsHeadings() {
        String html = "<!DOCTYPE html><html><head><title>Pier Rules</title><script>var secret='x';</script>"
                + "<style>p{color:red}</style></head><body><nav><a href='/'>Home</a> Menu</nav>"
                + "<h2>Mooring</h2><p>Boats moor <b>stern-to</b> at pier nine.</p><footer>Copyright</footer></body></html>";
        ParsedDocument doc = parser.parse(html.getBytes(StandardCharsets.UTF_8), "page.txt");
        assertEquals(DocumentType.HTML, doc.type());
        assertEquals("Pier Rules", doc.title());
        String text = doc.pages().getFirst().text();
        assertTrue(text.contains("## Mooring"), text);
        assertTrue(text.contains("Boats moor stern-to at pier nine."), text);
        for (String gone : List.of("secret", "color", "Menu", "Copyright")) {
            assertTrue(!text.contains(gone), () -> gone + " survived: " + text);
        }
    }

    @Test
    void docxParagraphsHeadingsTablesAndMetadata() throws IOException {
        byte[] docx;
        try (org.apache.poi.xwpf.usermodel.XWPFDocument d = new org.apache.poi.xwpf.usermodel.XWPFDocument();
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            d.getProperties().getCoreProperties().setTitle("Harbour Tariffs");
            d.getProperties().getCoreProperties().setCreator("Port Authority");
            var h = d.createParagraph();
            h.setStyle("Heading1");
            h.createRun().setText("Berthing");
            d.createParagraph().createRun().setText("A berth costs 40 euros per night for yachts under twelve metres.");
            var table = d.createTable(2, 2);
            table.getRow(0).getCell(0).setText("Vessel");
            table.getRow(0).getCell(1).setText("Fee");
            table.getRow(1).getCell(0).setText("Ferry");
            table.getRow(1).getCell(1).setText("900 euros");
            d.write(out);
            docx = out.toByteArray();
        }
        ParsedDocument doc = parser.parse(docx, "upload.bin");
        assertEquals(DocumentType.DOCX, doc.type());
        assertEquals("Harbour Tariffs", doc.title());
        assertEquals("Port Authority", doc.author());
        String text = doc.pages().getFirst().text();
        assertTrue(text.contains("# Berthing"), text);
        assertTrue(text.contains("40 euros per night"), text);
        assertTrue(text.contains("Ferry | 900 euros"), text);
    }

    @Test
    void rotatedPagesFormsAndPageLimits() throws IOException {
        byte[] rotated;
        try (PDDocument d = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            page.setRotation(90);
            d.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(d, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(50, 700);
                cs.showText("Landscape tide chart for March");
                cs.endText();
            }
            d.save(out);
            rotated = out.toByteArray();
        }
        assertTrue(parser.parse(rotated, "r.pdf").pages().getFirst().text().contains("Landscape tide chart for March"));

        byte[] form;
        try (PDDocument d = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            d.addPage(page);
            var acro = new org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm(d);
            d.getDocumentCatalog().setAcroForm(acro);
            var res = new org.apache.pdfbox.pdmodel.PDResources();
            res.put(org.apache.pdfbox.cos.COSName.getPDFName("Helv"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            acro.setDefaultResources(res);
            acro.setDefaultAppearance("/Helv 10 Tf 0 g");
            var field = new org.apache.pdfbox.pdmodel.interactive.form.PDTextField(acro);
            field.setPartialName("skipper");
            var widget = field.getWidgets().getFirst();
            widget.setRectangle(new org.apache.pdfbox.pdmodel.common.PDRectangle(50, 700, 200, 20));
            widget.setPage(page);
            page.getAnnotations().add(widget);
            acro.getFields().add(field);
            field.setValue("Captain Ahab");
            d.save(out);
            form = out.toByteArray();
        }
        assertTrue(parser.parse(form, "f.pdf").pages().getFirst().text().contains("skipper: Captain Ahab"));

        assertReason(new DocumentParser(2), Reason.TOO_MANY_PAGES, pdf(List.of("a", "b", "c"), false), "long.pdf");
    }

    private void assertReason(DocumentParser p, Reason expected, byte[] bytes, String name) {
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class, () -> p.parse(bytes, name));
        assertEquals(expected, e.reason(), e.getMessage());
    }

    static byte[] zip(String entry, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            z.putNextEntry(new java.util.zip.ZipEntry(entry));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
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
