package io.gatehouse.ingest.parse;

import io.gatehouse.ingest.parse.RejectedDocumentException.Reason;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * PDF text page by page with PDFBox. Streams are cached in temporary files rather than the heap, and the
 * page count is checked before any text is extracted, so hostile files cost bounded memory and time.
 */
final class PdfParser {

    private final int maxPages;

    PdfParser(int maxPages) {
        this.maxPages = maxPages;
    }

    /** Filled-in form fields are content too: "name: value" lines added to the page that shows the field. */
    private static boolean appendFormFields(PDDocument pdf, List<PageText> pages) {
        PDAcroForm form = pdf.getDocumentCatalog().getAcroForm();
        if (form == null) {
            return false;
        }
        boolean any = false;
        StringBuilder[] extra = new StringBuilder[pages.size()];
        for (PDField field : form.getFieldTree()) {
            String value = field.getValueAsString();
            if (value == null || value.isBlank() || field.getFullyQualifiedName() == null) {
                continue;
            }
            int page = 0;
            if (!field.getWidgets().isEmpty() && field.getWidgets().getFirst().getPage() != null) {
                page = Math.max(0, pdf.getPages().indexOf(field.getWidgets().getFirst().getPage()));
            }
            if (page >= extra.length) {
                continue;
            }
            if (extra[page] == null) {
                extra[page] = new StringBuilder("\n\nForm fields:\n");
            }
            extra[page].append(field.getFullyQualifiedName()).append(": ").append(value.strip()).append('\n');
            any = true;
        }
        for (int i = 0; i < extra.length; i++) {
            if (extra[i] != null) {
                pages.set(i, new PageText(pages.get(i).number(), pages.get(i).text() + extra[i]));
            }
        }
        return any;
    }

    ParsedDocument parse(byte[] bytes, String fallbackTitle) {
        try (PDDocument pdf = Loader.loadPDF(new RandomAccessReadBuffer(bytes), "", null, null,
                IOUtils.createTempFileOnlyStreamCache())) {
            int pageCount = pdf.getNumberOfPages();
            if (pageCount > maxPages) {
                throw new RejectedDocumentException(Reason.TOO_MANY_PAGES,
                        "the PDF has " + pageCount + " pages; the limit is " + maxPages);
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            List<PageText> pages = new ArrayList<>(pageCount);
            boolean anyText = false;
            for (int p = 1; p <= pageCount; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String text = stripper.getText(pdf);
                anyText |= !text.isBlank();
                pages.add(new PageText(p, text));
            }
            anyText |= appendFormFields(pdf, pages);
            if (!anyText) {
                throw new RejectedDocumentException(Reason.NO_TEXT,
                        "the PDF has no text layer (" + pageCount + " pages); it may be scanned and needs OCR first");
            }
            PDDocumentInformation info = pdf.getDocumentInformation();
            String title = info != null && info.getTitle() != null && !info.getTitle().isBlank()
                    ? info.getTitle().strip() : fallbackTitle;
            String author = info != null && info.getAuthor() != null ? info.getAuthor().strip() : "";
            return new ParsedDocument(DocumentType.PDF, title, author, pages);
        } catch (InvalidPasswordException e) {
            throw new RejectedDocumentException(Reason.ENCRYPTED, "the PDF is encrypted and needs a password", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RejectedDocumentException r) {
                throw r;
            }
            throw new RejectedDocumentException(Reason.MALFORMED, "the PDF is malformed: " + e.getClass().getSimpleName(), e);
        } catch (StackOverflowError e) {
            // deeply nested objects: the parser recursed past the stack; the thread's stack unwinds here intact
            throw new RejectedDocumentException(Reason.MALFORMED, "the PDF is malformed: objects nested too deeply");
        }
    }
}
