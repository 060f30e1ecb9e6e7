package io.gatehouse.policy.audit;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical form of a record and the hashes over it. Not thread-safe (it reuses one digest and one
 * Mac): one codec per append or per verification walk.
 * <p>
 * Canonical form: the line {@code gatehouse-audit-v1} followed by one line per envelope field in a fixed
 * order, each {@code name=length:value} (or {@code name=-} for null), lengths in UTF-16 code units,
 * the timestamp as microseconds since the epoch. The
 * length prefix makes the encoding unambiguous whatever the values contain. Content text is not part of
 * it, only the content hashes, which is what lets retention drop text without breaking the chain.
 * <p>
 * A record that names its key ({@code key_id}, every record since key rotation) is encoded as
 * {@code gatehouse-audit-v2}: the same lines plus {@code key_id} last, so the id is covered by the hash and
 * the MAC. Records written before (no key id) keep the v1 form they were signed with; clearing a record's
 * key id therefore changes its canonical form and breaks its hash.
 */
final class ChainCodec {

    static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private final Mac mac;
    private final MessageDigest sha256;
    private final String keyId;

    ChainCodec(AuditKey key) {
        this.mac = key.newMac();
        this.keyId = key.id();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The envelope fields of one record, as they are hashed. */
    record Envelope(long seq, Instant at, String actor, String action, String subject, String outcome, String route,
                    String tier, String detail, String questionHash, String answerHash, String payloadHash, String prevHash,
                    String keyId) {
    }

    /** Id of the key this codec signs and hashes with. */
    String keyId() {
        return keyId;
    }

    static String canonical(Envelope e) {
        StringBuilder b = new StringBuilder(256 + e.detail().length());
        b.append(e.keyId() == null ? "gatehouse-audit-v1\n" : "gatehouse-audit-v2\n");
        field(b, "seq", Long.toString(e.seq()));
        field(b, "at_micros", Long.toString(epochMicros(e.at())));
        field(b, "actor", e.actor());
        field(b, "action", e.action());
        field(b, "subject", e.subject());
        field(b, "outcome", e.outcome());
        field(b, "route", e.route());
        field(b, "tier", e.tier());
        field(b, "detail", e.detail());
        field(b, "question_hash", e.questionHash());
        field(b, "answer_hash", e.answerHash());
        field(b, "payload_hash", e.payloadHash());
        field(b, "prev_hash", e.prevHash());
        if (e.keyId() != null) {
            field(b, "key_id", e.keyId());
        }
        return b.toString();
    }

    /** Microseconds since the epoch: exact for what the databases store, and cheaper than ISO formatting. */
    static long epochMicros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(name).append('=');
        if (value == null) {
            b.append('-');
        } else {
            b.append(value.length()).append(':').append(value);
        }
        b.append('\n');
    }

    String recordHash(String canonical) {
        return recordHash(canonical.getBytes(StandardCharsets.UTF_8));
    }

    String mac(String canonical) {
        return mac(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** Over the canonical form's UTF-8 bytes (encode once when computing both hash and MAC). */
    String recordHash(byte[] canonicalUtf8) {
        return HEX.formatHex(sha256.digest(canonicalUtf8));
    }

    String mac(byte[] canonicalUtf8) {
        return HEX.formatHex(mac.doFinal(canonicalUtf8));
    }

    /**
     * Keyed hash of a content field. Keyed (not plain SHA-256) so that a hash-only question cannot be
     * confirmed by hashing guesses without the key; the field name is mixed in so a question's hash never
     * equals an answer's.
     */
    String contentHash(String field, String text) {
        if (text == null) {
            return null;
        }
        mac.update(field.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** HMAC of the chain head; the v2 form (a head written since key ids exist) covers the key id too. */
    String headMac(long lastSeq, String lastHash, String headKeyId) {
        if (headKeyId == null) {
            return mac("gatehouse-audit-head-v1\n" + lastSeq + "\n" + lastHash + "\n");
        }
        return mac("gatehouse-audit-head-v2\n" + lastSeq + "\n" + lastHash + "\n" + headKeyId + "\n");
    }

    /** Constant-time comparison of two hex strings, so verification does not leak how much of a MAC matched. */
    static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.length() != b.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length(); i++) {
            diff |= a.charAt(i) ^ b.charAt(i);
        }
        return diff == 0;
    }
}
