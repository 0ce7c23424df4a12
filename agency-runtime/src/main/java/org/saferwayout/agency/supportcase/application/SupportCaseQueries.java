package org.saferwayout.agency.supportcase.application;

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

    private static final int CASELOAD_LIMIT = 500;

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
        this.receivedPersonalData = receivedPersonalData;
        this.clock = clock;
    }

    public Optional<SupportCaseView> find(String caseId) {
        return Optional.ofNullable(cases.find(Filters.eq("_id", caseId)).first()).map(doc -> toView(doc, true));
    }

    /** The caseload lists cases and referral states only: no service outcomes. */
    public List<SupportCaseView> caseload() {
        List<SupportCaseView> views = new ArrayList<>();
        cases.find().sort(Sorts.descending("openedAt")).limit(CASELOAD_LIMIT).forEach(d -> views.add(toView(d, false)));
        return views;
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
