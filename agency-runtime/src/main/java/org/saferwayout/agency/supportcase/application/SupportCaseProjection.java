package org.saferwayout.agency.supportcase.application;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.saferwayout.agency.readmodel.VersionedDocuments;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralAcceptanceRecordedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Date;

/** The owning agency's view of its cases and the referrals they sent (collection {@code support_cases}). */
@Component
@ProcessingGroup("support-cases")
class SupportCaseProjection {

    static final String COLLECTION = "support_cases";

    private final MongoCollection<Document> cases;

    SupportCaseProjection(MongoDatabase readModelDatabase) {
        this.cases = readModelDatabase.getCollection(COLLECTION);
    }

    @EventHandler
    void on(SupportCaseOpenedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(cases, event.caseId(), sequence, Updates.combine(
                Updates.set("survivorRef", event.survivorRef().value()),
                Updates.set("agency", event.agency().code()),
                Updates.set("status", "OPEN"),
                Updates.set("openedBy", event.openedBy()),
                Updates.set("openedAt", Date.from(event.openedAt()))));
    }

    @EventHandler
    void on(ReferralRequestedEvent event, @SequenceNumber long sequence) {
        String referral = "referrals." + event.referralId();
        VersionedDocuments.apply(cases, event.caseId(), sequence, Updates.combine(
                Updates.set(referral + ".recipientAgency", event.recipientAgency().code()),
                Updates.set(referral + ".service", event.service().name()),
                Updates.set(referral + ".urgency", event.urgency().name()),
                Updates.set(referral + ".status", "REQUESTED"),
                Updates.set(referral + ".emergencyDisclosure", event.emergencyDisclosure() != null),
                Updates.set(referral + ".requestedAt", Date.from(event.requestedAt()))));
    }

    @EventHandler
    void on(ReferralAcceptanceRecordedEvent event, @SequenceNumber long sequence) {
        String referral = "referrals." + event.referralId();
        VersionedDocuments.apply(cases, event.caseId(), sequence, Updates.combine(
                Updates.set(referral + ".status", "ACCEPTED"),
                Updates.set(referral + ".acceptedAt", Date.from(event.acceptedAt()))));
    }
}
