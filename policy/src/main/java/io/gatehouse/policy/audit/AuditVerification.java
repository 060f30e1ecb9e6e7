package io.gatehouse.policy.audit;

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
 */
public record AuditVerification(boolean intact, long recordsChecked, Long firstBrokenRecord, String problem,
                                long headId, String headHash) {
}
