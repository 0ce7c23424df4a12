package org.saferwayout.agency.consent.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.consent.application.ConsentGate.SharingDecision;
import org.saferwayout.agency.testapp.InMemoryMongo;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.SurvivorRef;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saferwayout.agency.consent.application.ConsentFixtures.T0;
import static org.saferwayout.agency.consent.application.ConsentFixtures.everything;
import static org.saferwayout.agency.consent.application.ConsentFixtures.expired;
import static org.saferwayout.agency.consent.application.ConsentFixtures.newId;
import static org.saferwayout.agency.consent.application.ConsentFixtures.superseded;
import static org.saferwayout.agency.consent.application.ConsentFixtures.withdrawn;
import static org.saferwayout.events.ConsentPurpose.EXIT_SUPPORT;
import static org.saferwayout.events.ConsentPurpose.SAFE_HOUSING;
import static org.saferwayout.events.DataCategory.CONTACT;
import static org.saferwayout.events.DataCategory.HEALTH;
import static org.saferwayout.events.DataCategory.IDENTITY;
import static org.saferwayout.events.DataCategory.LEGAL;
import static org.saferwayout.events.DataCategory.SAFETY_PLAN;

/**
 * The consent gate over the registry (embedded in-memory MongoDB): exactly the categories that a given,
 * in-period consent for that recipient, survivor and purpose covers leave; the rest is withheld, and the
 * decision says why without repeating the withheld data.
 */
class ConsentGateTest {

    private static final Instant FROM = T0;
    private static final Instant UNTIL = T0.plus(Duration.ofDays(90));
    private static final Instant DURING = T0.plus(Duration.ofDays(10));
    /** Every category a {@link PersonalData} can carry. */
    private static final Set<DataCategory> ALL_DATA = EnumSet.of(IDENTITY, CONTACT, SAFETY_PLAN, HEALTH, LEGAL);

