package org.saferwayout.agency.consent.application;

import org.saferwayout.agency.testapp.TestVaults;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.testapp.InMemoryMongo;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.SurvivorRef;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saferwayout.agency.consent.application.ConsentFixtures.T0;
import static org.saferwayout.agency.consent.application.ConsentFixtures.everything;
import static org.saferwayout.agency.consent.application.ConsentFixtures.newId;
import static org.saferwayout.agency.consent.application.ConsentFixtures.withdrawn;
import static org.saferwayout.events.ConsentPurpose.EXIT_SUPPORT;
import static org.saferwayout.events.ConsentPurpose.SAFE_HOUSING;
import static org.saferwayout.events.DataCategory.CONTACT;
import static org.saferwayout.events.DataCategory.HEALTH;
import static org.saferwayout.events.DataCategory.IDENTITY;

/**
 * The recipient's store of personal data received with referrals (here: CEASE's) keeps, serves and, once a
 * consent ends, retains only what a consent covers at that moment; checked on the raw MongoDB documents.
 */
class ReceivedPersonalDataTest {

    private static final AgencyId HERE = AgencyId.CEASE;
    private static final Instant FROM = T0;
    private static final Instant UNTIL = T0.plus(Duration.ofDays(90));
    private static final Instant DURING = T0.plus(Duration.ofDays(10));
    private static final Set<String> BOOKKEEPING = Set.of("_id", "survivorRef", "coveringAgency", "purpose");

    private static InMemoryMongo mongo;

    private ConsentRegistry registry;
    private ReceivedPersonalData received;
    private MongoCollection<Document> raw;
    private SurvivorRef survivor;
    private String marker;
    private String referralId;

    @BeforeAll
    static void startMongo() {
        mongo = InMemoryMongo.start();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        registry = new ConsentRegistry(database);
        received = new ReceivedPersonalData(database, registry, new AgencyProperties(HERE), TestVaults.vault(HERE));
        raw = database.getCollection(ReceivedPersonalData.COLLECTION);
        survivor = SurvivorRef.issue();
        marker = UUID.randomUUID().toString().replace("-", "");
        referralId = newId();
    }

    private ConsentGiven give(SurvivorRef who, AgencyId grantee, ConsentPurpose purpose, Set<DataCategory> categories) {
        ConsentGiven given = ConsentFixtures.given(newId(), who, grantee, Set.of(purpose), categories, FROM, UNTIL, T0);
        registry.apply(given);
        return given;
    }

    private ConsentGiven give(Set<DataCategory> categories) {
        return give(survivor, HERE, EXIT_SUPPORT, categories);
    }

    private Document rawDocument(String id) {
        return raw.find(Filters.eq("_id", id)).first();
    }

    /** The personal-data fields a raw document holds, bookkeeping aside. */
    private static Set<String> dataFields(Document doc) {
        Set<String> fields = new java.util.TreeSet<>(doc.keySet());
        fields.removeAll(BOOKKEEPING);
        return fields;
    }

    @Test
    void storingKeepsOnlyTheCoveredCategories() {
        give(Set.of(IDENTITY, HEALTH));

        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);

