package io.gatehouse.ingest.parse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides what a file is from its bytes. Magic numbers first (PDF, ZIP-based DOCX, other archives),
 * then markup for HTML; the file name only separates Markdown from plain text, which have no magic.
 */
final class ContentSniffer {

    /** What the bytes are, including things we refuse to parse. */
    enum Kind { PDF, DOCX, ZIP, OTHER_ARCHIVE, HTML, TEXT_OR_BINARY }

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** PDF allows junk before the header; readers look this far. */
    private static final int PDF_HEADER_WINDOW = 1024;

    private ContentSniffer() {
    }

    static Kind sniff(byte[] b) {
        if (indexOf(b, PDF_MAGIC, PDF_HEADER_WINDOW) >= 0) {
            return Kind.PDF;
        }
        if (startsWith(b, 0x50, 0x4B, 0x03, 0x04) || startsWith(b, 0x50, 0x4B, 0x05, 0x06)) {
            // OOXML packages are ZIPs whose entries name the part; the content-types part comes first in Word's files
            return indexOf(b, "word/".getBytes(StandardCharsets.US_ASCII), Math.min(b.length, 64 * 1024)) >= 0
                    ? Kind.DOCX : Kind.ZIP;
        }
        if (startsWith(b, 0x1F, 0x8B) || startsWith(b, 0x37, 0x7A, 0xBC, 0xAF) || startsWith(b, 0x52, 0x61, 0x72, 0x21)
                || startsWith(b, 0x42, 0x5A, 0x68) || startsWith(b, 0xFD, 0x37, 0x7A, 0x58, 0x5A)) {
            return Kind.OTHER_ARCHIVE; // gzip, 7z, rar, bzip2, xz
        }
        String head = new String(b, 0, Math.min(b.length, 2048), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        if (head.startsWith("\u00ef\u00bb\u00bf")) {
            head = head.substring(3);
        }
        if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<body")
                || (head.startsWith("<") && head.contains("<head"))) {
            return Kind.HTML;
        }
        return Kind.TEXT_OR_BINARY;
    }

    static Optional<String> claimedType(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(lower.substring(dot + 1));
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte[] needle, int window) {
        int limit = Math.min(b.length - needle.length, window);
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
