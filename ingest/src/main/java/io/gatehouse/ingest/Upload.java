package io.gatehouse.ingest;

import io.gatehouse.policy.Tier;

import java.util.Objects;
import java.util.Set;

/**
 * A file handed to ingestion with the admin's declared tier (a floor) and groups. An external id, when
 * given, names the document across uploads: new content under the same id replaces the old atomically.
 */
public record Upload(String filename, byte[] bytes, Tier declaredTier, Set<String> groups, String externalId, String actor) {

    /** The catalogue column's width (V2__catalogue.sql): a longer id is refused here, not by the database. */
    public static final int MAX_EXTERNAL_ID = 500;

    public Upload {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(declaredTier, "declaredTier");
        Objects.requireNonNull(actor, "actor");
        groups = Set.copyOf(groups);
        externalId = externalId == null || externalId.isBlank() ? null : externalId.strip();
        if (externalId != null && externalId.length() > MAX_EXTERNAL_ID) {
            throw new IllegalArgumentException("externalId is at most " + MAX_EXTERNAL_ID + " characters; got " + externalId.length());
        }
    }

    public Upload(String filename, byte[] bytes, Tier declaredTier, Set<String> groups, String actor) {
        this(filename, bytes, declaredTier, groups, null, actor);
    }
}
