package org.saferwayout.agency.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Record ids in URLs are random UUIDs. Anything else is treated as "not found" without being parsed
 * further, looked up or echoed.
 */
public final class RecordIds {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RecordIds() {
    }

    public static Optional<String> ifWellFormed(String id) {
        return id != null && UUID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
