package org.saferwayout.agency.supportcase.application;

import org.saferwayout.agency.readmodel.ReadModelIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexModel;
import org.saferwayout.agency.keys.SurvivorDataVault;
import org.saferwayout.events.SurvivorRef;
import org.saferwayout.agency.consent.application.ReceivedPersonalData;
import org.saferwayout.events.ReferralStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import static org.saferwayout.agency.readmodel.DocumentFields.instant;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads the {@code support_cases} read model. */
@Component
public class SupportCaseQueries {

    private final MongoCollection<Document> cases;
    private final MongoCollection<Document> safetyPlans;
    private final ReceivedPersonalData receivedPersonalData;
    private final Clock clock;

    private final SurvivorDataVault vault;

    SupportCaseQueries(MongoDatabase readModelDatabase, ReceivedPersonalData receivedPersonalData,
                       SurvivorDataVault vault, Clock clock) {
        this.vault = vault;
        this.cases = readModelDatabase.getCollection(SupportCaseProjection.COLLECTION);
        this.safetyPlans = readModelDatabase.getCollection(SupportCaseProjection.SAFETY_PLANS);
        // The caseload's pages (open cases first, newest first); a survivor's newest case.
        ReadModelIndexes.ensure(cases,
                new IndexModel(Indexes.compoundIndex(Indexes.descending("status", "openedAt"), Indexes.ascending("_id"))),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("survivorRef"), Indexes.descending("openedAt"))));
        // The safety plans of a case, newest version first; her erasure finds hers by survivorRef.
        ReadModelIndexes.ensure(safetyPlans,
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("caseId"), Indexes.descending("version"))),
                new IndexModel(Indexes.ascending("survivorRef")));
        this.receivedPersonalData = receivedPersonalData;
        this.clock = clock;
    }

    public Optional<SupportCaseView> find(String caseId) {
        return Optional.ofNullable(cases.find(Filters.eq("_id", caseId)).first()).map(doc -> toView(doc, true));
    }

    /**
     * A page of the caseload: cases and referral states only, no service outcomes. Open cases come first, newest
     * first, then closed ones, so a page never hides an open case behind newer closed ones.
     */
    public List<SupportCaseView> caseload(int page, int size) {
        List<SupportCaseView> views = new ArrayList<>();
        // "OPEN" sorts after "CLOSED": descending puts open cases first.
        cases.find().sort(Sorts.orderBy(Sorts.descending("status"), Sorts.descending("openedAt"), Sorts.ascending("_id")))
                .skip(page * size).limit(size).forEach(d -> views.add(toView(d, false)));
        return views;
    }

    /** How many cases this agency has, in all. */
    public long count() {
        return cases.countDocuments();
    }

    /** The newest case this agency holds for a survivor, if any (a survivor may have had a case closed). */
    public Optional<String> caseIdFor(SurvivorRef survivor) {
        return Optional.ofNullable(cases.find(Filters.eq("survivorRef", survivor.value()))
                .sort(Sorts.descending("openedAt")).projection(Projections.include("_id")).first())
                .map(doc -> doc.getString("_id"));
    }

    /** One referral sent from one of this agency's cases. */
    public record SentReferral(String caseId, SupportCaseView.Referral referral) {
    }

    /** The first referrals of the outbox's worklist, and how many this agency's cases have sent in all. */
    public record Outbox(List<SentReferral> referrals, int total) {
    }

    /**
     * The referral outbox as a worklist, at most {@code size}: every referral still waiting for the recipient's
     * answer first, soonest deadline first, then the rest, newest first. Every case that ever sent a referral is
     * read, however old, so a referral waiting from an old case is never dropped for newer ones.
     */
    public Outbox outbox(int size) {
        List<SentReferral> sent = new ArrayList<>();
        cases.find(Filters.exists("referrals")).forEach(doc -> {
            SupportCaseView view = toView(doc, false);
            view.referrals().forEach(referral -> sent.add(new SentReferral(view.caseId(), referral)));
        });
        sent.sort(OUTBOX_WORKLIST);
        return new Outbox(List.copyOf(sent.subList(0, Math.min(size, sent.size()))), sent.size());
    }

    private static final Comparator<SentReferral> OUTBOX_WORKLIST = Comparator
            .comparing((SentReferral entry) -> !isWaiting(entry))
            .thenComparing((a, b) -> isWaiting(a)
                    ? Comparator.nullsLast(Comparator.<Instant>naturalOrder())
                    .compare(a.referral().acknowledgeBy(), b.referral().acknowledgeBy())
                    : Comparator.nullsLast(Comparator.<Instant>reverseOrder())
                    .compare(a.referral().requestedAt(), b.referral().requestedAt()))
            .thenComparing(entry -> entry.referral().referralId());

    private static boolean isWaiting(SentReferral entry) {
        return ReferralStatus.REQUESTED.name().equals(entry.referral().status());
    }

    public List<SafetyPlanView> safetyPlans(String caseId) {
        List<SafetyPlanView> versions = new ArrayList<>();
        safetyPlans.find(Filters.eq("caseId", caseId)).sort(Sorts.descending("version")).forEach(doc -> versions.add(
                new SafetyPlanView(doc.getInteger("version"), openText(doc, "summary"), openText(doc, "details"),
                        doc.getString("recordedBy"), instant(doc, "recordedAt"))));
        return versions;
    }

    private String openText(Document safetyPlan, String field) {
        return vault.openText(new SurvivorRef(safetyPlan.getString("survivorRef")), safetyPlan.getString(field),
                SupportCaseProjection.SAFETY_PLANS + "." + field);
    }

    private SupportCaseView toView(Document doc, boolean withServicesDelivered) {
        Instant now = clock.instant();
        Map<String, List<SupportCaseView.DeliveredService>> delivered = new HashMap<>();
        if (withServicesDelivered) {
            for (ReceivedPersonalData.Record record : receivedPersonalData.readableForCase(doc.getString("_id"), now)) {
                Document context = record.context();
                delivered.computeIfAbsent(context.getString("referralId"), id -> new ArrayList<>())
                        .add(new SupportCaseView.DeliveredService(context.getString("providerAgency"),
                                context.getString("service"), context.getString("directoryServiceId"),
                                context.getString("deliveredOn"), record.data()));
            }
        }
        List<SupportCaseView.Referral> referrals = new ArrayList<>();
        Document byId = doc.get("referrals", Document.class);
        if (byId != null) {
            byId.forEach((referralId, value) -> {
                Document referral = (Document) value;
                Instant acknowledgeBy = instant(referral, "acknowledgeBy");
                String status = referral.getString("status");
                boolean overdue = ReferralStatus.REQUESTED.name().equals(status) && acknowledgeBy != null
                        && now.isAfter(acknowledgeBy);
                referrals.add(new SupportCaseView.Referral(referralId, referral.getString("recipientAgency"),
                        referral.getString("service"), referral.getString("directoryServiceId"),
                        referral.getString("urgency"), status, referral.getString("statusReason"),
                        instant(referral, "requestedAt"), acknowledgeBy, overdue,
                        Boolean.TRUE.equals(referral.getBoolean("escalated")), instant(referral, "acceptedAt"),
                        instant(referral, "statusChangedAt"),
                        referral.getString("reroutedFrom"),
                        Boolean.TRUE.equals(referral.getBoolean("emergencyDisclosure")),
                        delivered.getOrDefault(referralId, List.of())));
            });
        }
        referrals.sort(Comparator.comparing(SupportCaseView.Referral::requestedAt,
                Comparator.nullsLast(Comparator.naturalOrder())));
        Integer safetyPlanVersion = doc.getInteger("safetyPlanVersion");
        return new SupportCaseView(doc.getString("_id"), doc.getString("survivorRef"), doc.getString("status"),
                instant(doc, "openedAt"), doc.getString("closureReason"), instant(doc, "closedAt"),
                safetyPlanVersion == null ? 0 : safetyPlanVersion, referrals);
    }
}
