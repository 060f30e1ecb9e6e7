package io.gatehouse.policy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The audit trail as a hash chain in {@code audit_record}, over plain JDBC so the SQL is exactly what runs
 * on H2 and PostgreSQL alike. Design and threat model: docs/audit.md.
 * <p>
 * An append locks the one-row {@code audit_head} table with {@code SELECT ... FOR UPDATE}, links the new
 * record to the head's hash, inserts it and moves the head, in one transaction: appends from any number
 * of threads, connections or nodes are serialised and the chain never forks. Within one JVM a lock in
 * front of the database lock keeps threads from piling up on the row lock (and its timeouts), and the
 * thread holding it writes every append queued meanwhile in the same transaction (group commit).
 */
public final class JdbcAuditTrail implements AuditTrail {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String COLUMNS = "seq, at, actor, action, subject, outcome, route, tier, detail, question_text, "
            + "question_hash, answer_text, answer_hash, payload_text, payload_hash, prev_hash, record_hash, mac, key_id";
    private static final int FETCH_SIZE = 1000;
    /** Most appends one transaction writes; bounds the time a waiting caller can be held up by others' records. */
    private static final int MAX_BATCH = 256;
    private static final int VERIFY_BATCH = 512;
    /** Worker threads of one verification walk; more than the cores would only add switching. */
    private static final int VERIFY_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final DataSource dataSource;
    private final AuditKeyring keyring;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Queue<PendingAppend> queue = new ConcurrentLinkedQueue<>();
    /** A Mac and a digest per appending thread: creating them (a provider lookup and key setup) per append costs more than using them. */
    private final ThreadLocal<ChainCodec> codecs;

    /** A trail whose keyring holds one key (no rotation yet, or tests). */
    public JdbcAuditTrail(DataSource dataSource, AuditKey key, Clock clock) {
        this(dataSource, AuditKeyring.of(key), clock);
    }

    /** New records are signed with the keyring's current key; retired keys only verify and look up. */
    public JdbcAuditTrail(DataSource dataSource, AuditKeyring keyring, Clock clock) {
        this.dataSource = dataSource;
        this.keyring = keyring;
        this.clock = clock;
        AuditKey current = keyring.current();
        this.codecs = ThreadLocal.withInitial(() -> new ChainCodec(current));
    }

    @Override
    public AuditRecord append(AuditEvent e) {
        PendingAppend mine = prepare(e);
        queue.add(mine);
        appendLock.lock();
        try {
            // Whoever holds the lock writes every queued append in one transaction (group commit): under
            // concurrency one head lock, one round of statements and one commit serve many records. An
            // append queued before the lock was taken is always written by the time the lock is released.
            while (!mine.done) {
                writeBatch(drain());
            }
        } finally {
            appendLock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** An append waiting for the chain; its fields are written and read under {@code appendLock}. */
    private static final class PendingAppend {
        final AuditEvent event;
        final String detail;
        final StoredText question;
        final StoredText answer;
        final StoredText payload;
        boolean done;
        AuditRecord result;
        AuditException failure;

        PendingAppend(AuditEvent event, String detail, StoredText question, StoredText answer, StoredText payload) {
            this.event = event;
            this.detail = detail;
            this.question = question;
            this.answer = answer;
            this.payload = payload;
        }
    }

    /** The work that needs no lock: canonical detail JSON and the keyed content hashes. */
    private PendingAppend prepare(AuditEvent e) {
        ChainCodec codec = codecs.get();
        AuditContent content = e.content();
        return new PendingAppend(e, canonicalJson(e),
                stored(content.question(), codec.contentHash("question", content.question().text())),
                stored(content.answer(), codec.contentHash("answer", content.answer().text())),
                stored(content.outboundPayload(), codec.contentHash("payload", content.outboundPayload().text())));
    }

    private List<PendingAppend> drain() {
        List<PendingAppend> batch = new ArrayList<>();
        PendingAppend p;
        while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
            batch.add(p);
        }
        return batch;
    }

    /** Writes a batch; if the batch fails, each append is retried alone so one bad event fails only itself. */
    private void writeBatch(List<PendingAppend> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            writeInOneTransaction(batch);
        } catch (AuditException ex) {
            if (batch.size() == 1) {
                fail(batch.getFirst(), ex);
                return;
            }
            for (PendingAppend p : batch) {
                try {
                    writeInOneTransaction(List.of(p));
                } catch (AuditException one) {
                    fail(p, one);
                }
            }
        }
    }

