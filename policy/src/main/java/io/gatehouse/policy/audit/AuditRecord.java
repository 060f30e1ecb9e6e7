package io.gatehouse.policy.audit;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;

import java.time.Instant;

/**
 * One stored audit record. {@code id} is its position in the hash chain (1, 2, 3, ... without gaps);
 * {@code detailJson} is the canonical JSON of the event's detail (keys sorted).
 *
 * @param prevHash   {@code recordHash} of record {@code id - 1} (64 zeros for the first record)
 * @param recordHash SHA-256 of the record's canonical form, which includes {@code prevHash} and the content hashes
 * @param mac        HMAC-SHA256 of the same canonical form under the {@link AuditKey}
 * @param keyId      {@link AuditKey#id()} of the key that signed it; null for records written before records
 *                   named their key (those are verified with every key of the {@link AuditKeyring})
 */
public record AuditRecord(long id, Instant at, String actor, AuditAction action, String subject, String outcome,
                          Route route, Tier tier, String detailJson, StoredText question, StoredText answer,
                          StoredText outboundPayload, String prevHash, String recordHash, String mac,
                          String keyId) {
}
