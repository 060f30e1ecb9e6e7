package io.gatehouse.policy.audit;

/**
 * The content fields of a record. They are hashed separately from the envelope, so retention can drop
 * the text of old records while the chain still verifies (the hashes stay).
 *
 * @param outboundPayload the exact request body that left for a closed destination (already redacted when
 *                        the route was CLOSED_API_REDACTED; never the pseudonym map)
 */
public record AuditContent(AuditText question, AuditText answer, AuditText outboundPayload) {

    public static final AuditContent NONE = new AuditContent(AuditText.ABSENT, AuditText.ABSENT, AuditText.ABSENT);

    public AuditContent {
        question = question == null ? AuditText.ABSENT : question;
        answer = answer == null ? AuditText.ABSENT : answer;
        outboundPayload = outboundPayload == null ? AuditText.ABSENT : outboundPayload;
    }
}
