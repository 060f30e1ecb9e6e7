package io.gatehouse.ingest;

/** How far a job has got: its files by outcome, and what a progress bar and a status word need. */
public record JobCounts(long total, long finished, long indexed, long duplicates, long failed) {

    public boolean done() {
        return finished == total;
    }

    /** Fraction of files finished, 1.0 for a job with nothing to do. */
    public double progress() {
        return total == 0 ? 1.0 : (double) finished / total;
    }

    /** RUNNING until every file has an outcome, then DONE, or DONE_WITH_FAILURES when any failed. */
    public String status() {
        return !done() ? "RUNNING" : failed == 0 ? "DONE" : "DONE_WITH_FAILURES";
    }
}
