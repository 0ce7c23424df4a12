package org.saferwayout.agency.supportcase.application;

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

    SupportCaseQueries(MongoDatabase readModelDatabase) {
        this.cases = readModelDatabase.getCollection(SupportCaseProjection.COLLECTION);
    }

    public Optional<SupportCaseView> find(String caseId) {
        return Optional.ofNullable(cases.find(Filters.eq("_id", caseId)).first()).map(SupportCaseQueries::toView);
    }

    public List<SupportCaseView> caseload() {
        List<SupportCaseView> views = new ArrayList<>();
        cases.find().sort(Sorts.descending("openedAt")).limit(CASELOAD_LIMIT).forEach(d -> views.add(toView(d)));
        return views;
    }

    private static SupportCaseView toView(Document doc) {
        List<SupportCaseView.Referral> referrals = new ArrayList<>();
        Document byId = doc.get("referrals", Document.class);
        if (byId != null) {
            byId.forEach((referralId, value) -> {
                Document referral = (Document) value;
                referrals.add(new SupportCaseView.Referral(referralId, referral.getString("recipientAgency"),
                        referral.getString("service"), referral.getString("urgency"), referral.getString("status"),
                        instant(referral, "requestedAt"), instant(referral, "acceptedAt"),
                        Boolean.TRUE.equals(referral.getBoolean("emergencyDisclosure"))));
            });
        }
        referrals.sort(Comparator.comparing(SupportCaseView.Referral::requestedAt,
                Comparator.nullsLast(Comparator.naturalOrder())));
        return new SupportCaseView(doc.getString("_id"), doc.getString("survivorRef"), doc.getString("status"),
                instant(doc, "openedAt"), referrals);
    }

}
