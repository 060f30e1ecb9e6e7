package io.gatehouse.ingest.parse;

import io.gatehouse.ingest.parse.RejectedDocumentException.Reason;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes plain text whose charset nobody declared: a byte-order mark wins; then strict UTF-8 (which
 * almost never decodes text in another charset by accident); then UTF-16 without a mark when every
 * other byte is zero; then Windows-1252, the superset of Latin-1 that legacy Western text is written in.
 * Bytes that are none of these (control characters, NULs) are binary and refused.
 */
final class TextDecoder {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoder() {
    }

    static String decode(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return strict(b, 3, StandardCharsets.UTF_8);
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return strict(b, 2, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return strict(b, 2, StandardCharsets.UTF_16BE);
        }
        int zerosEven = 0;
        int zerosOdd = 0;
        int controls = 0;
        for (int i = 0; i < b.length; i++) {
            int v = b[i] & 0xFF;
            if (v == 0) {
                if (i % 2 == 0) {
                    zerosEven++;
                } else {
                    zerosOdd++;
                }
            } else if (v < 0x20 && v != '\n' && v != '\r' && v != '\t' && v != '\f') {
                controls++;
            }
        }
        int half = b.length / 2;
        if (half > 0 && zerosOdd > half * 0.9 && zerosEven == 0) {
            return strict(b, 0, StandardCharsets.UTF_16LE);
        }
        if (half > 0 && zerosEven > half * 0.9 && zerosOdd == 0) {
            return strict(b, 0, StandardCharsets.UTF_16BE);
        }
        if (zerosEven + zerosOdd > 0 || controls > b.length / 100 + 1) {
            throw binary();
        }
        try {
            return decoder(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, WINDOWS_1252);
        }
    }

    private static String strict(byte[] b, int offset, Charset cs) {
        try {
            return decoder(cs).decode(ByteBuffer.wrap(b, offset, b.length - offset)).toString();
        } catch (CharacterCodingException e) {
            throw binary();
        }
    }

    private static java.nio.charset.CharsetDecoder decoder(Charset cs) {
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static RejectedDocumentException binary() {
        return new RejectedDocumentException(Reason.UNSUPPORTED_TYPE,
                "unsupported file type: binary content; PDF, DOCX, HTML, Markdown and plain text are accepted");
    }
}
