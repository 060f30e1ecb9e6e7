package io.gatehouse.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Data-classification tier, ordered from least to most sensitive. The ordinal is the order:
 * code and the index compare tiers by {@link #rank()}, never by name.
 */
public enum Tier {
    PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED;

    public int rank() {
        return ordinal();
    }

    public boolean atMost(Tier other) {
        return rank() <= other.rank();
    }

    public static Tier max(Tier a, Tier b) {
        return a.rank() >= b.rank() ? a : b;
    }

    public static Tier ofRank(int rank) {
        Tier[] all = values();
        if (rank < 0 || rank >= all.length) {
            throw new IllegalArgumentException("no tier has rank " + rank);
        }
        return all[rank];
    }

    /** Parses a tier name case-insensitively; the message lists the accepted names. */
    public static Tier parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tier is required; one of " + names());
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown tier '" + name.trim() + "'; one of " + names());
        }
    }

    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
