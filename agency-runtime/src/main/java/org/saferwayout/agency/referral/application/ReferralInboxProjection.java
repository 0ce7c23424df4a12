package org.saferwayout.agency.referral.application;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.saferwayout.agency.readmodel.VersionedDocuments;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.IncomingReferralStatusChangedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralArrivedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ServiceDeliveredRecordedEvent;
import org.saferwayout.agency.referral.model.AcknowledgementDeadlines;
import org.saferwayout.events.ReferralStatus;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * The recipient agency's referral inbox (collection {@code referral_inbox}), one document per referral.
 * Personal data never enters it (see ReceivedPersonalData): a delivered service is listed by kind and date.
 */
@Component
@ProcessingGroup("referral-inbox")
class ReferralInboxProjection {

    static final String COLLECTION = "referral_inbox";

    private final MongoCollection<Document> inbox;
    private final AcknowledgementDeadlines deadlines;

    ReferralInboxProjection(MongoDatabase readModelDatabase, AcknowledgementDeadlines deadlines) {
        this.inbox = readModelDatabase.getCollection(COLLECTION);
        this.deadlines = deadlines;
    }

    @EventHandler
    void on(ReferralArrivedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(inbox, event.referralId(), sequence, Updates.combine(
                Updates.set("survivorRef", event.survivorRef().value()),
                Updates.set("requestingAgency", event.requestingAgency().code()),
                Updates.set("service", event.service().name()),
                Updates.set("directoryServiceId", event.directoryServiceId()),
                Updates.set("urgency", event.urgency().name()),
                Updates.set("status", ReferralStatus.REQUESTED.name()),
                Updates.set("requestedAt", Date.from(event.requestedAt())),
                Updates.set("acknowledgeBy", Date.from(deadlines.acknowledgeBy(event.requestedAt(), event.urgency()))),
                Updates.set("receivedAt", Date.from(event.arrivedAt()))));
    }

    @EventHandler
    void on(IncomingReferralStatusChangedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(inbox, event.referralId(), sequence, Updates.combine(
                Updates.set("status", event.status().name()),
                Updates.set("statusReason", event.reason() == null ? null : event.reason().name()),
                Updates.set("statusChangedAt", Date.from(event.changedAt())),
                event.status() == ReferralStatus.ACCEPTED
                        ? Updates.set("acceptedAt", Date.from(event.changedAt()))
                        : Updates.set("statusChangedBy", event.changedBy())));
    }

    @EventHandler
    void on(ServiceDeliveredRecordedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(inbox, event.referralId(), sequence, Updates.push("servicesDelivered",
                new Document("deliveryId", event.deliveryId())
                        .append("service", event.service().name())
                        .append("directoryServiceId", event.directoryServiceId())
                        .append("deliveredOn", event.deliveredOn().toString())));
    }
}
