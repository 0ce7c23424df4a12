package org.saferwayout.agency.consent.application;

import org.saferwayout.agency.readmodel.ReadModelIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexModel;
import org.saferwayout.agency.domain.PersonalDataHolder;
import org.saferwayout.agency.keys.SurvivorDataVault;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.SurvivorRef;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Personal data this agency received with referrals (collection {@code received_personal_data}), kept apart
 * from the event-sourced inbox so that it can be purged. It is kept, and served, only for the categories a
 * consent covers at that moment: {@link #store} drops what is not covered, {@link #readable} hides what is
 * no longer covered, and {@link #purgeUncovered} deletes it when a consent ends.
 */
@Component
public class ReceivedPersonalData implements PersonalDataHolder {

    static final String COLLECTION = "received_personal_data";

    /** Where each category's fields are stored in a document. */
    private static final Map<DataCategory, List<String>> FIELDS = Map.of(
            DataCategory.IDENTITY, List.of("name", "dateOfBirth"),
            DataCategory.CONTACT, List.of("contact"),
            DataCategory.SAFETY_PLAN, List.of("safetyPlanSummary"),
            DataCategory.HEALTH, List.of("health"),
            DataCategory.LEGAL, List.of("legal"),
            DataCategory.SERVICE_OUTCOME, List.of("serviceOutcome"));

    private final MongoCollection<Document> received;
    private final ConsentRegistry consents;
    private final AgencyId thisAgency;

    private final SurvivorDataVault vault;

    ReceivedPersonalData(MongoDatabase readModelDatabase, ConsentRegistry consents, AgencyProperties agency,
                         SurvivorDataVault vault) {
        this.vault = vault;
        this.received = readModelDatabase.getCollection(COLLECTION);
        // What a case received, in order; what a survivor's withdrawal or erasure must find.
        ReadModelIndexes.ensure(received, new IndexModel(Indexes.ascending("caseId", "_id")),
                new IndexModel(Indexes.ascending("survivorRef")));
        this.consents = consents;
        this.thisAgency = agency.id();
    }

    /** Data that came with a referral to this agency, under a consent for this agency. */
    public void store(String referralId, SurvivorRef survivor, ConsentPurpose purpose, PersonalData data, Instant at) {
        store(referralId, survivor, thisAgency, purpose, data, Map.of(), at);
    }

    /**
     * @param recordId       one document per record (a referral, a service delivery)
     * @param coveringAgency the grantee of the consent that must cover it: this agency for what it received
     *                       as a recipient; the provider for service outcomes it sent back to this agency
     * @param context        non-personal fields kept with it and purged with it (ids, dates, service kinds)
     */
    public void store(String recordId, SurvivorRef survivor, AgencyId coveringAgency, ConsentPurpose purpose,
                      PersonalData data, Map<String, Object> context, Instant at) {
        if (data == null) {
            return;
        }
        PersonalData covered = data.restrictedTo(consents.coverage(survivor, coveringAgency, purpose, at).categories());
        if (covered.isEmpty()) {
            return;
        }
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("survivorRef", survivor.value()),
                Updates.set("coveringAgency", coveringAgency.code()), Updates.set("purpose", purpose.name())));
        context.forEach((field, value) -> updates.add(Updates.set(field, value)));
        // Sealed under her key at rest: after an erasure, what the database has not yet overwritten stays unreadable.
        setIfPresent(updates, survivor, "name", covered.name());
        setIfPresent(updates, survivor, "dateOfBirth", covered.dateOfBirth() == null ? null : covered.dateOfBirth().toString());
        setIfPresent(updates, survivor, "contact", covered.contact());
        setIfPresent(updates, survivor, "safetyPlanSummary", covered.safetyPlanSummary());
        setIfPresent(updates, survivor, "health", covered.health());
        setIfPresent(updates, survivor, "legal", covered.legal());
        setIfPresent(updates, survivor, "serviceOutcome", covered.serviceOutcome());
        received.updateOne(Filters.eq("_id", recordId), Updates.combine(updates), new UpdateOptions().upsert(true));
    }

    /** The referral's personal data that a consent covers right now; {@link PersonalData#NONE} otherwise. */
    public PersonalData readable(String referralId, Instant at) {
        Document doc = received.find(Filters.eq("_id", referralId)).first();
        return doc == null ? PersonalData.NONE : readable(doc, at);
    }

    /** Every record of a case (service outcomes sent back), with what a consent covers right now. */
    public List<Record> readableForCase(String caseId, Instant at) {
        List<Record> records = new ArrayList<>();
        received.find(Filters.eq("caseId", caseId)).sort(com.mongodb.client.model.Sorts.ascending("_id"))
                .forEach(doc -> {
                    PersonalData data = readable(doc, at);
                    if (!data.isEmpty()) {
                        records.add(new Record(doc.getString("_id"), doc, data));
                    }
                });
        return records;
    }

    /** A stored record: its non-personal context fields and its personal data as covered now. */
    public record Record(String id, Document context, PersonalData data) {
    }

    private PersonalData readable(Document doc, Instant at) {
        Set<DataCategory> covered = consents.coverage(new SurvivorRef(doc.getString("survivorRef")),
                coveringAgency(doc), ConsentPurpose.valueOf(doc.getString("purpose")), at).categories();
        return toPersonalData(doc).restrictedTo(covered);
    }

    private AgencyId coveringAgency(Document doc) {
        String code = doc.getString("coveringAgency");
        return code == null ? thisAgency : AgencyId.fromCode(code);
    }

    /** Deletes every field of the survivor's data that no consent covers any more. Idempotent. */
    public void purgeUncovered(SurvivorRef survivor, Instant at) {
        for (Document doc : received.find(Filters.eq("survivorRef", survivor.value())).into(new ArrayList<>())) {
            Set<DataCategory> covered = consents.coverage(survivor, coveringAgency(doc),
                    ConsentPurpose.valueOf(doc.getString("purpose")), at).categories();
            List<Bson> unsets = new ArrayList<>();
            boolean anythingLeft = false;
            for (Map.Entry<DataCategory, List<String>> category : FIELDS.entrySet()) {
                if (!covered.contains(category.getKey())) {
                    category.getValue().forEach(field -> unsets.add(Updates.unset(field)));
                } else if (category.getValue().stream().anyMatch(doc::containsKey)) {
                    anythingLeft = true;
                }
            }
            Bson id = Filters.eq("_id", doc.getString("_id"));
            if (!anythingLeft) {
                // Nothing it holds is covered any more (even if a consent covers other categories): no shell is kept.
                received.deleteOne(id);
            } else if (!unsets.isEmpty()) {
                received.updateOne(id, Updates.combine(unsets));
            }
        }
    }

    @Override
    public String heldIn() {
        return COLLECTION;
    }

    /** Deletes everything this agency received about the survivor, covered or not (an erasure request). */
    @Override
    public long eraseSurvivor(SurvivorRef survivor) {
        return received.deleteMany(Filters.eq("survivorRef", survivor.value())).getDeletedCount();
    }

    private void setIfPresent(List<Bson> updates, SurvivorRef survivor, String field, String value) {
        if (value != null) {
            updates.add(Updates.set(field, vault.sealText(survivor, value, COLLECTION + "." + field)));
        }
    }

    private PersonalData toPersonalData(Document doc) {
        SurvivorRef survivor = new SurvivorRef(doc.getString("survivorRef"));
        String dateOfBirth = open(doc, survivor, "dateOfBirth");
        return new PersonalData(open(doc, survivor, "name"),
                dateOfBirth == null || SurvivorDataVault.ERASED_TEXT.equals(dateOfBirth) ? null : LocalDate.parse(dateOfBirth),
                open(doc, survivor, "contact"), open(doc, survivor, "safetyPlanSummary"), open(doc, survivor, "health"),
                open(doc, survivor, "legal"), open(doc, survivor, "serviceOutcome"));
    }

    private String open(Document doc, SurvivorRef survivor, String field) {
        return vault.openText(survivor, doc.getString(field), COLLECTION + "." + field);
    }
}
