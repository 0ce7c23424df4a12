package org.saferwayout.reach.directory;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The HSDS 3.0 OpenAPI's {@code Page} envelope. Pages are numbered from 1; {@code size} is, as HSDS defines
 * it, the number of entities on this page (not the requested {@code per_page}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"})
record HsdsPage<T>(long totalItems, int totalPages, int pageNumber, int size, boolean firstPage, boolean lastPage,
                   boolean empty, List<T> contents) {

    static <T> HsdsPage<T> of(List<T> all, int pageNumber, int perPage) {
        int totalPages = (all.size() + perPage - 1) / perPage;
        long first = (long) (pageNumber - 1) * perPage;
        List<T> contents = first >= all.size() ? List.of()
                : all.subList((int) first, (int) Math.min(first + perPage, all.size()));
        return new HsdsPage<>(all.size(), totalPages, pageNumber, contents.size(), pageNumber == 1,
                pageNumber >= totalPages, contents.isEmpty(), List.copyOf(contents));
    }
}
