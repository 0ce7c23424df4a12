package org.saferwayout.agency.referral.application;

import org.saferwayout.agency.readmodel.ReadModelIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexModel;
import org.saferwayout.events.ReferralStatus;
import java.time.Instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import static org.saferwayout.agency.readmodel.DocumentFields.instant;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.consent.application.ReceivedPersonalData;
import org.saferwayout.events.PersonalData;
import org.springframework.stereotype.Component;

import java.time.Clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@code referral_inbox} read model. */
@Component
public class ReferralInboxQueries {

    private final MongoCollection<Document> inbox;
    private final ReceivedPersonalData receivedPersonalData;
    private final ConsentRegistry consents;
    private final Clock clock;

    ReferralInboxQueries(MongoDatabase readModelDatabase, ReceivedPersonalData receivedPersonalData,
                         ConsentRegistry consents, Clock clock) {
        this.consents = consents;
        this.inbox = readModelDatabase.getCollection(ReferralInboxProjection.COLLECTION);
        // the inbox's pages, newest first; its worklist, waiting referrals by deadline
        ReadModelIndexes.ensure(inbox,
                new IndexModel(Indexes.compoundIndex(Indexes.descending("receivedAt"), Indexes.ascending("_id"))),
                new IndexModel(Indexes.ascending("status", "acknowledgeBy", "_id")));
        this.receivedPersonalData = receivedPersonalData;
        this.clock = clock;
    }

    /** One referral with the personal data that a consent covers at this moment, if any. */
    public Optional<InboxEntryView> find(String referralId) {
        return Optional.ofNullable(inbox.find(Filters.eq("_id", referralId)).first())
                .map(doc -> toView(doc, receivedPersonalData.readable(referralId, clock.instant()),
                        consents.emergencyDisclosureFor(referralId)
                                .map(d -> new InboxEntryView.EmergencyFlag(d.recordedBy(), d.categories(), d.validUntil()))
                                .orElse(null)));
    }

    /** A page of the inbox, newest first. */
    public List<InboxEntryView> page(int page, int size) {
        List<InboxEntryView> views = new ArrayList<>();
        inbox.find().sort(Sorts.orderBy(Sorts.descending("receivedAt"), Sorts.ascending("_id")))
                .skip(page * size).limit(size).forEach(doc -> views.add(toView(doc, null, null)));
        return views;
    }

    /**
     * The inbox as a day's worklist, at most {@code size}: every referral still waiting to be acknowledged first,
     * soonest deadline first (so an overdue one never drops off the end behind newer, settled ones), then the
     * rest, newest first.
     */
    public List<InboxEntryView> worklist(int size) {
        List<InboxEntryView> views = new ArrayList<>();
        String waiting = ReferralStatus.REQUESTED.name();
        inbox.find(Filters.eq("status", waiting)).sort(Sorts.orderBy(Sorts.ascending("acknowledgeBy"), Sorts.ascending("_id")))
                .limit(size).forEach(doc -> views.add(toView(doc, null, null)));
        if (views.size() < size) {
            inbox.find(Filters.ne("status", waiting)).sort(Sorts.orderBy(Sorts.descending("receivedAt"), Sorts.ascending("_id")))
                    .limit(size - views.size()).forEach(doc -> views.add(toView(doc, null, null)));
        }
        return views;
    }

    public long count() {
        return inbox.countDocuments();
    }

    /** The list shows no personal data; reading one referral does, as consent allows. */
    private InboxEntryView toView(Document doc, PersonalData personalData, InboxEntryView.EmergencyFlag emergency) {
        Instant acknowledgeBy = instant(doc, "acknowledgeBy");
        String status = doc.getString("status");
        boolean overdue = ReferralStatus.REQUESTED.name().equals(status) && acknowledgeBy != null
                && clock.instant().isAfter(acknowledgeBy);
        List<InboxEntryView.DeliveredService> delivered = new ArrayList<>();
        List<Document> deliveries = doc.getList("servicesDelivered", Document.class);
        if (deliveries != null) {
            deliveries.forEach(d -> delivered.add(new InboxEntryView.DeliveredService(d.getString("deliveryId"),
                    d.getString("service"), d.getString("directoryServiceId"), d.getString("deliveredOn"))));
        }
        return new InboxEntryView(doc.getString("_id"), doc.getString("survivorRef"),
                doc.getString("requestingAgency"), doc.getString("service"), doc.getString("directoryServiceId"),
                doc.getString("urgency"), status, doc.getString("statusReason"), instant(doc, "requestedAt"),
                instant(doc, "receivedAt"), acknowledgeBy, overdue, instant(doc, "acceptedAt"), delivered,
                personalData == null || personalData.isEmpty() ? null : personalData, emergency);
    }

}
