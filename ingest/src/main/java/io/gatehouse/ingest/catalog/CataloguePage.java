package io.gatehouse.ingest.catalog;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One page of the catalogue, newest first. {@code total} counts every document the filter matches;
 * {@code next} reads the older documents after this page and {@code previous} the newer ones before it,
 * each null when there are none.
 */
public record CataloguePage(List<DocumentRow> items, long total, @Nullable CatalogueCursor next,
                            @Nullable CatalogueCursor previous) {

    public CataloguePage {
        items = List.copyOf(items);
    }
}
