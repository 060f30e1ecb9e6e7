package io.gatehouse.ingest;

import io.gatehouse.policy.Tier;

import java.util.Objects;
import java.util.Set;

/** A file handed to ingestion with the admin's declared tier (a floor) and groups. */
public record Upload(String filename, byte[] bytes, Tier declaredTier, Set<String> groups, String actor) {

    public Upload {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(declaredTier, "declaredTier");
        Objects.requireNonNull(actor, "actor");
        groups = Set.copyOf(groups);
    }
}
