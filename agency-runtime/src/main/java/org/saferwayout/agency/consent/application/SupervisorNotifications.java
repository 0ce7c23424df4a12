package org.saferwayout.agency.consent.application;

import org.saferwayout.agency.readmodel.ReadModelIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexModel;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralEscalatedEvent;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.saferwayout.agency.readmodel.DocumentFields.instant;

/**
 * What this agency's supervisors must see: emergency disclosures received without consent (collection
 * {@code supervisor_notifications}, one per disclosure, ids and categories only).
 */
@Component
public class SupervisorNotifications {

    private static final Logger log = LoggerFactory.getLogger(SupervisorNotifications.class);

    private final MongoCollection<Document> notifications;

    SupervisorNotifications(MongoDatabase readModelDatabase) {
        this.notifications = readModelDatabase.getCollection("supervisor_notifications");
        ReadModelIndexes.ensure(notifications, new IndexModel(Indexes.descending("notifiedAt")));
    }

    public void emergencyDisclosureReceived(EmergencyDisclosureMade disclosure, Instant at) {
        notifications.updateOne(Filters.eq("_id", disclosure.disclosureId()), Updates.combine(
                Updates.set("kind", "EMERGENCY_DISCLOSURE_RECEIVED"),
                Updates.set("referralId", disclosure.referralId()),
                Updates.set("survivorRef", disclosure.survivorRef().value()),
                Updates.set("fromAgency", disclosure.sourceAgency().code()),
                Updates.set("categories", disclosure.categories().stream().map(Enum::name).sorted().toList()),
                Updates.set("validUntil", Date.from(disclosure.validUntil())),
                Updates.set("approvedBy", disclosure.approvedBy()),
                Updates.setOnInsert("notifiedAt", Date.from(at))), new UpdateOptions().upsert(true));
        log.warn("Emergency disclosure {} received from {} for referral {}: supervisors notified",
                disclosure.disclosureId(), disclosure.sourceAgency().code(), disclosure.referralId());
    }

    /** A referral this agency sent was not acknowledged in time. {@code fromAgency}: the agency that did not answer. */
    public void referralEscalated(ReferralEscalatedEvent escalation) {
        notifications.updateOne(Filters.eq("_id", "escalation:" + escalation.referralId()), Updates.combine(
                Updates.set("kind", "REFERRAL_ESCALATED"),
                Updates.set("referralId", escalation.referralId()),
                Updates.set("survivorRef", escalation.survivorRef().value()),
                Updates.set("fromAgency", escalation.recipientAgency().code()),
                Updates.set("categories", List.of()),
                Updates.set("validUntil", Date.from(escalation.expiresAt())),
                Updates.setOnInsert("notifiedAt", Date.from(escalation.acknowledgeBy()))), new UpdateOptions().upsert(true));
        log.warn("Referral {} to {} not acknowledged by its deadline: supervisors notified", escalation.referralId(),
                escalation.recipientAgency().code());
    }

    public List<Notification> recent() {
        List<Notification> recent = new ArrayList<>();
        notifications.find().sort(Sorts.descending("notifiedAt")).limit(200).forEach(doc -> recent.add(new Notification(
                doc.getString("_id"), doc.getString("kind"), doc.getString("referralId"), doc.getString("survivorRef"),
                doc.getString("fromAgency"), doc.getList("categories", String.class), instant(doc, "validUntil"),
                doc.getString("approvedBy"), instant(doc, "notifiedAt"))));
        return recent;
    }

    public record Notification(String id, String kind, String referralId, String survivorRef, String fromAgency,
                               List<String> categories, Instant validUntil, String approvedBy, Instant notifiedAt) {
    }
}
