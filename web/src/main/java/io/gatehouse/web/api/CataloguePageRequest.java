package io.gatehouse.web.api;

import io.gatehouse.ingest.catalog.CatalogueCursor;
import io.gatehouse.ingest.catalog.CatalogueFilter;
import io.gatehouse.ingest.catalog.DocumentCatalogue;
import io.gatehouse.policy.Tier;
import io.micronaut.core.annotation.Nullable;

/**
 * The query parameters of a catalogue page, checked: {@code limit} (default {@value #DEFAULT_LIMIT}, at
 * most {@link DocumentCatalogue#MAX_LIMIT}), an opaque {@code cursor} from an earlier page, and the
 * {@code tier} and {@code title} filters. Shared by the REST API and the admin page, so both read the
 * same pages; each refusal is an {@link IllegalArgumentException} naming the parameter and the value.
 */
public record CataloguePageRequest(CatalogueFilter filter, @Nullable CatalogueCursor cursor, int limit) {

    public static final int DEFAULT_LIMIT = 50;

    public static CataloguePageRequest parse(@Nullable String limit, @Nullable String cursor, @Nullable String tier,
                                             @Nullable String title) {
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            String range = "limit is a whole number from 1 to " + DocumentCatalogue.MAX_LIMIT;
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(range + "; got '" + abbreviate(limit) + "'");
            }
            if (size < 1 || size > DocumentCatalogue.MAX_LIMIT) {
                throw new IllegalArgumentException(range + "; got " + size);
            }
        }
        Tier tierFilter = null;
        if (tier != null && !tier.isBlank()) {
            try {
                tierFilter = Tier.parse(tier);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tier filter: " + e.getMessage());
            }
        }
        CatalogueCursor position = cursor == null || cursor.isBlank() ? null : CatalogueCursor.parse(cursor);
        return new CataloguePageRequest(new CatalogueFilter(tierFilter, title), position, size);
    }

    /** Echoing a client's value is useful, echoing a megabyte of it is not. */
    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "\u2026";
    }
}
