package io.gatehouse.ingest;

import io.gatehouse.policy.Tier;

import java.util.Objects;
import java.util.Set;

/**
 * A file handed to ingestion with the admin's declared tier (a floor) and groups. An external id, when
 * given, names the document across uploads: new content under the same id replaces the old atomically.
 */
public record Upload(String filename, byte[] bytes, Tier declaredTier, Set<String> groups, String externalId, String actor) {

    public Upload {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(declaredTier, "declaredTier");
        Objects.requireNonNull(actor, "actor");
        groups = Set.copyOf(groups);
        externalId = externalId == null || externalId.isBlank() ? null : externalId.strip();
    }

    public Upload(String filename, byte[] bytes, Tier declaredTier, Set<String> groups, String actor) {
        this(filename, bytes, declaredTier, groups, null, actor);
    }
}
