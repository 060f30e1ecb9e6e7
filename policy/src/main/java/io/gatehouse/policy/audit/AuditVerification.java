package io.gatehouse.policy.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of walking the chain.
 *
 * @param intact            true when every record and the chain head verify
 * @param recordsChecked    records read before the walk stopped (all of them when intact)
 * @param firstBrokenRecord id of the first record that does not verify (for a deleted record: the missing id), or null
 * @param problem           what is wrong with it, or null when intact
 * @param headId            id of the last record according to the chain head
 * @param headHash          record hash of the last record according to the chain head; publish it elsewhere
 *                          (a ticket, a log) to make even a wholesale rewrite of the trail detectable
 * @param recordsByKey      how many of the checked records each key id signed, in the order the chain first
 *                          used them (records without a key id are counted under the key that verified them)
 * @param legacyRecords     how many of the checked records carry no key id (written before records named their key)
 * @param missingKeyId      when the walk stopped because a record is signed with a key the keyring does not
 *                          hold: that key id (the records may be intact; they cannot be checked). Null otherwise
 */
public record AuditVerification(boolean intact, long recordsChecked, Long firstBrokenRecord, String problem,
                                long headId, String headHash, Map<String, Long> recordsByKey, long legacyRecords,
                                String missingKeyId) {

    public AuditVerification {
        recordsByKey = Collections.unmodifiableMap(new LinkedHashMap<>(recordsByKey));
    }
}
