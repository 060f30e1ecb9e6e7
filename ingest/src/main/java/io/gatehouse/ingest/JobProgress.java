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

    public JobCounts counts() {
        return new JobCounts(items.size(), items.stream().filter(i -> i.status().isFinal()).count(),
                count(JobStatus.INDEXED), count(JobStatus.DUPLICATE), count(JobStatus.FAILED));
    }

    public long count(JobStatus status) {
        return items.stream().filter(i -> i.status() == status).count();
    }
}
