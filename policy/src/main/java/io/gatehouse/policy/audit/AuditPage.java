package io.gatehouse.policy.audit;

import java.util.List;

/** One page of records, newest first, and how many records match the filter in all. */
public record AuditPage(List<AuditRecord> records, int page, int size, long total) {
}
