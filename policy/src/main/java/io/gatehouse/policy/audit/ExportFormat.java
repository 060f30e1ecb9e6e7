package io.gatehouse.policy.audit;

/** How {@link AuditTrail#export} writes records. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header row; the detail column holds the detail JSON. */
    CSV,
    /** One JSON object per line; the detail is embedded as JSON. */
    JSONL
}
