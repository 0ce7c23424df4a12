package org.saferwayout.agency.subscription;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances of a service sharing one private database (ADR 019): one at a time delivers a subscription, and
 * another takes it over only once the holder has let its lease lapse.
 */
class WebhookDeliveryLeaseTest {

    private static final String SUBSCRIPTION = UUID.randomUUID().toString();
    private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(20);

    private final WebhookSubscriptions subscriptions;

    WebhookDeliveryLeaseTest() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:leases-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        subscriptions = new WebhookSubscriptions(database, new DataSourceTransactionManager(database));
        subscriptions.afterPropertiesSet();
    }

    @Test
    void whileOneInstanceHoldsTheDeliveryAnotherCannotTakeIt() {
        assertThat(subscriptions.holdDelivery(SUBSCRIPTION, "first", NOW, NOW.plus(LEASE))).isTrue();
        assertThat(subscriptions.holdDelivery(SUBSCRIPTION, "second", NOW.plusSeconds(1), NOW.plusSeconds(1).plus(LEASE)))
                .isFalse();
        // The holder keeps holding by asking again, which moves its lease on.
        assertThat(subscriptions.holdDelivery(SUBSCRIPTION, "first", NOW.plusSeconds(15), NOW.plusSeconds(15).plus(LEASE)))
                .isTrue();
        assertThat(subscriptions.holdDelivery(SUBSCRIPTION, "second", NOW.plus(LEASE).plusSeconds(1),
                NOW.plus(LEASE).plusSeconds(1).plus(LEASE))).isFalse();
    }

    @Test
    void aLapsedLeaseGoesToTheNextInstanceAndTheFormerHolderStops() {
        assertThat(subscriptions.holdDelivery(SUBSCRIPTION, "first", NOW, NOW.plus(LEASE))).isTrue();
        Instant lapsed = NOW.plus(LEASE).plusMillis(1);
        assertThat(subscriptions.holdDelivery(SUBSCRIPTION, "second", lapsed, lapsed.plus(LEASE))).isTrue();
        assertThat(subscriptions.holdDelivery(SUBSCRIPTION, "first", lapsed.plusSeconds(1), lapsed.plusSeconds(1).plus(LEASE)))
                .isFalse();
    }
}
