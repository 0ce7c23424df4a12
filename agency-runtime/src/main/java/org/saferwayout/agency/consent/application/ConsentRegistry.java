package org.saferwayout.agency.consent.application;

import org.saferwayout.agency.readmodel.ReadModelIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentEvent;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.SurvivorRef;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one consent check of this agency: every consent of the network (they carry no personal data),
 * kept in collection {@code consents} from the exchange and, for consents this agency records, from its
 * own events before they are published. Updates are idempotent and order-independent: a consent's end
 * (withdrawn, expired, superseded) is final and a late "given" never revives it.
 */
@Component
public class ConsentRegistry {

    static final String COLLECTION = "consents";
    /** Kind of a registry entry that is an emergency disclosure rather than a consent. */
    public static final String EMERGENCY = "EMERGENCY_DISCLOSURE";

    private final MongoCollection<Document> consents;

    ConsentRegistry(MongoDatabase readModelDatabase) {
        this.consents = readModelDatabase.getCollection(COLLECTION);
        ReadModelIndexes.ensure(consents,
                // coverage (every share checks it) and a survivor's consents, newest first
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("survivorRef", "granteeAgency", "state"),
                        Indexes.descending("recordedAt"))),
                // the emergency disclosure of a referral; ended disclosures to purge
                new IndexModel(Indexes.ascending("kind", "referralId")),
                new IndexModel(Indexes.ascending("kind", "granteeAgency", "validUntil")),
                // the expiry sweep
                new IndexModel(Indexes.ascending("recordingAgency", "state", "validUntil")));
    }

    public void apply(ConsentEvent event) {
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        Bson id = Filters.eq("_id", event.consentId());
        if (event instanceof ConsentGiven given) {
            consents.updateOne(id, Updates.combine(
                    Updates.set("survivorRef", given.survivorRef().value()),
                    Updates.set("recordingAgency", given.sourceAgency().code()),
                    Updates.set("granteeAgency", given.recipientAgency().code()),
                    Updates.set("purposes", given.purposes().stream().map(Enum::name).sorted().toList()),
                    Updates.set("categories", given.categories().stream().map(Enum::name).sorted().toList()),
                    Updates.set("validFrom", startOf(given.validFrom())),
                    Updates.set("validUntil", Date.from(given.validUntil())),
                    Updates.set("method", given.method().name()),
                    Updates.set("language", given.language()),
                    Updates.set("recordedBy", given.recordedBy()),
                    Updates.set("supersedes", given.supersedes()),
                    Updates.set("recordedAt", Date.from(given.recordedAt())),
                    Updates.setOnInsert("state", ConsentState.GIVEN.name())), upsert);
        } else if (event instanceof EmergencyDisclosureMade disclosure) {
            consents.updateOne(id, Updates.combine(
                    Updates.set("kind", EMERGENCY),
                    Updates.set("referralId", disclosure.referralId()),
                    Updates.set("survivorRef", disclosure.survivorRef().value()),
                    Updates.set("recordingAgency", disclosure.sourceAgency().code()),
                    Updates.set("granteeAgency", disclosure.recipientAgency().code()),
                    Updates.set("purposes", List.of(disclosure.purpose().name())),
                    Updates.set("categories", disclosure.categories().stream().map(Enum::name).sorted().toList()),
                    Updates.set("validFrom", Date.from(disclosure.validFrom())),
                    Updates.set("validUntil", Date.from(disclosure.validUntil())),
                    Updates.set("recordedBy", disclosure.approvedBy()),
                    Updates.set("recordedAt", Date.from(disclosure.validFrom())),
                    Updates.setOnInsert("state", ConsentState.GIVEN.name())), upsert);
        } else if (event instanceof ConsentWithdrawn withdrawn) {
            end(id, withdrawn, ConsentState.WITHDRAWN, withdrawn.withdrawnAt());
        } else if (event instanceof ConsentExpired expired) {
            end(id, expired, ConsentState.EXPIRED, expired.expiredAt());
        } else if (event instanceof ConsentSuperseded superseded) {
            end(id, superseded, ConsentState.SUPERSEDED, superseded.supersededAt());
        }
    }

    /**
     * MongoDB keeps dates to the millisecond and truncates: a start inside a millisecond is rounded up, so that
     * the stored period never begins before the real one (an end truncated is already on the safe side).
     */
    private static Date startOf(Instant validFrom) {
        Instant millis = validFrom.truncatedTo(ChronoUnit.MILLIS);
        return Date.from(millis.equals(validFrom) ? millis : millis.plusMillis(1));
    }

    private void end(Bson id, ConsentEvent event, ConsentState state, Instant at) {
        consents.updateOne(id, Updates.combine(
                Updates.set("state", state.name()),
                Updates.set("endedAt", Date.from(at)),
                Updates.set("survivorRef", event.survivorRef().value()),
                Updates.set("recordingAgency", event.sourceAgency().code()),
                Updates.set("granteeAgency", event.recipientAgency().code())), new UpdateOptions().upsert(true));
    }

    /**
     * What the survivor's given, in-period consents let the grantee receive for the purpose at that moment.
     */
    public Coverage coverage(SurvivorRef survivor, AgencyId grantee, ConsentPurpose purpose, Instant at) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        String consentId = null;
        boolean emergency = false;
        Date moment = Date.from(at);
        for (Document consent : consents.find(Filters.and(
                        Filters.eq("survivorRef", survivor.value()),
                        Filters.eq("granteeAgency", grantee.code()),
                        Filters.eq("state", ConsentState.GIVEN.name()),
                        Filters.eq("purposes", purpose.name()),
                        Filters.lte("validFrom", moment),
                        Filters.gt("validUntil", moment)))
                .sort(Sorts.descending("recordedAt"))) {
            if (consentId == null) {
                consentId = consent.getString("_id");
            }
            emergency |= EMERGENCY.equals(consent.getString("kind"));
            consent.getList("categories", String.class).forEach(category -> categories.add(DataCategory.valueOf(category)));
        }
        return new Coverage(consentId, categories, emergency);
    }

    /** The emergency disclosure that released a referral's data, if any: every view flags it. */
    public Optional<ConsentView> emergencyDisclosureFor(String referralId) {
        return Optional.ofNullable(consents.find(Filters.and(Filters.eq("kind", EMERGENCY),
                Filters.eq("referralId", referralId))).first()).map(ConsentView::of);
    }

    /** Emergency disclosures to the agency whose time is up and whose data is not yet purged. */
    public List<ConsentView> endedEmergencyDisclosuresTo(AgencyId grantee, Instant now) {
        return consents.find(Filters.and(Filters.eq("kind", EMERGENCY), Filters.eq("granteeAgency", grantee.code()),
                        Filters.lte("validUntil", Date.from(now)), Filters.ne("purged", true)))
                .map(ConsentView::of).into(new java.util.ArrayList<>());
    }

    public void markPurged(String consentId) {
        consents.updateOne(Filters.eq("_id", consentId), Updates.set("purged", true));
    }

    public Optional<ConsentView> find(String consentId) {
        return Optional.ofNullable(consents.find(Filters.eq("_id", consentId)).first()).map(ConsentView::of);
    }

    /** A consent the agency recorded or was granted; others' consents are none of its business. */
    public Optional<ConsentView> findVisibleTo(AgencyId agency, String consentId) {
        return find(consentId).filter(consent -> agency.code().equals(consent.recordingAgency())
                || agency.code().equals(consent.granteeAgency()));
    }

    public List<ConsentView> ofSurvivor(SurvivorRef survivor) {
        return consents.find(Filters.eq("survivorRef", survivor.value())).sort(Sorts.descending("recordedAt"))
                .map(ConsentView::of).into(new java.util.ArrayList<>());
    }

    /** Given consents recorded by the agency whose period is over: the expiry sweep ends them. */
    public List<String> overdueFor(AgencyId recordingAgency, Instant now) {
        return consents.find(Filters.and(
                        Filters.eq("recordingAgency", recordingAgency.code()),
                        Filters.eq("state", ConsentState.GIVEN.name()),
                        Filters.lte("validUntil", Date.from(now))))
                .map(consent -> consent.getString("_id")).into(new java.util.ArrayList<>());
    }

    /**
     * @param consentId the newest consent (or emergency disclosure) among those covering, null when none does
     * @param emergency whether an emergency disclosure is among them
     */
    public record Coverage(String consentId, Set<DataCategory> categories, boolean emergency) {
        public boolean coversNothing() {
            return categories.isEmpty();
        }
    }

    public enum ConsentState { GIVEN, WITHDRAWN, EXPIRED, SUPERSEDED }
}
