/*
 * Generates demo/internal/it-security-policy.pdf, the three-page INTERNAL PDF of the Gatehouse demo
 * corpus, and then re-reads it with PDFTextStripper to prove that every page's key facts extract
 * from that page (the demo questions cite page numbers, so a fact drifting to another page would
 * make the README wrong). Exits non-zero if any check fails.
 *
 * Re-run from the repository root (single-file source launch, no build needed):
 *
 *   M2=~/.m2/repository
 *   CP=$M2/org/apache/pdfbox/pdfbox/3.0.8/pdfbox-3.0.8.jar:$M2/org/apache/pdfbox/fontbox/3.0.8/fontbox-3.0.8.jar
 *   CP=$CP:$M2/org/apache/pdfbox/pdfbox-io/3.0.8/pdfbox-io-3.0.8.jar:$M2/commons-logging/commons-logging/1.3.5/commons-logging-1.3.5.jar
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "$CP" demo/tools/MakeItPolicyPdf.java [output.pdf]
 *
 * The document text lives in PAGES below (one string per page) rather than in a .txt next to the
 * PDF, so that the corpus folder holds only the PDF and ingestion sees the policy once.
 * Only the standard 14 fonts are used (Helvetica, Helvetica-Bold) and the text is plain ASCII,
 * so nothing is embedded and WinAnsi encoding covers every character.
 * Dates in the document information and the trailer /ID are fixed (the ID is a digest of the text),
 * so re-running yields byte-identical output: ingestion is idempotent by content hash, and a
 * regenerated but unchanged PDF should not look like a new document.
 * PDFBox logs "Using fallback font LiberationSans for Helvetica": that concerns on-screen glyph
 * rendering only; widths come from the bundled Helvetica AFM metrics and the font is not embedded.
 */

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;

public class MakeItPolicyPdf {

    static final String TITLE = "Northwind Harbour Bank - IT Security Policy";

    // One entry per page. Lines starting with "# " are headings; blank lines separate paragraphs;
    // lines starting with "- " are bullet items.
    static final String[] PAGES = {
        """
        # Northwind Harbour Bank - IT Security Policy
        Classification: INTERNAL. Policy owner: Chief Information Security Officer, Fenella Rooksby. Version 5.0, effective 1 January 2026. This policy applies to every colleague, contractor and temporary worker who uses a Northwind Harbour Bank device, account or network.

        # 1. Passwords and sign-in
        Every standard user account must have a password of at least 14 characters. Passphrases made of four or more unrelated words are encouraged; character-class rules (one digit, one symbol) are no longer required because length protects better than complexity.

        Standard user passwords expire every 180 days. Privileged accounts (domain administrators, database administrators and payment-system operators) must use a password of at least 20 characters that is changed every 60 days, and must never be used for email or web browsing.

        - The last 12 passwords cannot be reused.
        - After 5 failed sign-in attempts an account is locked for 30 minutes.
        - Multi-factor authentication with the Harbourkey authenticator app is mandatory for email, the intranet and every system that holds customer data.
        - Passwords must never be written down, shared with a colleague or sent by email, even to the Service Desk. The Service Desk will never ask for your password.

        # 2. Password managers
        The only approved password manager is Keyfold Enterprise, installed on every bank laptop. Browser-saved passwords are disabled by group policy. If you suspect that a password has been seen by someone else, change it at once and report it as an incident (see section 6).
        """,
        """
        # 3. Remote access and VPN
        Colleagues working anywhere outside a bank building must connect through the TideGate VPN before opening any internal system. TideGate starts automatically when a bank laptop joins a network that is not the bank's own.

        - Split tunnelling is disabled: all traffic, including web browsing, goes through the bank while the VPN is connected.
        - A VPN session is disconnected after 10 hours, and after 20 minutes without activity.
        - Only bank-issued laptops may connect. Personal computers, tablets and phones can reach webmail through the Harbourkey portal only, never the VPN.
        - Public Wi-Fi in cafes, hotels and trains may be used only with the VPN connected. Printing at hotels or public print shops is forbidden.
        - Working from abroad requires approval from IT Security at least 10 working days before travel; the VPN refuses connections from countries that are not on the approved travel list.

        # 4. Laptop encryption and device care
        Every bank laptop is protected by BitLocker full-disk encryption using XTS-AES with 256-bit keys, together with a pre-boot PIN of at least 8 digits. Recovery keys are escrowed with IT Security and are released only after a manager confirms the request by phone.

        - The screen must lock automatically after 5 minutes of inactivity; press Windows+L whenever you leave your desk.
        - USB storage is blocked. The only exception is the encrypted IronMarlin USB drive, issued by the Service Desk on a manager's request and registered to one person.
        - Laptops must never be left in a parked car, checked-in luggage or an unattended meeting room.
        - Security patches are installed automatically; a laptop that has not connected for 30 days is quarantined until the Service Desk updates it.
        """,
        """
        # 5. Email and data handling
        Customer data may be sent outside the bank only through the SecureDrop Harbour file-transfer service, never as an ordinary email attachment. Auto-forwarding of email to external addresses is blocked. Use the Report Phish button in Outlook for any suspicious message; do not forward it to colleagues.

        # 6. Reporting a security incident
        A security incident is anything that might put the bank's information at risk: a lost or stolen laptop or phone, a suspicious email you have clicked, a password you think has been seen, a misdirected email containing customer data, or a colleague asking you to bypass a control.

        - Report every incident to the Security Operations Centre, Beacon Watch, on internal hotline extension 4477 (from outside the bank: 01632 960 447). The hotline is staffed 24 hours a day, 365 days a year.
        - Report within 15 minutes of noticing the problem. A lost or stolen laptop must be reported within 1 hour, even outside working hours, so that it can be wiped remotely.
        - Do not investigate on your own, do not delete suspicious emails and do not switch off an affected laptop; disconnect it from the network instead.
        - Colleagues who report promptly will not be disciplined for an honest mistake. Failing to report a known incident is a breach of this policy.

        # 7. Clean desk and visitors
        Confidential paper must be locked away at the end of each day and disposed of in the blue Shredsafe consoles. Visitors must be signed in at reception, wear a red visitor badge and be escorted at all times.

        # 8. Compliance and review
        Breaches of this policy may lead to disciplinary action. IT Security reviews the policy every 12 months; the next review is due in December 2026. Questions go to the IT Security team through the Service Desk portal.
        """
    };

