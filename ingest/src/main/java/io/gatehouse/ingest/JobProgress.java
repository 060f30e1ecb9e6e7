package io.gatehouse.ingest;

import io.gatehouse.ingest.catalog.ItemRow;
import io.gatehouse.ingest.catalog.JobRow;
import io.gatehouse.ingest.catalog.JobStatus;

import java.util.List;

/** A job with its items, and the counts a progress bar needs. */
public record JobProgress(JobRow job, List<ItemRow> items) {

    public JobProgress {
        items = List.copyOf(items);
    }

    public long finished() {
        return items.stream().filter(i -> i.status().isFinal()).count();
    }

    public long count(JobStatus status) {
        return items.stream().filter(i -> i.status() == status).count();
    }

    public boolean done() {
        return finished() == items.size();
    }

    /** Fraction of items finished, 1.0 for a job with nothing to do. */
    public double progress() {
        return items.isEmpty() ? 1.0 : (double) finished() / items.size();
    }
}
