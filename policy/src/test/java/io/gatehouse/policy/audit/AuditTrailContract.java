package io.gatehouse.policy.audit;

import io.gatehouse.policy.testing.TestDatabase;
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

    abstract String vendor();

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
            if (TestDatabase.POSTGRESQL.equals(vendor())) {
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
                if (TestDatabase.POSTGRESQL.equals(vendor())) {
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
        forged.put("key_id", "0123456789abcdef");
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
                r.route().name(), r.tier().name(), detail, r.question().hash(), r.answer().hash(), r.outboundPayload().hash(), r.prevHash(),
                r.keyId());
        ChainCodec attacker = new ChainCodec(AuditKey.random());
        String canonical = ChainCodec.canonical(env);
        String newHash = attacker.recordHash(canonical);
        tamper("UPDATE audit_record SET detail = ?, record_hash = ?, mac = ? WHERE seq = 3", detail, newHash, attacker.mac(canonical));
        tamper("UPDATE audit_record SET prev_hash = ? WHERE seq = 4", newHash);
        AuditVerification v = trail.verify();
        assertFalse(v.intact());
        assertEquals(3L, v.firstBrokenRecord());
        assertTrue(v.problem().contains("HMAC does not verify under key " + key.id()), v.problem());
        assertNull(v.missingKeyId(), "a wrong MAC is tampering, not a missing key");
    }

    @Test
    void aTrailCheckedUnderAnotherKeyDoesNotVerify() {
        appendSample(3);
        AuditVerification v = new JdbcAuditTrail(db.dataSource(), AuditKey.random(), clock).verify();
        assertFalse(v.intact());
        assertEquals(1L, v.firstBrokenRecord());
        assertEquals(key.id(), v.missingKeyId());
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

    // ---- Key rotation: records name their key; retired keys verify, never sign -------------------------------

    /** A trail whose current key is {@code current} and whose retired keys are {@code retired}. */
    JdbcAuditTrail trailUnder(AuditKey current, AuditKey... retired) {
        return new JdbcAuditTrail(db.dataSource(), new AuditKeyring(current, List.of(retired)), clock);
    }

    void appendWith(JdbcAuditTrail t, int n, String actor) {
        for (int i = 1; i <= n; i++) {
            t.append(ask(actor, Route.ON_PREM, Tier.INTERNAL, "question " + actor + i, "answer " + i, null));
        }
    }

    @Test
    void aChainRotatedTwiceVerifiesEndToEndAndCountsRecordsPerKey() {
        AuditKey second = AuditKey.random();
        AuditKey third = AuditKey.random();
        appendWith(trail, 5, "sam");
        JdbcAuditTrail afterFirstRotation = trailUnder(second, key);
        appendWith(afterFirstRotation, 4, "rita");
        JdbcAuditTrail afterSecondRotation = trailUnder(third, second, key);
        appendWith(afterSecondRotation, 2, "ada");

        AuditRecord rotation = trail.get(6).orElseThrow();
        assertEquals(AuditAction.AUDIT_KEY_ROTATED, rotation.action());
        assertEquals(second.id(), rotation.keyId(), "the rotation record is signed with the new key");
        assertEquals("{\"fromKeyId\":\"" + key.id() + "\",\"toKeyId\":\"" + second.id() + "\"}", rotation.detailJson());
        assertEquals("system", rotation.actor());
        assertEquals(key.id(), trail.get(5).orElseThrow().keyId());
        assertEquals(second.id(), trail.get(7).orElseThrow().keyId());
        assertEquals(AuditAction.AUDIT_KEY_ROTATED, trail.get(11).orElseThrow().action());
        assertEquals(third.id(), trail.get(13).orElseThrow().keyId());

        AuditVerification v = afterSecondRotation.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(13, v.recordsChecked());
        assertEquals(Map.of(key.id(), 5L, second.id(), 5L, third.id(), 3L), v.recordsByKey());
        assertEquals(List.of(key.id(), second.id(), third.id()), List.copyOf(v.recordsByKey().keySet()), "in chain order");
        assertEquals(0, v.legacyRecords());
        assertNull(v.missingKeyId());
        // Appending again under the same key adds no further rotation record.
        appendWith(afterSecondRotation, 1, "ada");
        assertEquals(AuditAction.ASK, trail.get(14).orElseThrow().action());
    }

    @Test
    void aRetiredKeyRemovedFromTheKeyringIsReportedByIdNotAsTampering() {
        AuditKey second = AuditKey.random();
        appendWith(trail, 3, "sam");
        appendWith(trailUnder(second, key), 2, "rita");
        AuditVerification v = trailUnder(second).verify();
        assertFalse(v.intact());
        assertEquals(1L, v.firstBrokenRecord());
        assertEquals(0, v.recordsChecked());
        assertEquals(key.id(), v.missingKeyId());
        assertTrue(v.problem().startsWith("record 1 is signed with key " + key.id() + ", which is not in the keyring"), v.problem());
        assertFalse(v.problem().contains("altered"), v.problem());
        assertTrue(trailUnder(second, key).verify().intact(), "putting the retired key back makes the chain whole");
    }

    @Test
    void aKeyMissingInTheMiddleOfTheChainNamesTheFirstRecordItSigned() {
        AuditKey second = AuditKey.random();
        AuditKey third = AuditKey.random();
        appendWith(trail, 3, "sam");
        appendWith(trailUnder(second, key), 2, "rita");   // 4 rotation, 5-6
        appendWith(trailUnder(third, second, key), 2, "ada"); // 7 rotation, 8-9
        AuditVerification v = trailUnder(third, key).verify();
        assertFalse(v.intact());
        assertEquals(4L, v.firstBrokenRecord());
        assertEquals(second.id(), v.missingKeyId());
        assertEquals(Map.of(key.id(), 3L), v.recordsByKey(), "the records before it were covered");
        assertTrue(v.problem().contains("record 4 is signed with key " + second.id() + ", which is not in the keyring"), v.problem());
    }

    @Test
    void legacyRecordsWithoutAKeyIdStillVerifyAndTheFirstAppendUnderAnotherKeyIsARotation() throws SQLException {
        AuditKey legacyKey = AuditKey.random();
        appendLegacy(legacyKey, 4);
        AuditKey current = AuditKey.random();
        // Same key after the migration: no rotation record, the chain simply goes on with key ids.
        JdbcAuditTrail sameKey = trailUnder(legacyKey);
        assertTrue(sameKey.verify().intact(), () -> sameKey.verify().toString());
        assertEquals(4, sameKey.verify().legacyRecords());
        appendWith(sameKey, 2, "sam");
        assertEquals(AuditAction.ASK, trail.get(5).orElseThrow().action());
        assertEquals(legacyKey.id(), trail.get(5).orElseThrow().keyId());
        // Then a rotation: the new key signs, the legacy key (now retired) still verifies the old records.
        JdbcAuditTrail rotated = trailUnder(current, legacyKey);
        appendWith(rotated, 2, "rita");
        AuditRecord rotation = trail.get(7).orElseThrow();
        assertEquals(AuditAction.AUDIT_KEY_ROTATED, rotation.action());
        AuditVerification v = rotated.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(4, v.legacyRecords());
        assertEquals(Map.of(legacyKey.id(), 6L, current.id(), 3L), v.recordsByKey());
        assertNull(trail.get(1).orElseThrow().keyId(), "legacy records are not backfilled");
        // Without the legacy key, the legacy records cannot be checked (they do not say which key they need).
        AuditVerification missing = trailUnder(current).verify();
        assertEquals(1L, missing.firstBrokenRecord());
        assertTrue(missing.problem().contains("does not verify under any key of the keyring"), missing.problem());
    }

    @Test
    void legacyRecordsFollowedDirectlyByANewKeyGetARotationRecordNamingTheLegacyKey() throws SQLException {
        AuditKey legacyKey = AuditKey.random();
        appendLegacy(legacyKey, 3);
        AuditKey current = AuditKey.random();
        JdbcAuditTrail rotated = trailUnder(current, legacyKey);
        appendWith(rotated, 1, "sam");
        AuditRecord rotation = trail.get(4).orElseThrow();
        assertEquals(AuditAction.AUDIT_KEY_ROTATED, rotation.action());
        assertTrue(rotation.detailJson().contains("\"fromKeyId\":\"" + legacyKey.id() + "\""), rotation.detailJson());
        AuditVerification v = rotated.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(Map.of(legacyKey.id(), 3L, current.id(), 2L), v.recordsByKey());
    }

    void appendLegacy(AuditKey k, int n) throws SQLException {
        LegacyRecords.write(db.dataSource(), k, n, START, true);
    }

    /**
     * Rewrites record {@code seq} with a new detail, its content hashes and MAC computed with {@code signer} (a
     * complete forgery by someone holding that key), naming {@code claimedKeyId}.
     */
    void resign(long seq, AuditKey signer, String claimedKeyId) throws SQLException {
        AuditRecord r = trail.get(seq).orElseThrow();
        String detail = "{\"rule\":\"public-context\"}";
        ChainCodec forger = new ChainCodec(signer);
        String qHash = forger.contentHash("question", r.question().text());
        String aHash = forger.contentHash("answer", r.answer().text());
        ChainCodec.Envelope env = new ChainCodec.Envelope(r.id(), r.at(), r.actor(), r.action().name(), r.subject(), r.outcome(),
                r.route() == null ? null : r.route().name(), r.tier() == null ? null : r.tier().name(), detail, qHash,
                aHash, r.outboundPayload().hash(), r.prevHash(), claimedKeyId);
        String canonical = ChainCodec.canonical(env);
        String newHash = forger.recordHash(canonical);
        tamper("UPDATE audit_record SET detail = ?, question_hash = ?, answer_hash = ?, record_hash = ?, mac = ?, key_id = ? WHERE seq = ?",
                detail, qHash, aHash, newHash, forger.mac(canonical), claimedKeyId, seq);
        tamper("UPDATE audit_record SET prev_hash = ? WHERE seq = ?", newHash, seq + 1);
    }

    @Test
    void aRecordResignedWithARetiredKeyButClaimingTheCurrentKeyFailsItsMac() throws SQLException {
        AuditKey second = AuditKey.random();
        appendWith(trail, 3, "sam");
        JdbcAuditTrail rotated = trailUnder(second, key);
        appendWith(rotated, 4, "rita"); // 4 rotation, 5..8 under the new key
        resign(6, key, second.id());
        AuditVerification v = rotated.verify();
        assertFalse(v.intact());
        assertEquals(6L, v.firstBrokenRecord());
        assertTrue(v.problem().contains("record 6's HMAC does not verify under key " + second.id()), v.problem());
        assertNull(v.missingKeyId());
    }

    @Test
    void aRecordForgedWithALeakedRetiredKeyAfterTheRotationIsCaught() throws SQLException {
        AuditKey second = AuditKey.random();
        appendWith(trail, 3, "sam");
        JdbcAuditTrail rotated = trailUnder(second, key);
        appendWith(rotated, 4, "rita");
        resign(6, key, key.id()); // a valid MAC under the retired key, naming it honestly
        AuditVerification v = rotated.verify();
        assertFalse(v.intact());
        assertEquals(6L, v.firstBrokenRecord());
        assertTrue(v.problem().contains("record 6 is signed with key " + key.id() + ", which the chain retired at record 4"), v.problem());
    }

    @Test
    void aRecordForgedWithoutAKeyIdAfterKeyedRecordsIsCaught() throws SQLException {
        AuditKey second = AuditKey.random();
        appendWith(trail, 3, "sam");
        JdbcAuditTrail rotated = trailUnder(second, key);
        appendWith(rotated, 4, "rita");
        resign(7, key, null); // the legacy form, which any keyring key may have signed
        AuditVerification v = rotated.verify();
        assertEquals(7L, v.firstBrokenRecord());
        assertTrue(v.problem().contains("record 7 names no key but follows records that do"), v.problem());
    }

    @Test
    void aKeyChangeWithoutARotationRecordIsCaught() throws SQLException {
        AuditKey other = AuditKey.random();
        appendWith(trail, 5, "sam");
        resign(4, other, other.id()); // correctly signed by a key the verifier holds, but the chain never moved to it
        AuditVerification v = trailUnder(key, other).verify();
        assertEquals(4L, v.firstBrokenRecord());
        assertTrue(v.problem().contains("no AUDIT_KEY_ROTATED record moves it"), v.problem());
    }

    @Test
    void swappedOrClearedKeyIdsAndAnAlteredRotationRecordAreCaught() throws SQLException {
        AuditKey second = AuditKey.random();
        appendWith(trail, 3, "sam");
        JdbcAuditTrail rotated = trailUnder(second, key);
        appendWith(rotated, 3, "rita"); // 4 rotation, 5..6
        for (Object forged : new Object[] {key.id(), null}) {
            Object original = column(5, "key_id");
            tamper("UPDATE audit_record SET key_id = ? WHERE seq = 5", forged);
            AuditVerification v = rotated.verify();
            assertEquals(5L, v.firstBrokenRecord(), v::toString);
            assertTrue(v.problem().contains("record 5 was altered"), v.problem());
            tamper("UPDATE audit_record SET key_id = ? WHERE seq = 5", original);
        }
        tamper("UPDATE audit_record SET detail = ? WHERE seq = 4", "{\"fromKeyId\":\"" + key.id() + "\",\"toKeyId\":\"0000000000000000\"}");
        assertEquals(4L, rotated.verify().firstBrokenRecord());
        tamper("UPDATE audit_record SET detail = ? WHERE seq = 4", "{\"fromKeyId\":\"" + key.id() + "\",\"toKeyId\":\"" + second.id() + "\"}");
        assertTrue(rotated.verify().intact());
        tamper("UPDATE audit_head SET key_id = ? WHERE id = 1", key.id());
        AuditVerification head = rotated.verify();
        assertFalse(head.intact());
        assertTrue(head.problem().contains("chain head's HMAC does not verify"), head.problem());
    }

    @Test
    void contentSearchFindsRecordsHashedUnderRetiredKeys() {
        String question = "What is Bob's SSN?";
        AuditRecord before = trail.append(new AuditEvent("sam", AuditAction.ASK, "q-1", "OK", Route.ON_PREM, Tier.RESTRICTED, Map.of(),
                new AuditContent(AuditText.hashOnly(question), AuditText.hashOnly("I cannot say."), AuditText.ABSENT)));
        trail.append(ask("sam", Route.ON_PREM, Tier.INTERNAL, "something else", "no", null));
        AuditKey second = AuditKey.random();
        JdbcAuditTrail rotated = trailUnder(second, key);
        AuditRecord after = rotated.append(new AuditEvent("rita", AuditAction.ASK, "q-2", "OK", Route.ON_PREM, Tier.RESTRICTED, Map.of(),
                new AuditContent(AuditText.ABSENT, AuditText.stored(question), AuditText.ABSENT)));
        assertNotEquals(before.question().hash(), after.answer().hash(), "different keys, different hashes");
        assertEquals(List.of(after.id(), before.id()), rotated.withContent(question, 10).stream().map(AuditRecord::id).toList());
        assertEquals(List.of(after.id()), rotated.withContent(question, 1).stream().map(AuditRecord::id).toList(), "newest first, limited");
        assertEquals(List.of(after.id()), trailUnder(second).withContent(question, 10).stream().map(AuditRecord::id).toList(),
                "without the retired key, the older record cannot be found by its content");
        assertEquals(List.of(before.id()), rotated.withContent("I cannot say.", 10).stream().map(AuditRecord::id).toList());
        assertEquals(List.of(), rotated.withContent("What is Bob's SSN", 10), "exact text only");
    }
}