    private static InMemoryMongo mongo;
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private MongoDatabase database;
    private ConsentRegistry registry;
    private ConsentGate gate;
    private SurvivorRef survivor;
    private String marker;

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
        database = mongo.freshDatabase();
        registry = new ConsentRegistry(database);
        gate = new ConsentGate(registry, recipient -> true);
        survivor = SurvivorRef.issue();
        marker = UUID.randomUUID().toString().replace("-", "");
    }

    private ConsentGiven give(Set<ConsentPurpose> purposes, Set<DataCategory> categories) {
        ConsentGiven given = ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, purposes, categories, FROM, UNTIL, T0);
        registry.apply(given);
        return given;
    }

    private SharingDecision decide(AgencyId recipient, ConsentPurpose purpose, Instant at) {
        return gate.decide(survivor, recipient, purpose, everything(marker), at);
    }

    private SharingDecision decide(Instant at) {
        return decide(AgencyId.CEASE, EXIT_SUPPORT, at);
    }

    private void assertEverythingWithheld(SharingDecision decision) {
        assertThat(decision.released().isEmpty()).as("released data is empty").isTrue();
        assertThat(decision.released()).isEqualTo(PersonalData.NONE);
        assertThat(decision.releasedCategories()).isEmpty();
        assertThat(decision.withheldCategories()).isEqualTo(ALL_DATA);
        assertThat(decision.reason()).isEqualTo(ConsentGate.NO_CONSENT);
        assertThat(decision.consentId()).isNull();
    }

    @Nested
    class WithoutACoveringConsent {

        @Test
        void noConsentWithholdsEverythingForWantOfConsent() {
            assertEverythingWithheld(decide(DURING));
        }

        @Test
        void aConsentForAnotherPurposeWithholdsEverything() {
            give(Set.of(SAFE_HOUSING), ALL_DATA);
            assertEverythingWithheld(decide(DURING));
        }

        @Test
        void aConsentForAnotherGranteeWithholdsEverything() {
            give(Set.of(EXIT_SUPPORT), ALL_DATA);
            assertEverythingWithheld(decide(AgencyId.CATHOLIC_SOCIAL_SERVICES, EXIT_SUPPORT, DURING));
        }

        @Test
        void aConsentOfAnotherSurvivorWithholdsEverything() {
            give(Set.of(EXIT_SUPPORT), ALL_DATA);
            assertEverythingWithheld(gate.decide(SurvivorRef.issue(), AgencyId.CEASE, EXIT_SUPPORT,
                    everything(marker), DURING));
        }

        @Test
        void nothingOfferedIsNothingWithheld() {
            SharingDecision decision = gate.decide(survivor, AgencyId.CEASE, EXIT_SUPPORT, null, DURING);
            assertThat(decision.released().isEmpty()).isTrue();
            assertThat(decision.withheldCategories()).isEmpty();
            assertThat(decision.reason()).isEqualTo(ConsentGate.NOTHING_WITHHELD);
            assertThat(decision.consentId()).isNull();
        }
    }

    @Nested
    class Coverage {

        @Test
        void aConsentCoveringIdentityReleasesNameAndBirthDateAndWithholdsTheRest() {
            ConsentGiven identity = give(Set.of(EXIT_SUPPORT), Set.of(IDENTITY));

            SharingDecision decision = decide(DURING);

            assertThat(decision.released().name()).isEqualTo("NAME-" + marker);
            assertThat(decision.released().dateOfBirth()).isEqualTo(everything(marker).dateOfBirth());
            assertThat(decision.released().contact()).isNull();
            assertThat(decision.released().safetyPlanSummary()).isNull();
            assertThat(decision.released().health()).isNull();
            assertThat(decision.released().legal()).isNull();
            assertThat(decision.releasedCategories()).containsExactly(IDENTITY);
            assertThat(decision.withheldCategories()).containsExactlyInAnyOrder(CONTACT, SAFETY_PLAN, HEALTH, LEGAL);
            assertThat(decision.reason()).isEqualTo(ConsentGate.NOT_COVERED);
            assertThat(decision.consentId()).isEqualTo(identity.consentId());
        }

        @Test
        void coveredDataIsWithheldWhileTheRecipientHasNoKeyToSealItFor() {
            give(Set.of(EXIT_SUPPORT, SAFE_HOUSING), EnumSet.allOf(DataCategory.class));
            ConsentGate keyless = new ConsentGate(registry, recipient -> recipient != AgencyId.CEASE);

            SharingDecision decision = keyless.decide(survivor, AgencyId.CEASE, EXIT_SUPPORT, everything(marker), DURING);

            assertThat(decision.released()).isEqualTo(PersonalData.NONE);
            assertThat(decision.releasedCategories()).isEmpty();
            assertThat(decision.withheldCategories()).isEqualTo(ALL_DATA);
            assertThat(decision.reason()).isEqualTo(ConsentGate.RECIPIENT_KEY_UNAVAILABLE);
            assertThat(decision.consentId()).isNull();
            // Nothing offered: nothing to seal, nothing withheld.
            assertThat(keyless.decide(survivor, AgencyId.CEASE, EXIT_SUPPORT, PersonalData.NONE, DURING).reason())
                    .isEqualTo(ConsentGate.NOTHING_WITHHELD);
        }

        @Test
        void aConsentCoveringEverythingOfferedWithholdsNothing() {
            ConsentGiven all = give(Set.of(EXIT_SUPPORT, SAFE_HOUSING), EnumSet.allOf(DataCategory.class));

            SharingDecision decision = decide(DURING);

            assertThat(decision.released()).isEqualTo(everything(marker));
            assertThat(decision.withheldCategories()).isEmpty();
            assertThat(decision.reason()).isEqualTo(ConsentGate.NOTHING_WITHHELD);
            assertThat(decision.consentId()).isEqualTo(all.consentId());
        }

        @Test
        void twoConsentsReleaseTheUnionOfTheirCategoriesNamingTheNewest() {
            registry.apply(ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(IDENTITY), FROM, UNTIL, T0));
            ConsentGiven newer = ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(HEALTH), FROM, UNTIL, T0.plusSeconds(60));
            registry.apply(newer);

            SharingDecision decision = decide(DURING);

            assertThat(decision.releasedCategories()).containsExactlyInAnyOrder(IDENTITY, HEALTH);
            assertThat(decision.released().name()).isNotNull();
            assertThat(decision.released().health()).isNotNull();
            assertThat(decision.released().contact()).isNull();
            assertThat(decision.withheldCategories()).containsExactlyInAnyOrder(CONTACT, SAFETY_PLAN, LEGAL);
            assertThat(decision.consentId()).isEqualTo(newer.consentId());
        }

        @Test
        void theDecisionCarriesNoValueOfAWithheldCategory() throws Exception {
            give(Set.of(EXIT_SUPPORT), Set.of(IDENTITY, HEALTH));

            SharingDecision decision = decide(DURING);
            String serialized = JSON.writeValueAsString(decision) + decision;

            assertThat(serialized).contains("NAME-" + marker, "HEALTH-" + marker);
            assertThat(serialized).doesNotContain("CONTACT-" + marker, "PLAN-" + marker, "LEGAL-" + marker);
            assertThat(decision.released().categories()).isEqualTo(decision.releasedCategories());
        }
    }

    @Nested
    class Period {

        @Test
        void beforeThePeriodStartsEverythingIsWithheld() {
            give(Set.of(EXIT_SUPPORT), Set.of(IDENTITY));
            assertEverythingWithheld(decide(FROM.minusMillis(1)));
            assertEverythingWithheld(decide(FROM.minusNanos(1)));
        }

        @Test
        void fromTheFirstInstantOfThePeriodTheCoveredDataIsReleased() {
            give(Set.of(EXIT_SUPPORT), Set.of(IDENTITY));
            assertThat(decide(FROM).releasedCategories()).containsExactly(IDENTITY);
        }

        @Test
        void untilTheLastInstantOfThePeriodTheCoveredDataIsReleased() {
            give(Set.of(EXIT_SUPPORT), Set.of(IDENTITY));
            assertThat(decide(UNTIL.minusMillis(1)).releasedCategories()).containsExactly(IDENTITY);
        }

        @Test
        void atTheEndOfThePeriodEverythingIsWithheld() {
            give(Set.of(EXIT_SUPPORT), Set.of(IDENTITY));
            assertEverythingWithheld(decide(UNTIL));
            assertEverythingWithheld(decide(UNTIL.plus(Duration.ofDays(1))));
        }

        @Test
        void aPeriodStartingWithinAMillisecondIsNotInForceBeforeItStarts() {
            // The registry keeps instants to the millisecond; a start inside a millisecond must not be moved earlier.
            Instant start = FROM.plusNanos(500_000);
            registry.apply(ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(IDENTITY), start, UNTIL, T0));
            assertEverythingWithheld(decide(FROM.plusNanos(100_000)));
            assertThat(decide(FROM.plusMillis(1)).releasedCategories()).containsExactly(IDENTITY);
        }

        @Test
        void aPeriodEndingWithinAMillisecondIsNotInForceAfterItEnds() {
            Instant end = UNTIL.plusNanos(500_000);
            registry.apply(ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(IDENTITY), FROM, end, T0));
            assertEverythingWithheld(decide(end));
            assertEverythingWithheld(decide(UNTIL.plusNanos(900_000)));
        }
    }

    @Nested
    class EndedConsents {

        @Test
        void aWithdrawnConsentReleasesNothing() {
            ConsentGiven given = give(Set.of(EXIT_SUPPORT), ALL_DATA);
            registry.apply(withdrawn(given, DURING.minusSeconds(1)));
            assertEverythingWithheld(decide(DURING));
        }

        @Test
        void anExpiredConsentReleasesNothing() {
            // Expired early by the registry's record, whatever its period says.
            ConsentGiven given = give(Set.of(EXIT_SUPPORT), ALL_DATA);
            registry.apply(expired(given));
            assertEverythingWithheld(decide(DURING));
        }

        @Test
        void aSupersededConsentReleasesNothing() {
            ConsentGiven given = give(Set.of(EXIT_SUPPORT), ALL_DATA);
            registry.apply(superseded(given, newId(), DURING.minusSeconds(1)));
            assertEverythingWithheld(decide(DURING));
        }

        @Test
        void aWithdrawnConsentNoLongerAddsToAnotherConsentsCoverage() {
            give(Set.of(EXIT_SUPPORT), Set.of(IDENTITY));
            ConsentGiven contact = give(Set.of(EXIT_SUPPORT), Set.of(CONTACT));
            registry.apply(withdrawn(contact, DURING.minusSeconds(1)));
            assertThat(decide(DURING).releasedCategories()).containsExactly(IDENTITY);
        }
    }

    @Nested
    class RegistryUpdates {

        private List<Document> stored() {
            return database.getCollection(ConsentRegistry.COLLECTION).find().into(new java.util.ArrayList<>());
        }

        @Test
        void applyingTheSameEventsTwiceLeavesOneConsentInTheSameState() {
            ConsentGiven given = ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(IDENTITY), FROM, UNTIL, T0);
            registry.apply(given);
            registry.apply(given);
            assertThat(stored()).hasSize(1);
            assertThat(registry.find(given.consentId()).orElseThrow().state()).isEqualTo("GIVEN");

            registry.apply(withdrawn(given, DURING));
            List<Document> once = stored();
            registry.apply(withdrawn(given, DURING));
            assertThat(stored()).isEqualTo(once).hasSize(1);
            assertThat(registry.find(given.consentId()).orElseThrow().state()).isEqualTo("WITHDRAWN");
        }

        @Test
        void aWithdrawalAppliedBeforeTheConsentLeavesItWithdrawn() {
            ConsentGiven given = ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(IDENTITY), FROM, UNTIL, T0);
            registry.apply(withdrawn(given, DURING));
            registry.apply(given);

            ConsentView view = registry.find(given.consentId()).orElseThrow();
            assertThat(view.state()).isEqualTo("WITHDRAWN");
            assertThat(view.categories()).containsExactly("IDENTITY");
            assertThat(view.purposes()).containsExactly("EXIT_SUPPORT");
            assertThat(view.validUntil()).isEqualTo(UNTIL);
            assertThat(stored()).hasSize(1);
            assertEverythingWithheld(decide(DURING));
        }

        @Test
        void aLateRedeliveryOfTheConsentDoesNotReviveItAfterItsEnd() {
            ConsentGiven given = ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(IDENTITY), FROM, UNTIL, T0);
            registry.apply(given);
            registry.apply(superseded(given, newId(), DURING));
            registry.apply(given);

            assertThat(registry.find(given.consentId()).orElseThrow().state()).isEqualTo("SUPERSEDED");
            assertEverythingWithheld(decide(DURING));
        }

        @Test
        void anExpiryAppliedBeforeTheConsentLeavesItExpired() {
            ConsentGiven given = ConsentFixtures.given(newId(), survivor, AgencyId.CEASE, Set.of(EXIT_SUPPORT),
                    Set.of(IDENTITY), FROM, UNTIL, T0);
            registry.apply(expired(given));
            registry.apply(given);

            assertThat(registry.find(given.consentId()).orElseThrow().state()).isEqualTo("EXPIRED");
            assertEverythingWithheld(decide(DURING));
        }
    }
}
