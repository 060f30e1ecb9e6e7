package io.gatehouse.policy.audit;

/** What {@link AuditTrail#dailyCounts} groups records by, besides the day. */
public enum CountDimension {
    ROUTE("route"), TIER("tier");

    private final String column;

    CountDimension(String column) {
        this.column = column;
    }

    /** The column holding the dimension; a constant, never user input, so it may go into SQL text. */
    String column() {
        return column;
    }
}
