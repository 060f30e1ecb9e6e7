package io.gatehouse.policy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail's behaviour, run against H2 ({@link H2AuditTrailTest}) and PostgreSQL
 * ({@link PostgresAuditTrailTest}) alike. Tampering goes straight to the table with SQL, as an attacker
 * with database access would.
 */
abstract class AuditTrailContract {

    static final Instant START = Instant.parse("2026-11-21T08:00:00Z");

    TestDatabase db;
    SteppingClock clock;
    AuditKey key;
    JdbcAuditTrail trail;

    abstract TestDatabase.Vendor vendor();

    @BeforeEach
    void openDatabase() {
        db = TestDatabase.open(vendor());
        clock = new SteppingClock(START);
        key = AuditKey.random();
        trail = new JdbcAuditTrail(db.dataSource(), key, clock);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        db.close();
    }

    /** Runs SQL as a privileged attacker would: on PostgreSQL with the table's triggers disabled first. */
    void tamper(String sql, Object... args) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            if (vendor() == TestDatabase.Vendor.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE audit_record DISABLE TRIGGER USER");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                ps.executeUpdate();
            } finally {
                if (vendor() == TestDatabase.Vendor.POSTGRESQL) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE audit_record ENABLE TRIGGER USER");
                    }
                }
            }
        }
    }

    Object column(long seq, String column) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM audit_record WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }

    static AuditEvent ask(String actor, Route route, Tier tier, String question, String answer, String payload) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", "internal-context-redacted");
        detail.put("policy", "2026-11-21.1@sha256:abc");
        detail.put("chunks", List.of(Map.of("id", "doc-1#3", "tier", tier.name())));
        detail.put("latencyMs", 42);
        return new AuditEvent(actor, AuditAction.ASK, "q-" + question.hashCode(), "OK", route, tier, detail,
                new AuditContent(AuditText.stored(question), AuditText.stored(answer), AuditText.stored(payload)));
    }

    void appendSample(int n) {
        for (int i = 1; i <= n; i++) {
            trail.append(ask(i % 3 == 0 ? "rita" : "sam", Route.CLOSED_API, Tier.INTERNAL, "question " + i + ", with \"quotes\"",
                    "answer " + i, "{\"messages\":[\"<PERSON_1> asked " + i + "\"]}"));
        }
    }

    @Test
    void appendedRecordsLinkIntoAChainAndReadBack() {
        AuditRecord first = trail.append(new AuditEvent("ada", AuditAction.LOGIN_SUCCESS, null, "OK", null, null, Map.of()));
        AuditRecord second = trail.append(ask("sam", Route.CLOSED_API_REDACTED, Tier.INTERNAL, "Who is <PERSON_1>?", "Nobody.", "{}"));
        assertEquals(1, first.id());
        assertEquals(2, second.id());
        assertEquals(ChainCodec.GENESIS, first.prevHash());
        assertEquals(first.recordHash(), second.prevHash());
        assertTrue(second.mac().matches("[0-9a-f]{64}"));
        assertEquals(second, trail.get(2).orElseThrow());
        assertEquals("Who is <PERSON_1>?", second.question().text());
        assertFalse(first.question().present());
        AuditPage page = trail.list(AuditQuery.firstPage(10));
        assertEquals(2, page.total());
        assertEquals(List.of(2L, 1L), page.records().stream().map(AuditRecord::id).toList());
        assertTrue(trail.get(3).isEmpty());
    }

    @Test
    void emptyTrailVerifies() {
        AuditVerification v = trail.verify();
        assertTrue(v.intact());
        assertEquals(0, v.recordsChecked());
        assertEquals(0, v.headId());
    }

    @Test
    void intactChainVerifies() {
        appendSample(50);
        AuditVerification v = trail.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(50, v.recordsChecked());
        assertEquals(50, v.headId());
        assertEquals(trail.get(50).orElseThrow().recordHash(), v.headHash());
        assertNull(v.firstBrokenRecord());
    }

    @Test
    void thirtyTwoConcurrentThreadsLeaveAnUnbrokenChain() throws Exception {
        int threads = 32;
        int each = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String actor = "user" + t;
                futures.add(pool.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        ids.add(trail.append(ask(actor, Route.ON_PREM, Tier.CONFIDENTIAL, "q" + i, "a" + i, null)).id());
                    }
                    return ids;
                }));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                ids.addAll(f.get());
            }
            assertEquals(threads * each, ids.size());
            for (long id = 1; id <= threads * each; id++) {
                assertTrue(ids.contains(id), "missing id " + id);
            }
        } finally {
            pool.shutdownNow();
        }
        AuditVerification v = trail.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(threads * each, v.recordsChecked());
    }

    /** Two trail objects (two JVM-level locks) on one database: only the database lock serialises them. */
    @Test
    void twoWritersSharingTheDatabaseDoNotForkTheChain() throws Exception {
        JdbcAuditTrail other = new JdbcAuditTrail(db.dataSource(), key, clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcAuditTrail writer = t % 2 == 0 ? trail : other;
                futures.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 25; i++) {
                        writer.append(new AuditEvent("node", AuditAction.UPLOAD, "doc-" + i, "OK", null, Tier.PUBLIC, Map.of()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        AuditVerification v = trail.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(200, v.headId());
    }

    /** Appends are written in groups under concurrency; an append the database rejects fails alone. */
    @Test
    void aRejectedAppendFailsOnlyItselfEvenInsideAGroup() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    int failures = 0;
                    for (int i = 0; i < 30; i++) {
                        // actor is VARCHAR(200): every 10th append of thread 0 is rejected by the database.
                        String actor = thread == 0 && i % 10 == 0 ? "x".repeat(500) : "user" + thread;
                        try {
                            trail.append(new AuditEvent(actor, AuditAction.SIMULATE, null, "OK", null, null, Map.of("i", i)));
                        } catch (AuditException e) {
                            failures++;
                        }
                    }
                    return failures;
                }));
            }
            int failures = 0;
            for (Future<Integer> f : futures) {
                failures += f.get();
            }
            assertEquals(3, failures);
        } finally {
            pool.shutdownNow();
        }
        AuditVerification v = trail.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(8 * 30 - 3, v.recordsChecked());
    }

    /** Every column of a record, edited directly in the table, is caught and the record named. */
    @Test
    void editingAnyFieldOfAnyRecordIsDetected() throws SQLException {
        appendSample(12);
        Map<String, Object> forged = new LinkedHashMap<>();
        forged.put("at", OffsetDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        forged.put("actor", "mallory");
        forged.put("action", "LOGIN_FAILURE");
        forged.put("subject", "q-other");
        forged.put("outcome", "REFUSED");
        forged.put("route", "ON_PREM");
        forged.put("tier", "PUBLIC");
        forged.put("detail", "{\"rule\":\"public-context\"}");
        forged.put("question_text", "an innocent question");
        forged.put("question_hash", "a".repeat(64));
        forged.put("answer_text", "an innocent answer");
        forged.put("answer_hash", "b".repeat(64));
        forged.put("payload_text", "{}");
        forged.put("payload_hash", "c".repeat(64));
        forged.put("prev_hash", "d".repeat(64));
        forged.put("record_hash", "e".repeat(64));
        forged.put("mac", "f".repeat(64));
        long seq = 2;
        for (Map.Entry<String, Object> e : forged.entrySet()) {
            String col = e.getKey();
            Object original = column(seq, col);
            assertNotEquals(String.valueOf(original), String.valueOf(e.getValue()), col);
            tamper("UPDATE audit_record SET " + col + " = ? WHERE seq = ?", e.getValue(), seq);
            AuditVerification v = trail.verify();
            assertFalse(v.intact(), "editing " + col + " went unnoticed");
            assertEquals(seq, v.firstBrokenRecord(), () -> col + ": " + v);
            assertTrue(v.problem().contains("record " + seq), () -> col + ": " + v.problem());
            tamper("UPDATE audit_record SET " + col + " = ? WHERE seq = ?", original, seq);
            assertTrue(trail.verify().intact(), () -> "restoring " + col + " should make the chain whole again");
            seq = seq % 11 + 2; // move on to another record for the next field
        }
    }

    /** Verification checks hashes in parallel batches; the earliest broken record is still the one named. */
    @Test
    void theEarliestBrokenRecordIsNamedInALongChain() throws SQLException {
        for (int i = 0; i < 1600; i++) {
            trail.append(new AuditEvent("sam", AuditAction.ASK, "q-" + i, "OK", Route.ON_PREM, Tier.CONFIDENTIAL, Map.of("i", i),
                    new AuditContent(AuditText.stored("question " + i), AuditText.hashOnly("answer " + i), AuditText.ABSENT)));
        }
        assertTrue(trail.verify().intact());
        tamper("UPDATE audit_record SET question_text = 'edited' WHERE seq = 1500");
        tamper("UPDATE audit_record SET record_hash = ? WHERE seq = 1100", "0".repeat(64));
        AuditVerification v = trail.verify();
        assertEquals(1100L, v.firstBrokenRecord(), v::toString);
        assertEquals(1099, v.recordsChecked());
        assertTrue(v.problem().contains("record 1100 was altered"), v.problem());
        tamper("UPDATE audit_record SET tier = 'PUBLIC' WHERE seq = 600");
        assertEquals(600L, trail.verify().firstBrokenRecord());
    }

    @Test
    void aRecordRewrittenWithARecomputedHashButNoKeyFailsItsMac() throws SQLException {
        appendSample(5);
        AuditRecord r = trail.get(3).orElseThrow();
        String detail = "{\"rule\":\"public-context\"}";
        ChainCodec.Envelope env = new ChainCodec.Envelope(r.id(), r.at(), r.actor(), r.action().name(), r.subject(), r.outcome(),
                r.route().name(), r.tier().name(), detail, r.question().hash(), r.answer().hash(), r.outboundPayload().hash(), r.prevHash());
        ChainCodec attacker = new ChainCodec(AuditKey.random());
        String canonical = ChainCodec.canonical(env);
        String newHash = attacker.recordHash(canonical);
        tamper("UPDATE audit_record SET detail = ?, record_hash = ?, mac = ? WHERE seq = 3", detail, newHash, attacker.mac(canonical));
        tamper("UPDATE audit_record SET prev_hash = ? WHERE seq = 4", newHash);
        AuditVerification v = trail.verify();
        assertFalse(v.intact());
        assertEquals(3L, v.firstBrokenRecord());
        assertTrue(v.problem().contains("HMAC"), v.problem());
    }

    @Test
    void aTrailCheckedUnderAnotherKeyDoesNotVerify() {
        appendSample(3);
        AuditVerification v = new JdbcAuditTrail(db.dataSource(), AuditKey.random(), clock).verify();
        assertFalse(v.intact());
        assertEquals(1L, v.firstBrokenRecord());
    }

    @Test
    void deletingARecordIsDetected() throws SQLException {
        appendSample(10);
        tamper("DELETE FROM audit_record WHERE seq = 5");
        AuditVerification v = trail.verify();
        assertFalse(v.intact());
        assertEquals(5L, v.firstBrokenRecord());
        assertEquals(4, v.recordsChecked());
        assertTrue(v.problem().contains("record 5 is missing"), v.problem());
    }

    @Test
    void deletingTheLastRecordsIsDetected() throws SQLException {
        appendSample(10);
        tamper("DELETE FROM audit_record WHERE seq >= 9");
        AuditVerification v = trail.verify();
        assertFalse(v.intact());
        assertEquals(9L, v.firstBrokenRecord());
        assertTrue(v.problem().contains("removed from the end"), v.problem());
    }

    @Test
    void reorderingRecordsIsDetected() throws SQLException {
        appendSample(10);
        tamper("UPDATE audit_record SET seq = -1 WHERE seq = 6");
        tamper("UPDATE audit_record SET seq = 6 WHERE seq = 7");
        tamper("UPDATE audit_record SET seq = 7 WHERE seq = -1");
        AuditVerification v = trail.verify();
        assertFalse(v.intact());
        assertEquals(6L, v.firstBrokenRecord());
    }

    @Test
    void aRecordInsertedBeyondTheHeadIsDetected() throws SQLException {
        appendSample(3);
        AuditRecord last = trail.get(3).orElseThrow();
        tamper("INSERT INTO audit_record (seq, at, actor, action, outcome, detail, prev_hash, record_hash, mac) "
                        + "VALUES (4, ?, 'mallory', 'LOGIN_SUCCESS', 'OK', '{}', ?, ?, ?)",
                OffsetDateTime.now(ZoneOffset.UTC), last.recordHash(), "1".repeat(64), "2".repeat(64));
        AuditVerification v = trail.verify();
        assertFalse(v.intact());
        assertEquals(4L, v.firstBrokenRecord());
    }

    @Test
    void retentionDropsOldTextAndTheChainStillVerifies() {
        appendSample(5);
        clock.advance(Duration.ofDays(40));
        AuditRecord fresh = trail.append(ask("sam", Route.CLOSED_API, Tier.PUBLIC, "recent question", "recent answer", "{}"));
        int dropped = trail.applyRetention(Duration.ofDays(30));
        assertEquals(5, dropped);
        for (long id = 1; id <= 5; id++) {
            AuditRecord r = trail.get(id).orElseThrow();
            assertNull(r.question().text());
            assertNull(r.answer().text());
            assertNull(r.outboundPayload().text());
            assertNotNull(r.question().hash(), "the hash stays");
        }
        assertEquals("recent question", trail.get(fresh.id()).orElseThrow().question().text());
        AuditRecord retention = trail.get(fresh.id() + 1).orElseThrow();
        assertEquals(AuditAction.RETENTION, retention.action());
        assertTrue(retention.detailJson().contains("\"records\":5"), retention.detailJson());
        AuditVerification v = trail.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(7, v.recordsChecked());
        assertEquals(0, trail.dropContentBefore(clock.peek().minus(Duration.ofDays(30))), "nothing left to drop");
    }

    @Test
    void hashOnlyContentKeepsAKeyedHashAndNoText() {
        AuditRecord r = trail.append(new AuditEvent("sam", AuditAction.ASK, "q-1", "OK", Route.ON_PREM, Tier.RESTRICTED, Map.of(),
                new AuditContent(AuditText.hashOnly("What is Bob's SSN?"), AuditText.hashOnly("I cannot say."), AuditText.ABSENT)));
        assertNull(r.question().text());
        assertTrue(r.question().hash().matches("[0-9a-f]{64}"));
        assertFalse(r.outboundPayload().present());
        String plainSha = java.util.HexFormat.of().formatHex(sha256("What is Bob's SSN?"));
        assertNotEquals(plainSha, r.question().hash(), "a plain hash could be confirmed by guessing");
        assertNotEquals(r.question().hash(), trail.append(new AuditEvent("sam", AuditAction.ASK, "q-2", "OK", Route.ON_PREM,
                Tier.RESTRICTED, Map.of(), new AuditContent(AuditText.ABSENT, AuditText.hashOnly("What is Bob's SSN?"),
                AuditText.ABSENT))).answer().hash(), "question and answer hashes are domain-separated");
        assertTrue(trail.verify().intact());
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void filtersByTimeActorActionRouteTierAndText() {
        trail.append(ask("sam", Route.CLOSED_API, Tier.PUBLIC, "What is the refund policy?", "30 days", "{}"));
        clock.advance(Duration.ofHours(1));
        Instant afterFirst = clock.peek();
        trail.append(ask("rita", Route.ON_PREM, Tier.CONFIDENTIAL, "Salary bands for 2027?", "see HR", null));
        trail.append(new AuditEvent("ada", AuditAction.UPLOAD, "doc-50%_off", "OK", null, Tier.INTERNAL, Map.of("file", "Promo.pdf")));
        trail.append(new AuditEvent("mallory", AuditAction.LOGIN_FAILURE, null, "FAILED", null, null, Map.of()));

        assertEquals(List.of(1L), ids(new AuditQuery(null, afterFirst, null, null, null, null, null, 0, 50)));
        assertEquals(List.of(4L, 3L, 2L), ids(new AuditQuery(afterFirst, null, null, null, null, null, null, 0, 50)));
        assertEquals(List.of(2L), ids(new AuditQuery(null, null, "rita", null, null, null, null, 0, 50)));
        assertEquals(List.of(4L), ids(new AuditQuery(null, null, null, AuditAction.LOGIN_FAILURE, null, null, null, 0, 50)));
        assertEquals(List.of(2L), ids(new AuditQuery(null, null, null, null, Route.ON_PREM, null, null, 0, 50)));
        assertEquals(List.of(3L), ids(new AuditQuery(null, null, null, null, null, Tier.INTERNAL, null, 0, 50)));
        assertEquals(List.of(2L), ids(new AuditQuery(null, null, null, null, null, null, "SALARY", 0, 50)), "question text, any case");
        assertEquals(List.of(3L), ids(new AuditQuery(null, null, null, null, null, null, "promo.pdf", 0, 50)), "detail");
        assertEquals(List.of(3L), ids(new AuditQuery(null, null, null, null, null, null, "50%_", 0, 50)), "LIKE wildcards are literal");
        assertEquals(List.of(), ids(new AuditQuery(null, null, null, null, null, null, "5_%", 0, 50)));
        assertEquals(List.of(2L), ids(new AuditQuery(null, null, "rita", AuditAction.ASK, Route.ON_PREM, Tier.CONFIDENTIAL, "hr", 0, 50)));
        AuditPage second = trail.list(new AuditQuery(null, null, null, null, null, null, null, 1, 3));
        assertEquals(4, second.total());
        assertEquals(List.of(1L), second.records().stream().map(AuditRecord::id).toList());
        // The foundation's constructor (no text filter) still works.
        assertEquals(2, trail.list(new AuditQuery(null, null, null, AuditAction.ASK, null, null, 0, 10)).total());
    }

    private List<Long> ids(AuditQuery q) {
        return trail.list(q).records().stream().map(AuditRecord::id).toList();
    }

    @Test
    void exportsCsvForAFilter() {
        appendSample(6);
        trail.append(new AuditEvent("ada", AuditAction.UPLOAD, "doc-1", "OK", null, Tier.PUBLIC, Map.of()));
        StringWriter out = new StringWriter();
        trail.export(new AuditQuery(null, null, null, AuditAction.ASK, null, null, null, 0, 1), ExportFormat.CSV, out);
        String[] lines = out.toString().split("\r\n");
        assertEquals(7, lines.length, "header + 6 asks; paging is ignored by export");
        assertTrue(lines[0].startsWith("id,at,actor,action,"));
        assertTrue(lines[1].startsWith("1,2026-11-21T08:00:00Z,sam,ASK,"), lines[1]);
        assertTrue(lines[1].contains(",\"question 1, with \"\"quotes\"\"\","), lines[1]);
        assertTrue(lines[6].startsWith("6,"));
    }

    @Test
    void exportsJsonLinesForAFilter() throws Exception {
        appendSample(6);
        StringWriter out = new StringWriter();
        trail.export(new AuditQuery(null, null, "rita", null, null, null, null, 0, 1), ExportFormat.JSONL, out);
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        assertEquals(3, first.get("id").asLong());
        assertEquals("rita", first.get("actor").asText());
        assertEquals("internal-context-redacted", first.get("detail").get("rule").asText());
        assertEquals("question 3, with \"quotes\"", first.get("question").asText());
        assertEquals(trail.get(3).orElseThrow().mac(), first.get("mac").asText());
        assertEquals(6, json.readTree(lines[1]).get("id").asLong());
    }

    @Test
    void dailyCountsGroupByUtcDayAndRouteOrTierInTheDatabase() {
        trail.append(ask("sam", Route.CLOSED_API, Tier.INTERNAL, "q1", "a1", "p1"));
        trail.append(ask("sam", Route.CLOSED_API, Tier.INTERNAL, "q2", "a2", "p2"));
        trail.append(new AuditEvent("sam", AuditAction.LOGIN_SUCCESS, null, "OK", null, null, Map.of()));
        // the last millisecond of 21 November and the first of 22 November (UTC) fall on different days
        clock.advance(Duration.between(clock.peek(), Instant.parse("2026-11-21T23:59:59.999Z")));
        trail.append(ask("rita", Route.ON_PREM, Tier.RESTRICTED, "q3", "a3", null));
        trail.append(ask("rita", Route.ON_PREM, Tier.RESTRICTED, "q4", "a4", null));
        trail.append(new AuditEvent("admin", AuditAction.UPLOAD, "doc-9", "OK", null, Tier.CONFIDENTIAL, Map.of()));

        java.time.LocalDate d21 = java.time.LocalDate.parse("2026-11-21");
        java.time.LocalDate d22 = java.time.LocalDate.parse("2026-11-22");
        AuditQuery all = AuditQuery.all();
        assertEquals(List.of(new DailyCount(d21, "CLOSED_API", 2), new DailyCount(d21, "ON_PREM", 1),
                new DailyCount(d22, "ON_PREM", 1)), trail.dailyCounts(all, CountDimension.ROUTE));
        assertEquals(List.of(new DailyCount(d21, "INTERNAL", 2), new DailyCount(d21, "RESTRICTED", 1),
                new DailyCount(d22, "CONFIDENTIAL", 1), new DailyCount(d22, "RESTRICTED", 1)),
                trail.dailyCounts(all, CountDimension.TIER));
        // the same filter as list(): actor, and a time range that cuts the first day off
        assertEquals(List.of(new DailyCount(d21, "RESTRICTED", 1), new DailyCount(d22, "RESTRICTED", 1)),
                trail.dailyCounts(new AuditQuery(null, null, "rita", null, null, null, 0, 1), CountDimension.TIER));
        assertEquals(List.of(new DailyCount(d22, "CONFIDENTIAL", 1), new DailyCount(d22, "RESTRICTED", 1)),
                trail.dailyCounts(new AuditQuery(Instant.parse("2026-11-22T00:00:00Z"), null, null, null, null, null, 0, 1),
                        CountDimension.TIER));
        assertEquals(List.of(new DailyCount(d21, "CLOSED_API", 1)),
                trail.dailyCounts(new AuditQuery(null, null, null, null, null, null, "q2", 0, 1), CountDimension.ROUTE));
        assertEquals(List.of(), trail.dailyCounts(new AuditQuery(null, null, "nobody", null, null, null, 0, 1), CountDimension.ROUTE));
    }
}
