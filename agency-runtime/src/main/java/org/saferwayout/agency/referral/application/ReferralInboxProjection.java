package org.saferwayout.agency.referral.application;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.saferwayout.agency.readmodel.VersionedDocuments;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralAcceptedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralReceivedEvent;
import org.springframework.stereotype.Component;

import java.util.Date;

/** The recipient agency's referral inbox (collection {@code referral_inbox}), one document per referral. */
@Component
@ProcessingGroup("referral-inbox")
class ReferralInboxProjection {

    static final String COLLECTION = "referral_inbox";

    private final MongoCollection<Document> inbox;

    ReferralInboxProjection(MongoDatabase readModelDatabase) {
        this.inbox = readModelDatabase.getCollection(COLLECTION);
    }

    @EventHandler
    void on(ReferralReceivedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(inbox, event.referralId(), sequence, Updates.combine(
                Updates.set("survivorRef", event.survivorRef().value()),
                Updates.set("requestingAgency", event.requestingAgency().code()),
                Updates.set("service", event.service().name()),
                Updates.set("urgency", event.urgency().name()),
                Updates.set("status", "RECEIVED"),
                Updates.set("requestedAt", Date.from(event.requestedAt())),
                Updates.set("receivedAt", Date.from(event.receivedAt()))));
    }

    @EventHandler
    void on(ReferralAcceptedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(inbox, event.referralId(), sequence, Updates.combine(
                Updates.set("status", "ACCEPTED"),
                Updates.set("acceptedBy", event.acceptedBy()),
                Updates.set("acceptedAt", Date.from(event.acceptedAt()))));
    }
}
