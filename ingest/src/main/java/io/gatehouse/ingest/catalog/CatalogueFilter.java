package io.gatehouse.ingest.catalog;

import io.gatehouse.policy.Tier;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;

/**
 * What an administrator narrows the catalogue to: documents whose effective tier is {@code tier}, and
 * whose title contains {@code titleContains} ignoring case. A null part does not filter. The catalogue
 * has no state to filter on: a row exists only once its document is searchable (queued and failed files
 * live on job items).
 */
public record CatalogueFilter(@Nullable Tier tier, @Nullable String titleContains) {

    public static final CatalogueFilter NONE = new CatalogueFilter(null, null);
    public static final int MAX_TITLE_FILTER = 200;

    public CatalogueFilter {
        if (titleContains != null) {
            titleContains = titleContains.strip();
            if (titleContains.isEmpty()) {
                titleContains = null;
            } else if (titleContains.length() > MAX_TITLE_FILTER) {
                throw new IllegalArgumentException("the title filter is at most " + MAX_TITLE_FILTER
                        + " characters; got " + titleContains.length());
            }
        }
    }

    /** The title filter as a LIKE pattern with {@code !} as the escape character, so % and _ match themselves. */
    String titlePattern() {
        String lower = titleContains.toLowerCase(Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + lower + "%";
    }
}
