package org.saferwayout.agency.exchange;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Derives an integration event's id from the private event it is published for: redelivering the private
 * event yields the same id, so the exchange and every recipient recognise the repeat.
 */
public final class StableEventIds {

    private StableEventIds() {
    }

    public static UUID forPrivateEvent(String privateEventIdentifier) {
        return UUID.nameUUIDFromBytes(("exchange:" + privateEventIdentifier).getBytes(StandardCharsets.UTF_8));
    }
}
