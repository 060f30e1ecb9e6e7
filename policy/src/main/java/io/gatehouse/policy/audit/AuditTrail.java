package io.gatehouse.policy.audit;

import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The append-only, hash-chained record of what happened. Appends are durable when the call returns. */
public interface AuditTrail {

    /** Appends at the head of the chain; concurrent appends are serialised, so the chain never forks. */
    AuditRecord append(AuditEvent event);

    AuditPage list(AuditQuery query);

    Optional<AuditRecord> get(long id);

    /**
     * Counts the records matching the query's filter (its paging is ignored) per UTC day and value of
     * {@code dimension}, in the database: records without a value (a login has no route) are not counted.
     * Ordered by day, then value.
     */
    List<DailyCount> dailyCounts(AuditQuery filter, CountDimension dimension);

    /**
     * The records whose question, answer or outbound payload was exactly {@code text}, whether the text is
     * stored or only its hash: found by the keyed content hash under every key of the keyring, so records
     * written before a key rotation are found too. Newest first, at most {@code limit} (1 to
     * {@link AuditQuery#MAX_PAGE_SIZE}).
     */
    List<AuditRecord> withContent(String text, int limit);

    /** Walks the whole chain and reports the first record that does not verify. */
    AuditVerification verify();

    /**
     * Writes every record matching the query's filter (its paging is ignored), oldest first, streaming: the
     * trail is never held in memory. Content text is exported as stored.
     */
    void export(AuditQuery filter, ExportFormat format, Writer out);

    /**
     * Drops the question, answer and outbound-payload text of records older than {@code cutoff}; their
     * hashes stay, so the chain still verifies. Returns how many records lost text.
     */
    int dropContentBefore(Instant cutoff);

    /** {@link #dropContentBefore} at now minus {@code period}, then appends a RETENTION record saying so. */
    int applyRetention(Duration period);
}
