package org.saferwayout.agency.supportcase.application;

import org.saferwayout.agency.domain.PersonalDataHolder;
import org.saferwayout.events.SurvivorRef;
import org.saferwayout.agency.keys.SurvivorDataVault;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.saferwayout.agency.consent.application.SupervisorNotifications;
import org.saferwayout.agency.readmodel.VersionedDocuments;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.OutgoingReferralStatusChangedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralEscalatedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SafetyPlanRecordedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseClosedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseReopenedEvent;
import org.saferwayout.events.ReferralStatus;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * The owning agency's cases (collection {@code support_cases}, no personal data) and their safety plans
 * (collection {@code safety_plans}, one document per version, personal data of this agency's own).
 */
@Component
@ProcessingGroup("support-cases")
class SupportCaseProjection implements PersonalDataHolder {

    static final String COLLECTION = "support_cases";
    static final String SAFETY_PLANS = "safety_plans";

    private final MongoCollection<Document> cases;
    private final MongoCollection<Document> safetyPlans;
    private final SupervisorNotifications supervisors;
    private final SurvivorDataVault vault;

    SupportCaseProjection(MongoDatabase readModelDatabase, SupervisorNotifications supervisors, SurvivorDataVault vault) {
        this.vault = vault;
        this.cases = readModelDatabase.getCollection(COLLECTION);
        this.safetyPlans = readModelDatabase.getCollection(SAFETY_PLANS);
        this.supervisors = supervisors;
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
                Updates.set(referral + ".directoryServiceId", event.directoryServiceId()),
                Updates.set(referral + ".urgency", event.urgency().name()),
                Updates.set(referral + ".status", ReferralStatus.REQUESTED.name()),
                Updates.set(referral + ".emergencyDisclosure", event.emergencyDisclosure() != null),
                Updates.set(referral + ".reroutedFrom", event.reroutedFrom()),
                Updates.set(referral + ".acknowledgeBy", Date.from(event.acknowledgeBy())),
                Updates.set(referral + ".requestedAt", Date.from(event.requestedAt()))));
    }

    @EventHandler
    void on(OutgoingReferralStatusChangedEvent event, @SequenceNumber long sequence) {
        String referral = "referrals." + event.referralId();
        VersionedDocuments.apply(cases, event.caseId(), sequence, Updates.combine(
                Updates.set(referral + ".status", event.status().name()),
                Updates.set(referral + ".statusReason", event.reason() == null ? null : event.reason().name()),
                event.status() == ReferralStatus.ACCEPTED
                        ? Updates.set(referral + ".acceptedAt", Date.from(event.changedAt()))
                        : Updates.set(referral + ".statusChangedAt", Date.from(event.changedAt()))));
    }

    @EventHandler
    void on(ReferralEscalatedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(cases, event.caseId(), sequence,
                Updates.set("referrals." + event.referralId() + ".escalated", true));
        supervisors.referralEscalated(event);
    }

    @EventHandler
    void on(SafetyPlanRecordedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(cases, event.caseId(), sequence, Updates.set("safetyPlanVersion", event.version()));
        safetyPlans.replaceOne(Filters.eq("_id", event.caseId() + ":" + event.version()), new Document()
                .append("caseId", event.caseId())
                .append("survivorRef", event.survivorRef().value())
                .append("version", event.version())
                .append("summary", vault.sealText(event.survivorRef(), event.summary(), SAFETY_PLANS + ".summary"))
                .append("details", vault.sealText(event.survivorRef(), event.details(), SAFETY_PLANS + ".details"))
                .append("recordedBy", event.recordedBy())
                .append("recordedAt", Date.from(event.recordedAt())), new ReplaceOptions().upsert(true));
    }

    @EventHandler
    void on(SupportCaseClosedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(cases, event.caseId(), sequence, Updates.combine(
                Updates.set("status", "CLOSED"),
                Updates.set("closureReason", event.reason().name()),
                Updates.set("closedAt", Date.from(event.closedAt()))));
    }

    @EventHandler
    void on(SupportCaseReopenedEvent event, @SequenceNumber long sequence) {
        VersionedDocuments.apply(cases, event.caseId(), sequence, Updates.combine(
                Updates.set("status", "OPEN"),
                Updates.unset("closureReason"),
                Updates.unset("closedAt")));
    }

    @Override
    public String heldIn() {
        return SAFETY_PLANS;
    }

    /** Her safety plans go; the case document holds ids and states only and stays. */
    @Override
    public long eraseSurvivor(SurvivorRef survivor) {
        return safetyPlans.deleteMany(Filters.eq("survivorRef", survivor.value())).getDeletedCount();
    }
}
