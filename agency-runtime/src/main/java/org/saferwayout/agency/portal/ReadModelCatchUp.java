package org.saferwayout.agency.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Read models follow the event stores a moment later (tracking processors). After an action the portal waits a
 * little for its effect to show before redirecting, so the next page shows what the user just did; if it is
 * slower than that, the page says the change is on its way.
 */
final class ReadModelCatchUp {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 25;

    private ReadModelCatchUp() {
    }

    /** @return whether {@code shown} became true within the patience */
    static boolean awaitShown(BooleanSupplier shown) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!shown.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