    private static void fail(PendingAppend p, AuditException ex) {
        p.failure = ex;
        p.done = true;
    }

    private void writeInOneTransaction(List<PendingAppend> batch) {
        ChainCodec codec = codecs.get();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long seq;
                String prev;
                String headKeyId;
                try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, key_id FROM audit_head WHERE id = 1 FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("audit_head row is missing: the schema was not migrated or was tampered with");
                    }
                    seq = rs.getLong(1);
                    prev = rs.getString(2);
                    headKeyId = rs.getString(3);
                }
                // The first record under a new key says so: the chain itself shows when the key changed,
                // whether the key file was rotated or an operator changed the environment.
                List<PendingAppend> rows = batch;
                String previousKey = seq == 0 ? null : headKeyId != null ? headKeyId : legacyKeyOf(c, seq);
                if (previousKey != null && !previousKey.equals(codec.keyId())) {
                    rows = new ArrayList<>(batch.size() + 1);
                    rows.add(prepare(new AuditEvent("system", AuditAction.AUDIT_KEY_ROTATED, null, "OK", null, null,
                            Map.of("fromKeyId", previousKey, "toKeyId", codec.keyId()))));
                    rows.addAll(batch);
                }
                List<AuditRecord> written = new ArrayList<>(rows.size());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_record (" + COLUMNS
                        + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    for (PendingAppend p : rows) {
                        AuditEvent e = p.event;
                        seq++;
                        // Taken under the lock so timestamps follow chain order. Microseconds: what both databases store.
                        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
                        ChainCodec.Envelope env = new ChainCodec.Envelope(seq, at, e.actor(), e.action().name(), e.subject(),
                                e.outcome(), name(e.route()), name(e.tier()), p.detail, p.question.hash(), p.answer.hash(),
                                p.payload.hash(), prev, codec.keyId());
                        byte[] canonical = ChainCodec.canonical(env).getBytes(StandardCharsets.UTF_8);
                        String recordHash = codec.recordHash(canonical);
                        String mac = codec.mac(canonical);
                        ps.setLong(1, seq);
                        ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                        ps.setString(3, e.actor());
                        ps.setString(4, e.action().name());
                        setNullable(ps, 5, e.subject());
                        ps.setString(6, e.outcome());
                        setNullable(ps, 7, name(e.route()));
                        setNullable(ps, 8, name(e.tier()));
                        ps.setString(9, p.detail);
                        setNullable(ps, 10, p.question.text());
                        setNullable(ps, 11, p.question.hash());
                        setNullable(ps, 12, p.answer.text());
                        setNullable(ps, 13, p.answer.hash());
                        setNullable(ps, 14, p.payload.text());
                        setNullable(ps, 15, p.payload.hash());
                        ps.setString(16, prev);
                        ps.setString(17, recordHash);
                        ps.setString(18, mac);
                        ps.setString(19, codec.keyId());
                        if (rows.size() == 1) {
                            ps.executeUpdate();
                        } else {
                            ps.addBatch();
                        }
                        written.add(new AuditRecord(seq, at, e.actor(), e.action(), e.subject(), e.outcome(), e.route(), e.tier(),
                                p.detail, p.question, p.answer, p.payload, prev, recordHash, mac, codec.keyId()));
                        prev = recordHash;
                    }
                    if (rows.size() > 1) {
                        ps.executeBatch();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ?, key_id = ?, mac = ? WHERE id = 1")) {
                    ps.setLong(1, seq);
                    ps.setString(2, prev);
                    ps.setString(3, codec.keyId());
                    ps.setString(4, codec.headMac(seq, prev, codec.keyId()));
                    ps.executeUpdate();
                }
                c.commit();
                // Only now, with the records durable, do the callers get their results.
                int offset = rows.size() - batch.size();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result = written.get(offset + i);
                    batch.get(i).done = true;
                }
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException ex) {
            String actions = batch.size() == 1 ? batch.getFirst().event.action().name() : batch.size() + " records";
            throw ex instanceof AuditException ae ? ae : new AuditException("could not append audit record (" + actions + ")", ex);
        }
    }

    /**
     * The key that signed record {@code seq}, written before records named their key: the first key of the
     * keyring whose MAC matches (current first), or {@code "unknown"} when none does. Asked once, at the
     * first append after the key-id migration, since every later head names its key.
     */
    private String legacyKeyOf(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "unknown";
                }
                AuditRecord r = read(rs);
                if (r.keyId() != null) {
                    return r.keyId();
                }
                byte[] canonical = ChainCodec.canonical(envelope(r)).getBytes(StandardCharsets.UTF_8);
                for (AuditKey k : keyring.keys()) {
                    if (ChainCodec.same(new ChainCodec(k).mac(canonical), r.mac())) {
                        return k.id();
                    }
                }
                return "unknown";
            }
        }
    }

    @Override
    public AuditPage list(AuditQuery q) {
        Filter f = Filter.of(q);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_record" + f.where())) {
                f.bind(ps, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditRecord> records = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record" + f.where()
                    + " ORDER BY seq DESC LIMIT ? OFFSET ?")) {
                int n = f.bind(ps, 0);
                ps.setInt(n + 1, q.size());
                ps.setLong(n + 2, (long) q.page() * q.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.add(read(rs));
                    }
                }
            }
            return new AuditPage(records, q.page(), q.size(), total);
        } catch (SQLException ex) {
            throw new AuditException("could not read the audit trail", ex);
        }
    }

    @Override
    public Optional<AuditRecord> get(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record WHERE seq = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException ex) {
            throw new AuditException("could not read audit record " + id, ex);
        }
    }

    @Override
    public List<AuditRecord> withContent(String text, int limit) {
        if (limit < 1 || limit > AuditQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + AuditQuery.MAX_PAGE_SIZE);
        }
        // The content hashes are keyed: a record hashed under a retired key is found only by that key's hash.
        List<AuditKey> keys = keyring.keys();
        String in = String.join(",", Collections.nCopies(keys.size(), "?"));
        String sql = "SELECT " + COLUMNS + " FROM audit_record WHERE question_hash IN (" + in + ") OR answer_hash IN (" + in
                + ") OR payload_hash IN (" + in + ") ORDER BY seq DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 0;
            for (String field : List.of("question", "answer", "payload")) {
                for (AuditKey k : keys) {
                    ps.setString(++n, new ChainCodec(k).contentHash(field, text));
                }
            }
            ps.setInt(++n, limit);
            List<AuditRecord> records = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(read(rs));
                }
            }
            return records;
        } catch (SQLException ex) {
            throw new AuditException("could not search the audit trail by content", ex);
        }
    }

    @Override
    public List<DailyCount> dailyCounts(AuditQuery q, CountDimension dimension) {
        Filter f = Filter.of(q);
        String column = dimension.column();
        // AT TIME ZONE 'UTC' makes the day the UTC day on both databases, whatever the session's time zone.
        String day = "CAST(at AT TIME ZONE 'UTC' AS DATE)";
        String sql = "SELECT " + day + " AS d, " + column + " AS v, COUNT(*) FROM audit_record" + f.where()
                + " AND " + column + " IS NOT NULL GROUP BY " + day + ", " + column + " ORDER BY d, v";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            f.bind(ps, 0);
            List<DailyCount> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new DailyCount(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3)));
                }
            }
            return counts;
        } catch (SQLException ex) {
            throw new AuditException("could not count audit records", ex);
        }
    }

    @Override
    public AuditVerification verify() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            // PostgreSQL streams a result set with a cursor only inside a transaction. REPEATABLE READ gives
            // the head read and the walk one snapshot, so records appended meanwhile are neither seen as
            // lying beyond the head nor missed.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long headSeq;
                String headHash;
                String headMac;
                String headKeyId;
                try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, mac, key_id FROM audit_head WHERE id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new AuditVerification(false, 0, 1L, "the chain head row is missing", 0, null, Map.of(), 0, null);
                    }
                    headSeq = rs.getLong(1);
                    headHash = rs.getString(2);
                    headMac = rs.getString(3);
                    headKeyId = rs.getString(4);
                }
                long expected = 1;
                String prev = ChainCodec.GENESIS;
                Failure failure = null;
                KeyChain keyChain = new KeyChain();
                List<Checked> results = new ArrayList<>();
                // The reader checks order, links and key changes (cheap, sequential); batches of records are
                // checked against their hashes and HMACs on worker threads (the costly part, independent per record).
                try (ExecutorService workers = Executors.newFixedThreadPool(VERIFY_THREADS);
                     PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record WHERE seq <= ? ORDER BY seq")) {
                    Deque<Future<Checked>> inFlight = new ArrayDeque<>();
                    ps.setFetchSize(FETCH_SIZE);
                    ps.setLong(1, headSeq);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<AuditRecord> batch = new ArrayList<>(VERIFY_BATCH);
                        while (rs.next()) {
                            AuditRecord r = read(rs);
                            String linkProblem = checkLink(r, expected, prev);
                            if (linkProblem != null) {
                                failure = new Failure(Math.min(r.id(), expected), linkProblem, null);
                                break;
                            }
                            String keyProblem = keyChain.check(r);
                            if (keyProblem != null) {
                                // A record that fails its own hash or MAC is reported as that: the more basic fault.
                                Failure own = checkHashes(List.of(r)).failure();
                                failure = own != null ? own : new Failure(r.id(), keyProblem, null);
                                break;
                            }
                            batch.add(r);
                            prev = r.recordHash();
                            expected++;
                            if (batch.size() == VERIFY_BATCH) {
                                List<AuditRecord> full = batch;
                                inFlight.add(workers.submit(() -> checkHashes(full)));
                                batch = new ArrayList<>(VERIFY_BATCH);
                                if (inFlight.size() > 2 * VERIFY_THREADS) {
                                    Checked f = await(inFlight.poll());
                                    results.add(f);
                                    if (f.failure() != null) {
                                        failure = f.failure();
                                        break;
                                    }
                                }
                            }
                        }
                        if (!batch.isEmpty()) {
                            List<AuditRecord> rest = batch;
                            inFlight.add(workers.submit(() -> checkHashes(rest)));
                        }
                    }
                    // Batches are awaited in submission order, i.e. in chain order: a failure in an earlier batch
                    // wins, and any hash failure precedes the failure the reader stopped at (or ties it).
                    while (!inFlight.isEmpty()) {
                        Checked f = await(inFlight.poll());
                        results.add(f);
                        if (f.failure() != null && (failure == null || f.failure().seq() < failure.seq())) {
                            failure = f.failure();
                        }
                    }
                }
                failure = checkFirstNamedKey(keyChain.firstKeyed, results, failure);
                long limit = failure == null ? Long.MAX_VALUE : failure.seq();
                Map<String, Long> byKey = new LinkedHashMap<>();
                long legacy = 0;
                for (Checked b : results) {
                    for (int i = 0; i < b.keyIds().length && b.firstSeq() + i < limit; i++) {
                        if (b.keyIds()[i] != null) {
                            byKey.merge(b.keyIds()[i], 1L, Long::sum);
                            legacy += b.legacy()[i] ? 1 : 0;
                        }
                    }
                }
                if (failure != null) {
                    return new AuditVerification(false, failure.seq() - 1, failure.seq(), failure.problem(), headSeq, headHash,
                            byKey, legacy, failure.missingKeyId());
                }
                long checked = expected - 1;
                long last = checked;
                if (last != headSeq || !ChainCodec.same(prev, headHash)) {
                    return new AuditVerification(false, checked, last + 1, "the chain head names record " + headSeq
                            + " but the chain ends at record " + last + ": records were removed from the end", headSeq, headHash,
                            byKey, legacy, null);
                }
                if (headSeq > 0) {
                    Optional<AuditKey> headKey = keyring.find(headKeyId);
                    if (headKeyId != null && headKey.isEmpty()) {
                        return new AuditVerification(false, checked, headSeq, "the chain head is signed with key " + headKeyId
                                + ", which is not in the keyring", headSeq, headHash, byKey, legacy, headKeyId);
                    }
                    // A head written before key ids existed: any key of the keyring may have signed it.
                    List<AuditKey> candidates = headKey.map(List::of).orElseGet(keyring::keys);
                    boolean verified = false;
                    for (AuditKey k : candidates) {
                        verified |= ChainCodec.same(headMac, new ChainCodec(k).headMac(headSeq, headHash, headKeyId));
                    }
                    if (!verified) {
                        return new AuditVerification(false, checked, headSeq, "the chain head's HMAC does not verify", headSeq, headHash,
                                byKey, legacy, null);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM audit_record WHERE seq > ?")) {
                    ps.setLong(1, headSeq);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getObject(1) != null) {
                            long extra = rs.getLong(1);
                            return new AuditVerification(false, checked, extra, "record " + extra
                                    + " lies beyond the chain head: it was inserted outside the trail", headSeq, headHash,
                                    byKey, legacy, null);
                        }
                    }
                }
                return new AuditVerification(true, checked, null, null, headSeq, headHash, byKey, legacy, null);
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException ex) {
            throw new AuditException("could not verify the audit trail", ex);
        }
    }

    /**
     * A record that does not verify and why; {@code missingKeyId} is set when the reason is a key the keyring
     * does not hold (not evidence of tampering by itself).
     */
    private record Failure(long seq, String problem, String missingKeyId) {
    }

    /**
     * One verified batch: the key that verified each record (null after the batch's failure), whether it
     * carried no key id, and the batch's first failure.
     */
    private record Checked(long firstSeq, String[] keyIds, boolean[] legacy, Failure failure) {
    }

    private static Checked await(Future<Checked> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("verification was interrupted", e);
        } catch (ExecutionException e) {
            throw new AuditException("verification failed", e.getCause());
        }
    }

    /**
     * Which key the chain is under, as the reader walks it. The key may change only at an
     * {@link AuditAction#AUDIT_KEY_ROTATED} record naming the previous key and its own, and never back to a
     * key the chain already retired: a leaked retired key then cannot sign records that verify.
     */
    private static final class KeyChain {
        private String current;
        private AuditRecord firstKeyed;
        private final Map<String, Long> retiredAt = new HashMap<>();

        String check(AuditRecord r) {
            if (r.keyId() == null) {
                return current == null ? null : "record " + r.id() + " names no key but follows records that do: "
                        + "records without a key id can only predate the key-id migration";
            }
            if (current == null) {
                firstKeyed = r;
                current = r.keyId();
                return null;
            }
            if (r.keyId().equals(current)) {
                return null;
            }
            Long retired = retiredAt.get(r.keyId());
            if (retired != null) {
                return "record " + r.id() + " is signed with key " + r.keyId() + ", which the chain retired at record " + retired;
            }
            if (!isRotation(r, current)) {
                return "record " + r.id() + " is signed with key " + r.keyId() + " but the chain is under key " + current
                        + " and no AUDIT_KEY_ROTATED record moves it";
            }
            retiredAt.put(current, r.id());
            current = r.keyId();
            return null;
        }
    }

    /** Whether {@code r} is the record that moves the chain from key {@code from} to the key that signed it. */
    private static boolean isRotation(AuditRecord r, String from) {
        if (r.action() != AuditAction.AUDIT_KEY_ROTATED) {
            return false;
        }
        try {
            var detail = CANONICAL.readTree(r.detailJson());
            return from.equals(detail.path("fromKeyId").asText(null)) && r.keyId().equals(detail.path("toKeyId").asText(null));
        } catch (JsonProcessingException malformed) {
            return false;
        }
    }

    /**
     * The first record that names its key follows records without one (written before the key-id migration):
     * if those were signed with another key, the record must be the rotation record from that key.
     */
    private static Failure checkFirstNamedKey(AuditRecord firstKeyed, List<Checked> results, Failure failure) {
        if (firstKeyed == null || firstKeyed.id() == 1 || (failure != null && failure.seq() <= firstKeyed.id())) {
            return failure;
        }
        long before = firstKeyed.id() - 1;
        String previousKey = null;
        for (Checked b : results) {
            if (before >= b.firstSeq() && before < b.firstSeq() + b.keyIds().length) {
                previousKey = b.keyIds()[(int) (before - b.firstSeq())];
            }
        }
        if (previousKey == null || previousKey.equals(firstKeyed.keyId()) || isRotation(firstKeyed, previousKey)) {
            return failure;
        }
        return new Failure(firstKeyed.id(), "record " + firstKeyed.id() + " is signed with key " + firstKeyed.keyId()
                + " but record " + before + " with key " + previousKey + " and no AUDIT_KEY_ROTATED record moves the chain", null);
    }

    /** Why record {@code r} is not where the chain needs it (position and link), or null. */
    private static String checkLink(AuditRecord r, long expected, String prev) {
        if (r.id() != expected) {
            return r.id() > expected
                    ? "record " + expected + " is missing (the next record is " + r.id() + ")"
                    : "record " + r.id() + " appears out of order";
        }
        if (!ChainCodec.same(r.prevHash(), prev)) {
            return "record " + r.id() + " does not link to record " + (r.id() - 1)
                    + " (its previous-hash differs): records were removed, inserted or reordered";
        }
        return null;
    }

    /**
     * Checks each record of the batch against its hash, its HMAC under the key it names (every key of the
     * keyring, current first, for a record that names none) and its content hashes under that key; stops at
     * the first that does not verify.
     */
    private Checked checkHashes(List<AuditRecord> batch) {
        Map<String, ChainCodec> codecs = new HashMap<>();
        ChainCodec hasher = codecFor(codecs, keyring.current());
        String[] keyIds = new String[batch.size()];
        boolean[] legacy = new boolean[batch.size()];
        long firstSeq = batch.getFirst().id();
        for (int i = 0; i < batch.size(); i++) {
            AuditRecord r = batch.get(i);
            byte[] canonical = ChainCodec.canonical(envelope(r)).getBytes(StandardCharsets.UTF_8);
            String problem = null;
            String missing = null;
            ChainCodec signer = null;
            if (!ChainCodec.same(hasher.recordHash(canonical), r.recordHash())) {
                problem = "record " + r.id() + " was altered: its fields do not match its hash";
            } else if (r.keyId() != null) {
                Optional<AuditKey> k = keyring.find(r.keyId());
                if (k.isEmpty()) {
                    missing = r.keyId();
                    problem = "record " + r.id() + " is signed with key " + r.keyId() + ", which is not in the keyring: "
                            + "add the retired key (audit-keys/retired-" + r.keyId() + ".key or " + AuditKeyring.RETIRED_ENV_VAR
                            + ") to check it and the records after it";
                } else {
                    signer = codecFor(codecs, k.get());
                    if (!ChainCodec.same(signer.mac(canonical), r.mac())) {
                        problem = "record " + r.id() + "'s HMAC does not verify under key " + r.keyId()
                                + ": it was rewritten without that key";
                    }
                }
            } else {
                for (AuditKey k : keyring.keys()) {
                    ChainCodec candidate = codecFor(codecs, k);
                    if (ChainCodec.same(candidate.mac(canonical), r.mac())) {
                        signer = candidate;
                        break;
                    }
                }
                if (signer == null) {
                    problem = "record " + r.id() + "'s HMAC does not verify under any key of the keyring: it was rewritten "
                            + "without the audit key, or it predates key ids and the key that signed it is not in the keyring";
                }
            }
            if (problem == null) {
                problem = checkContent("question", r.question(), r.id(), signer);
            }
            if (problem == null) {
                problem = checkContent("answer", r.answer(), r.id(), signer);
            }
            if (problem == null) {
                problem = checkContent("payload", r.outboundPayload(), r.id(), signer);
            }
            if (problem != null) {
                return new Checked(firstSeq, keyIds, legacy, new Failure(r.id(), problem, missing));
            }
            keyIds[i] = signer.keyId();
            legacy[i] = r.keyId() == null;
        }
        return new Checked(firstSeq, keyIds, legacy, null);
    }

    private static ChainCodec codecFor(Map<String, ChainCodec> codecs, AuditKey k) {
        return codecs.computeIfAbsent(k.id(), id -> new ChainCodec(k));
    }

    private static String checkContent(String field, StoredText t, long id, ChainCodec codec) {
        if (t.text() == null) {
            return null;
        }
        if (!ChainCodec.same(codec.contentHash(field, t.text()), t.hash())) {
            return "record " + id + "'s " + field + " text was altered: it does not match its hash";
        }
        return null;
    }

    private static ChainCodec.Envelope envelope(AuditRecord r) {
        return new ChainCodec.Envelope(r.id(), r.at(), r.actor(), r.action() == null ? null : r.action().name(), r.subject(),
                r.outcome(), name(r.route()), name(r.tier()), r.detailJson(), r.question().hash(), r.answer().hash(),
                r.outboundPayload().hash(), r.prevHash(), r.keyId());
    }

    @Override
    public void export(AuditQuery filter, ExportFormat format, Writer out) {
        Filter f = Filter.of(filter);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record" + f.where() + " ORDER BY seq")) {
                ps.setFetchSize(FETCH_SIZE);
                f.bind(ps, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    RecordWriter w = format == ExportFormat.CSV ? new CsvRecordWriter(out) : new JsonLinesRecordWriter(out);
                    while (rs.next()) {
                        w.write(read(rs));
                    }
                    w.finish();
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException ex) {
            throw new AuditException("could not export the audit trail", ex);
        } catch (IOException ex) {
            throw new UncheckedIOException("could not write the audit export", ex);
        }
    }

    @Override
    public int dropContentBefore(Instant cutoff) {
        String sql = "UPDATE audit_record SET question_text = NULL, answer_text = NULL, payload_text = NULL WHERE at < ?"
                + " AND (question_text IS NOT NULL OR answer_text IS NOT NULL OR payload_text IS NOT NULL)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException ex) {
            throw new AuditException("could not apply audit retention", ex);
        }
    }

    @Override
    public int applyRetention(Duration period) {
        Instant cutoff = clock.instant().minus(period);
        int dropped = dropContentBefore(cutoff);
        append(new AuditEvent("system", AuditAction.RETENTION, null, "OK", null, null,
                Map.of("cutoff", cutoff.toString(), "period", period.toString(), "records", dropped)));
        return dropped;
    }

    /** Reads a row selected with {@link #COLUMNS}, by position (cheaper than by label in the verification loop). */
    private static AuditRecord read(ResultSet rs) throws SQLException {
        String route = rs.getString(7);
        String tier = rs.getString(8);
        return new AuditRecord(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                parseAction(rs.getString(4)), rs.getString(5), rs.getString(6),
                route == null ? null : parseOrNull(Route.class, route), tier == null ? null : parseOrNull(Tier.class, tier),
                rs.getString(9),
                storedText(rs.getString(10), rs.getString(11)),
                storedText(rs.getString(12), rs.getString(13)),
                storedText(rs.getString(14), rs.getString(15)),
                rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19));
    }

    /** A tampered row may hold a value no enum has; verification must report it, not crash on it. */
    private static AuditAction parseAction(String action) {
        return parseOrNull(AuditAction.class, action);
    }

    private static <E extends Enum<E>> E parseOrNull(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static StoredText storedText(String text, String hash) {
        return text == null && hash == null ? StoredText.ABSENT : new StoredText(text, hash);
    }

    private static StoredText stored(AuditText t, String hash) {
        if (!t.present()) {
            return StoredText.ABSENT;
        }
        return new StoredText(t.storeText() ? t.text() : null, hash);
    }

    static String canonicalJson(AuditEvent e) {
        try {
            return CANONICAL.writeValueAsString(e.detail());
        } catch (JsonProcessingException ex) {
            throw new AuditException("audit detail is not serialisable", ex);
        }
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    /** The WHERE clause of a query and its arguments. */
    private record Filter(String where, List<Object> args) {

        static Filter of(AuditQuery q) {
            StringBuilder where = new StringBuilder(" WHERE 1=1");
            List<Object> args = new ArrayList<>();
            if (q.from() != null) {
                where.append(" AND at >= ?");
                args.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
            }
            if (q.to() != null) {
                where.append(" AND at < ?");
                args.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
            }
            if (q.actor() != null) {
                where.append(" AND actor = ?");
                args.add(q.actor());
            }
            if (q.action() != null) {
                where.append(" AND action = ?");
                args.add(q.action().name());
            }
            if (q.route() != null) {
                where.append(" AND route = ?");
                args.add(q.route().name());
            }
            if (q.tier() != null) {
                where.append(" AND tier = ?");
                args.add(q.tier().name());
            }
            if (q.text() != null) {
                String like = "%" + escapeLike(q.text().toLowerCase(Locale.ROOT)) + "%";
                where.append(" AND (");
                String[] cols = {"subject", "detail", "question_text", "answer_text", "payload_text"};
                for (int i = 0; i < cols.length; i++) {
                    where.append(i == 0 ? "" : " OR ").append("LOWER(").append(cols[i]).append(") LIKE ? ESCAPE '\\'");
                    args.add(like);
                }
                where.append(')');
            }
            return new Filter(where.toString(), args);
        }

        int bind(PreparedStatement ps, int offset) throws SQLException {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(offset + i + 1, args.get(i));
            }
            return offset + args.size();
        }

        private static String escapeLike(String s) {
            return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }

    private interface RecordWriter {
        void write(AuditRecord r) throws IOException;

        void finish() throws IOException;
    }

    private static final class CsvRecordWriter implements RecordWriter {
        private final Writer out;

        CsvRecordWriter(Writer out) throws IOException {
            this.out = out;
            out.write("id,at,actor,action,subject,outcome,route,tier,detail,question,question_hash,answer,answer_hash,"
                    + "outbound_payload,payload_hash,prev_hash,record_hash,mac,key_id\r\n");
        }

        @Override
        public void write(AuditRecord r) throws IOException {
            String[] cells = {Long.toString(r.id()), r.at().toString(), r.actor(), name(r.action()), r.subject(), r.outcome(),
                    name(r.route()), name(r.tier()), r.detailJson(), r.question().text(), r.question().hash(), r.answer().text(),
                    r.answer().hash(), r.outboundPayload().text(), r.outboundPayload().hash(), r.prevHash(), r.recordHash(), r.mac(),
                    r.keyId()};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                writeCell(cells[i]);
            }
            out.write("\r\n");
        }

        private void writeCell(String v) throws IOException {
            if (v == null) {
                return;
            }
            if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
                out.write(v);
                return;
            }
            out.write('"');
            out.write(v.replace("\"", "\"\""));
            out.write('"');
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }

    private static final class JsonLinesRecordWriter implements RecordWriter {
        private final Writer out;
        private final JsonFactory factory = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

        JsonLinesRecordWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void write(AuditRecord r) throws IOException {
            try (JsonGenerator g = factory.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("id", r.id());
                g.writeStringField("at", r.at().toString());
                g.writeStringField("actor", r.actor());
                g.writeStringField("action", name(r.action()));
                g.writeStringField("subject", r.subject());
                g.writeStringField("outcome", r.outcome());
                g.writeStringField("route", name(r.route()));
                g.writeStringField("tier", name(r.tier()));
                g.writeFieldName("detail");
                g.writeRawValue(r.detailJson());
                text(g, "question", r.question());
                text(g, "answer", r.answer());
                text(g, "outbound_payload", r.outboundPayload());
                g.writeStringField("prev_hash", r.prevHash());
                g.writeStringField("record_hash", r.recordHash());
                g.writeStringField("mac", r.mac());
                g.writeStringField("key_id", r.keyId());
                g.writeEndObject();
            }
            out.write('\n');
        }

        private static void text(JsonGenerator g, String field, StoredText t) throws IOException {
            g.writeStringField(field, t.text());
            g.writeStringField(field + "_hash", t.hash());
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }
}