        Document doc = rawDocument(referralId);
        assertThat(dataFields(doc)).containsExactlyInAnyOrder("name", "dateOfBirth", "health");
        assertThat(doc.toJson()).doesNotContain("CONTACT-" + marker, "PLAN-" + marker, "LEGAL-" + marker);
        assertThat(doc.toJson()).as("what is kept is sealed at rest").doesNotContain(marker);
        assertThat(doc.getString("survivorRef")).isEqualTo(survivor.value());
        assertThat(doc.getString("purpose")).isEqualTo("EXIT_SUPPORT");
        PersonalData readable = received.readable(referralId, DURING);
        assertThat(readable).isEqualTo(new PersonalData("NAME-" + marker, everything(marker).dateOfBirth(), null, null,
                "HEALTH-" + marker, null));
    }

    @Test
    void nothingIsStoredWithoutACoveringConsent() {
        give(survivor, HERE, SAFE_HOUSING, Set.of(IDENTITY));          // another purpose
        give(survivor, AgencyId.REACH, EXIT_SUPPORT, Set.of(IDENTITY)); // another grantee
        give(SurvivorRef.issue(), HERE, EXIT_SUPPORT, Set.of(IDENTITY)); // another survivor

        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);
        received.store(newId(), survivor, EXIT_SUPPORT, null, DURING);

        assertThat(raw.countDocuments()).isZero();
        assertThat(received.readable(referralId, DURING)).isEqualTo(PersonalData.NONE);
    }

    @Test
    void nothingIsStoredOutsideTheConsentsPeriod() {
        give(Set.of(IDENTITY));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), UNTIL);
        received.store(newId(), survivor, EXIT_SUPPORT, everything(marker), FROM.minusMillis(1));
        assertThat(raw.countDocuments()).isZero();
    }

    @Test
    void dataOfAWithdrawnConsentIsNotServedEvenBeforeItIsPurged() {
        ConsentGiven given = give(Set.of(IDENTITY, CONTACT));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);

        registry.apply(withdrawn(given, DURING.plusSeconds(60)));

        assertThat(dataFields(rawDocument(referralId))).as("not purged yet").isNotEmpty();
        assertThat(received.readable(referralId, DURING.plusSeconds(61))).isEqualTo(PersonalData.NONE);
    }

    @Test
    void dataOfAnExpiredConsentIsNotServedEvenBeforeItsExpiryIsRecorded() {
        give(Set.of(IDENTITY));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);

        assertThat(received.readable(referralId, UNTIL.minusMillis(1)).name()).isEqualTo("NAME-" + marker);
        assertThat(received.readable(referralId, UNTIL)).isEqualTo(PersonalData.NONE);
    }

    @Test
    void onlyTheCategoriesStillCoveredAreServed() {
        give(Set.of(IDENTITY));
        ConsentGiven contact = give(Set.of(CONTACT));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);
        registry.apply(withdrawn(contact, DURING.plusSeconds(60)));

        PersonalData readable = received.readable(referralId, DURING.plusSeconds(61));
        assertThat(readable.categories()).containsExactly(IDENTITY);
        assertThat(readable.contact()).isNull();
    }

    @Test
    void purgingDeletesTheFieldsNoConsentCoversAnyMore() {
        give(Set.of(IDENTITY));
        ConsentGiven contact = give(Set.of(CONTACT));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);
        assertThat(dataFields(rawDocument(referralId))).containsExactlyInAnyOrder("name", "dateOfBirth", "contact");

        registry.apply(withdrawn(contact, DURING.plusSeconds(60)));
        received.purgeUncovered(survivor, DURING.plusSeconds(60));

        Document doc = rawDocument(referralId);
        assertThat(dataFields(doc)).containsExactlyInAnyOrder("name", "dateOfBirth");
        assertThat(doc.toJson()).doesNotContain("CONTACT-" + marker);
    }

    @Test
    void purgingDeletesTheWholeDocumentWhenNothingIsCovered() {
        ConsentGiven given = give(Set.of(IDENTITY, CONTACT, HEALTH));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);

        registry.apply(withdrawn(given, DURING.plusSeconds(60)));
        received.purgeUncovered(survivor, DURING.plusSeconds(60));

        assertThat(rawDocument(referralId)).isNull();
        assertThat(raw.countDocuments()).isZero();
        assertThat(received.readable(referralId, DURING.plusSeconds(61))).isEqualTo(PersonalData.NONE);
    }

    @Test
    void purgingDeletesTheDocumentWhenNoneOfItsDataIsCoveredEvenIfOtherCategoriesAre() {
        // Found by ConsentEnforcementProperties: a superseding consent covering other categories left an empty shell.
        ConsentGiven identity = give(Set.of(IDENTITY));
        received.store(referralId, survivor, EXIT_SUPPORT, new PersonalData("NAME-" + marker, null, null, null, null,
                null), DURING);
        registry.apply(ConsentFixtures.superseded(identity, newId(), DURING.plusSeconds(60)));
        give(Set.of(CONTACT, HEALTH));

        received.purgeUncovered(survivor, DURING.plusSeconds(60));

        assertThat(rawDocument(referralId)).isNull();
        assertThat(raw.countDocuments()).isZero();
    }

    @Test
    void purgingAtTheEndOfThePeriodDeletesWithoutAnEndEvent() {
        give(Set.of(IDENTITY));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);

        received.purgeUncovered(survivor, UNTIL.minusMillis(1));
        assertThat(rawDocument(referralId)).as("still covered").isNotNull();

        received.purgeUncovered(survivor, UNTIL);
        assertThat(rawDocument(referralId)).isNull();
    }

    @Test
    void purgingIsIdempotent() {
        give(Set.of(IDENTITY));
        ConsentGiven contact = give(Set.of(CONTACT));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);
        String gone = newId();
        ConsentGiven other = give(survivor, HERE, SAFE_HOUSING, Set.of(HEALTH));
        received.store(gone, survivor, SAFE_HOUSING, everything(marker), DURING);
        registry.apply(withdrawn(contact, DURING.plusSeconds(60)));
        registry.apply(withdrawn(other, DURING.plusSeconds(60)));

        received.purgeUncovered(survivor, DURING.plusSeconds(60));
        Document once = rawDocument(referralId);
        received.purgeUncovered(survivor, DURING.plusSeconds(60));
        received.purgeUncovered(survivor, DURING.plusSeconds(120));

        assertThat(rawDocument(referralId)).isEqualTo(once);
        assertThat(dataFields(once)).containsExactlyInAnyOrder("name", "dateOfBirth");
        assertThat(rawDocument(gone)).isNull();
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void purgingOneSurvivorLeavesAnotherSurvivorsDataAlone() {
        ConsentGiven mine = give(Set.of(IDENTITY));
        SurvivorRef someoneElse = SurvivorRef.issue();
        give(someoneElse, HERE, EXIT_SUPPORT, Set.of(IDENTITY));
        String theirs = newId();
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);
        received.store(theirs, someoneElse, EXIT_SUPPORT, everything(marker), DURING);

        registry.apply(withdrawn(mine, DURING.plusSeconds(60)));
        received.purgeUncovered(survivor, DURING.plusSeconds(60));

        assertThat(rawDocument(referralId)).isNull();
        assertThat(dataFields(rawDocument(theirs))).containsExactlyInAnyOrder("name", "dateOfBirth");
    }

    @Test
    void aConsentForAnotherPurposeDoesNotKeepDataReceivedForThisOne() {
        ConsentGiven exit = give(Set.of(IDENTITY));
        give(survivor, HERE, SAFE_HOUSING, Set.of(IDENTITY));
        received.store(referralId, survivor, EXIT_SUPPORT, everything(marker), DURING);

        registry.apply(withdrawn(exit, DURING.plusSeconds(60)));
        received.purgeUncovered(survivor, DURING.plusSeconds(60));

        assertThat(rawDocument(referralId)).isNull();
    }
}