    /** Facts each page must yield when extracted on its own; the README's example questions rely on them. */
    static final String[][] EXPECTED_PER_PAGE = {
        {"at least 14 characters", "every 180 days", "every 60 days", "locked for 30 minutes", "Keyfold Enterprise"},
        {"TideGate VPN", "Split tunnelling is disabled", "after 10 hours", "XTS-AES with 256-bit keys", "at least 8 digits", "IronMarlin"},
        {"extension 4477", "within 15 minutes", "within 1 hour", "Beacon Watch", "every 12 months"},
    };

    static final float MARGIN = 64f;
    static final float BODY_SIZE = 10.5f;
    static final float HEADING_SIZE = 13f;
    static final float LEADING = 1.4f;
    static final float BULLET_INDENT = 14f;

    public static void main(String[] args) throws IOException {
        File out = new File(args.length > 0 ? args[0] : "demo/internal/it-security-policy.pdf");
        write(out);
        int failures = verify(out);
        if (failures > 0) {
            System.err.println(failures + " expected fact(s) missing from their page");
            System.exit(1);
        }
        System.out.println("wrote and verified " + out + " (" + PAGES.length + " pages)");
    }

    static void write(File out) throws IOException {
        PDType1Font body = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(TITLE);
            info.setAuthor("Northwind Harbour Bank, IT Security");
            info.setSubject("Passwords, VPN, laptop encryption and incident reporting");
            info.setKeywords("INTERNAL; IT security; demo corpus; fictitious");
            info.setCreator("demo/tools/MakeItPolicyPdf.java");
            Calendar fixed = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            fixed.clear();
            fixed.set(2026, Calendar.JANUARY, 1, 9, 0, 0);
            info.setCreationDate(fixed);
            info.setModificationDate(fixed);

            for (int p = 0; p < PAGES.length; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                float width = page.getMediaBox().getWidth() - 2 * MARGIN;
                float y = page.getMediaBox().getHeight() - MARGIN;
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    for (String para : PAGES[p].strip().split("\n")) {
                        String line = para.strip();
                        if (line.isEmpty()) {
                            y -= BODY_SIZE * 0.6f;
                            continue;
                        }
                        if (line.startsWith("# ")) {
                            y -= HEADING_SIZE * 0.5f;
                            y = paragraph(cs, bold, HEADING_SIZE, line.substring(2), MARGIN, width, y, "");
                            y -= HEADING_SIZE * 0.3f;
                        } else if (line.startsWith("- ")) {
                            y = paragraph(cs, body, BODY_SIZE, line.substring(2), MARGIN + BULLET_INDENT,
                                    width - BULLET_INDENT, y, "\u2022");
                        } else {
                            y = paragraph(cs, body, BODY_SIZE, line, MARGIN, width, y, "");
                        }
                        if (y < MARGIN) {
                            // The text is fixed and fits; overflowing would move facts off their page.
                            throw new IllegalStateException("page " + (p + 1) + " overflows; shorten its text");
                        }
                    }
                    footer(cs, body, page, p + 1);
                }
            }
            // Without an explicit /ID, PDFBox derives one from the clock and every run differs.
            byte[] id = textDigest();
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            doc.getDocument().getTrailer().setItem(COSName.ID, ids);
            // Via a stream: save(File) warns when overwriting, which every re-run does.
            try (OutputStream os = Files.newOutputStream(out.toPath())) {
                doc.save(os);
            }
        }
    }

    static byte[] textDigest() {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (String page : PAGES) {
                md5.update(page.getBytes(StandardCharsets.UTF_8));
            }
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is mandatory in every JDK", e);
        }
    }

    /** Writes one word-wrapped paragraph starting at baseline y; returns the baseline after it. */
    static float paragraph(PDPageContentStream cs, PDType1Font font, float size, String text,
                           float x, float width, float y, String bullet) throws IOException {
        float lineHeight = size * LEADING;
        List<String> lines = wrap(font, size, text, width);
        for (int i = 0; i < lines.size(); i++) {
            y -= lineHeight;
            if (i == 0 && !bullet.isEmpty()) {
                cs.beginText();
                cs.setFont(font, size);
                cs.newLineAtOffset(x - BULLET_INDENT + 3, y);
                cs.showText(bullet);
                cs.endText();
            }
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(x, y);
            cs.showText(lines.get(i));
            cs.endText();
        }
        return y - size * 0.35f;
    }

    /** Greedy word wrap by measured glyph widths (font units are 1/1000 of the font size). */
    static List<String> wrap(PDType1Font font, float size, String text, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (font.getStringWidth(candidate) / 1000f * size <= width || current.isEmpty()) {
                current.setLength(0);
                current.append(candidate);
            } else {
                lines.add(current.toString());
                current.setLength(0);
                current.append(word);
            }
        }
        if (!current.isEmpty()) {
            lines.add(current.toString());
        }
        return lines;
    }

    static void footer(PDPageContentStream cs, PDType1Font font, PDPage page, int number) throws IOException {
        cs.beginText();
        cs.setFont(font, 8f);
        cs.newLineAtOffset(MARGIN, MARGIN / 2);
        cs.showText("Northwind Harbour Bank - IT Security Policy v5.0 - INTERNAL - page " + number + " of " + PAGES.length);
        cs.endText();
    }

    /** Extracts each page on its own and counts expected facts that are not on it. */
    static int verify(File pdf) throws IOException {
        int failures = 0;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            if (doc.getNumberOfPages() != PAGES.length) {
                System.err.println("expected " + PAGES.length + " pages, found " + doc.getNumberOfPages());
                failures++;
            }
            if (!TITLE.equals(doc.getDocumentInformation().getTitle())) {
                System.err.println("document information title missing");
                failures++;
            }
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= doc.getNumberOfPages() && p <= EXPECTED_PER_PAGE.length; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                // Lines wrap anywhere, so compare with whitespace collapsed.
                String text = stripper.getText(doc).replaceAll("\\s+", " ");
                int words = text.isBlank() ? 0 : text.strip().split(" ").length;
                System.out.println("page " + p + ": " + words + " words extracted");
                for (String fact : EXPECTED_PER_PAGE[p - 1]) {
                    if (!text.contains(fact)) {
                        System.err.println("page " + p + " lacks: " + fact);
                        failures++;
                    }
                }
                for (int other = 0; other < EXPECTED_PER_PAGE.length; other++) {
                    if (other == p - 1) {
                        continue;
                    }
                    for (String fact : EXPECTED_PER_PAGE[other]) {
                        if (text.contains(fact)) {
                            System.err.println("page " + p + " unexpectedly holds page " + (other + 1) + "'s fact: " + fact);
                            failures++;
                        }
                    }
                }
            }
        }
        return failures;
    }
}
