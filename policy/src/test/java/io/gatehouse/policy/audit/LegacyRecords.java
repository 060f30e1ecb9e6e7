package io.gatehouse.policy.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes records the way the trail did before records named their key (before V7): the v1 canonical form,
 * no key id, the head's v1 MAC. Plain INSERTs and a head UPDATE, which the append-only trigger allows.
 */
final class LegacyRecords {

    private LegacyRecords() {
    }

    /** Appends {@code n} legacy ASK records signed with {@code key} to an empty trail; returns the last record hash. */
    static String write(DataSource ds, AuditKey key, int n, Instant start, boolean keyIdColumnExists) throws SQLException {
        ChainCodec codec = new ChainCodec(key);
        String prev = ChainCodec.GENESIS;
        Instant at = start;
        try (Connection c = ds.getConnection()) {
            for (long seq = 1; seq <= n; seq++) {
                String detail = "{\"i\":" + seq + "}";
                String question = "legacy question " + seq;
                String qHash = codec.contentHash("question", question);
                ChainCodec.Envelope env = new ChainCodec.Envelope(seq, at, "sam", "ASK", null, "OK", "ON_PREM", "INTERNAL", detail,
                        qHash, null, null, prev, null);
                String canonical = ChainCodec.canonical(env);
                String hash = codec.recordHash(canonical);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_record (seq, at, actor, action, outcome, route, tier, "
                        + "detail, question_text, question_hash, prev_hash, record_hash, mac) "
                        + "VALUES (?, ?, 'sam', 'ASK', 'OK', 'ON_PREM', 'INTERNAL', ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, seq);
                    ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    ps.setString(3, detail);
                    ps.setString(4, question);
                    ps.setString(5, qHash);
                    ps.setString(6, prev);
                    ps.setString(7, hash);
                    ps.setString(8, codec.mac(canonical));
                    ps.executeUpdate();
                }
                prev = hash;
                at = at.plusSeconds(1);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ?, mac = ?"
                    + (keyIdColumnExists ? ", key_id = NULL" : "") + " WHERE id = 1")) {
                ps.setLong(1, n);
                ps.setString(2, prev);
                ps.setString(3, codec.headMac(n, prev, null));
                ps.executeUpdate();
            }
        }
        return prev;
    }
}
