package io.gatehouse.web;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/** Generates malformed and hostile files, each kind a known way parsers and unpackers fall over. */
final class HostileFiles {

    private HostileFiles() {
    }

    static Map<String, byte[]> generate(Random rnd) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] pdf = Pdfs.pages("Sound", List.of(List.of("page one"), List.of("page two"), List.of("page three")));
        for (int i = 0; i < 40; i++) {
            out.put("truncated/" + i + ".pdf", java.util.Arrays.copyOf(pdf, 9 + rnd.nextInt(pdf.length / 2)));
        }
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 30; i++) {
            // xref offsets and the startxref pointer replaced by garbage of the same length
            String broken = text.replaceAll("\\d{10} \\d{5} [nf]", garbage(rnd, 18))
                    .replaceAll("startxref\\s+\\d+", "startxref\n" + (rnd.nextInt(1_000_000) + 1));
            out.put("broken-xref/" + i + ".pdf", broken.getBytes(StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < 10; i++) {
            int depth = 50_000 + rnd.nextInt(50_000);
            out.put("nested/" + i + ".pdf", minimalPdf("/Nest " + "[".repeat(depth) + "]".repeat(depth), 1).getBytes(StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < 10; i++) {
            out.put("pages/" + i + ".pdf", minimalPdf("", 2_000_000_000 - i).getBytes(StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < 40; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(20_000)];
            rnd.nextBytes(junk);
            if (i % 2 == 0) {
                System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, Math.min(9, junk.length));
            }
            out.put("garbage/" + i + ".pdf", junk);
        }
        String[] names = {".docx", ".txt", ".html", ".md"};
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[16 + rnd.nextInt(5_000)];
            rnd.nextBytes(junk);
            junk[3] = 0; // binary for sure
            out.put("binary/" + i + names[i % names.length], junk);
        }
        for (int i = 0; i < 20; i++) {
            out.put("empty/" + i + ".txt", i % 2 == 0 ? new byte[0] : " \n\t \n".getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 20; i++) {
            int depth = 20_000 + rnd.nextInt(20_000);
            out.put("deep-html/" + i + ".html", ("<html><body>" + "<div>".repeat(depth) + "</div>".repeat(depth) + "</body></html>")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 10; i++) {
            out.put("nested-zip/" + i + ".zip", new Corpora().add("inner.txt", "inner").zip());
        }
        out.put("bomb/ten-gigabytes.zip", tenGigabyteZip());
        return out;
    }

    /** A ZIP of ten 1 GiB entries of zeros, about 10 MB on disk: compressed once, copied raw ten times. */
    static byte[] tenGigabyteZip() {
        long size = 1L << 30;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[1 << 16];
        CRC32 crc = new CRC32();
        for (long done = 0; done < size; done += zeros.length) {
            crc.update(zeros);
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(buf);
                compressed.write(buf, 0, n);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            compressed.write(buf, 0, n);
        }
        deflater.end();
        byte[] raw = compressed.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (int i = 0; i < 10; i++) {
                ZipArchiveEntry e = new ZipArchiveEntry("zeros-" + i + ".txt");
                e.setMethod(ZipEntry.DEFLATED);
                e.setSize(size);
                e.setCompressedSize(raw.length);
                e.setCrc(crc.getValue());
                zip.addRawArchiveEntry(e, new ByteArrayInputStream(raw));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String minimalPdf(String extraCatalog, int pageCount) {
        return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + extraCatalog + " >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count " + pageCount + " >>\nendobj\n"
                + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
                + "trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n";
    }

    private static String garbage(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('!' + rnd.nextInt(90)));
        }
        return java.util.regex.Matcher.quoteReplacement(sb.toString());
    }
}
