package org.saferwayout.agency.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.IntegrationEvent;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads the network exchange and records a notification in this agency's feed for every integration event
 * addressed to it (its {@code recipientAgency}, the same rule the exchange intake acts on). The insert and
 * this processor's token commit in one private transaction, so after a crash or restart nothing is lost and
 * nothing recorded twice.
 */
@Component
@ProcessingGroup(AgencyNotifications.PROCESSING_GROUP)
class AgencyNotifications {

    static final String PROCESSING_GROUP = "agency-notifications";

    private final NotificationFeed feed;
    private final AgencyId thisAgency;
    private final ObjectMapper json = new ObjectMapper();

    AgencyNotifications(NotificationFeed feed, AgencyProperties agency) {
        this.feed = feed;
        this.thisAgency = agency.id();
    }

    @EventHandler
    void on(IntegrationEvent event, @Timestamp Instant storedAt) throws JsonProcessingException {
        if (event.recipientAgency() != thisAgency) {
            return;
        }
        var content = NotificationContent.of(event);
        if (content.isPresent()) {
            feed.append(event.eventId().toString(), content.get().type(), event.sourceAgency(),
                    content.get().subject(), OffsetDateTime.ofInstant(storedAt, ZoneOffset.UTC),
                    json.writeValueAsString(content.get().data()));
        }
    }
}
