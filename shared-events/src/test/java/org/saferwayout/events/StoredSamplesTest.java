package org.saferwayout.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange keeps every event ever published, stored as JSON under its Java class name (AXON-NOTES,
 * trap 7): samples stored at each revision must keep deserialising, and today's shape must still write them.
 */
class StoredSamplesTest {

    private static final ObjectMapper STORED_JSON = JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void referralRequestedRevisionOneStillReads() throws Exception {
        ReferralRequested event = read("ReferralRequested-1.json", ReferralRequested.class);
        assertThat(event.eventId()).isEqualTo(UUID.fromString("6f1c3b1e-8d2a-3c4f-9b5e-0a1b2c3d4e5f"));
        assertThat(event.survivorRef()).isEqualTo(new SurvivorRef("SR-0123456789ABCDEFGHJKMNPQRS"));
        assertThat(event.sourceAgency()).isEqualTo(AgencyId.ALERT);
        assertThat(event.recipientAgency()).isEqualTo(AgencyId.CEASE);
        assertThat(event.service()).isEqualTo(SupportService.EXIT_SUPPORT);
        assertThat(event.urgency()).isEqualTo(ReferralUrgency.URGENT);
        assertThat(event.requestedAt()).isEqualTo(Instant.parse("2026-11-28T00:44:33.319Z"));
        assertThat(event.personalData()).isNull();
    }

    @Test
    void referralRequestedRevisionTwoCarriesOnlyTheReleasedPersonalData() throws Exception {
        ReferralRequested event = read("ReferralRequested-2.json", ReferralRequested.class);
        assertThat(event.personalData().categories()).containsExactlyInAnyOrder(DataCategory.IDENTITY, DataCategory.CONTACT);
        assertThat(event.personalData().toString()).doesNotContain("Example").doesNotContain("555");
        assertThat(event.directoryServiceId()).isNull();
    }

    @Test
    void referralRequestedRevisionThreeNamesTheDirectoryService() throws Exception {
        ReferralRequested event = read("ReferralRequested-3.json", ReferralRequested.class);
        assertThat(ReferralRequested.class.getAnnotation(org.axonframework.serialization.Revision.class).value()).isEqualTo("3");
        assertThat(event.directoryServiceId()).isEqualTo("cease-exit-support");
        assertRewritesToTheSameJson("ReferralRequested-3.json", event);
    }

    @Test
    void referralStatusChangedCarriesACodedReasonOnly() throws Exception {
        ReferralStatusChanged event = read("ReferralStatusChanged-1.json", ReferralStatusChanged.class);
        assertThat(event.status()).isEqualTo(ReferralStatus.DECLINED);
        assertThat(event.statusReason()).isEqualTo(ReferralStatusReason.NO_CAPACITY);
        assertThat(event.status().isFinal()).isTrue();
        assertRewritesToTheSameJson("ReferralStatusChanged-1.json", event);
    }

    @Test
    void anErasureRequestCarriesThePseudonymAndWhoAskedOnly() throws Exception {
        SurvivorErasureRequested event = read("SurvivorErasureRequested-1.json", SurvivorErasureRequested.class);
        assertThat(event.recipientAgency()).isEqualTo(AgencyId.CEASE);
        assertThat(event.requestedBy()).isEqualTo("privacy-officer");
        assertThat(SurvivorErasureRequested.class.getRecordComponents()).extracting(c -> c.getType().getSimpleName())
                .doesNotContain("PersonalData");
        assertRewritesToTheSameJson("SurvivorErasureRequested-1.json", event);
    }

    @Test
    void personalDataAccessedNamesTheReaderAndTheCategoriesNeverTheData() throws Exception {
        PersonalDataAccessed event = read("PersonalDataAccessed-1.json", PersonalDataAccessed.class);
        assertThat(event.sourceAgency()).isEqualTo(AgencyId.CEASE);
        assertThat(event.recipientAgency()).isEqualTo(AgencyId.CEASE);
        assertThat(event.accessedBy()).isEqualTo("cease-intake");
        assertThat(event.roles()).containsExactly("INTAKE_WORKER");
        assertThat(event.purpose()).isEqualTo(AccessPurpose.REFERRAL_HANDLING);
        assertThat(event.categories()).containsExactlyInAnyOrder(DataCategory.IDENTITY, DataCategory.CONTACT);
        assertThat(PersonalDataAccessed.class.getRecordComponents()).extracting(c -> c.getType().getSimpleName())
                .doesNotContain("PersonalData");
    }

    @Test
    void serviceDeliveredCarriesOnlyAServiceOutcome() throws Exception {
        ServiceDelivered event = read("ServiceDelivered-1.json", ServiceDelivered.class);
        assertThat(event.outcome().categories()).containsExactly(DataCategory.SERVICE_OUTCOME);
        assertThat(event.outcome().toString()).doesNotContain("Example");
        assertRewritesToTheSameJson("ServiceDelivered-1.json", event);
    }

    @Test
    @SuppressWarnings("deprecation")
    void referralAcceptedRevisionOneStillReads() throws Exception {
        ReferralAccepted event = read("ReferralAccepted-1.json", ReferralAccepted.class);
        assertThat(event.sourceAgency()).isEqualTo(AgencyId.CEASE);
        assertThat(event.recipientAgency()).isEqualTo(AgencyId.ALERT);
        assertThat(event.requesterCaseRef()).isEqualTo("5f0c9a4e-0d7e-4c1e-9a56-2b7f3f1f0a01");
        assertRewritesToTheSameJson("ReferralAccepted-1.json", event);
    }

    @Test
    void agencyCodesAreThePublishedOnes() {
        assertThat(AgencyId.values()).extracting(AgencyId::code)
                .containsExactly("alert", "cease", "catholic-social-services", "reach");
        assertThat(AgencyId.fromCode("catholic-social-services")).isEqualTo(AgencyId.CATHOLIC_SOCIAL_SERVICES);
    }

    private static <T> T read(String sample, Class<T> type) throws Exception {
        try (InputStream json = StoredSamplesTest.class.getResourceAsStream("/stored-samples/" + sample)) {
            return STORED_JSON.readValue(json, type);
        }
    }

    private static void assertRewritesToTheSameJson(String sample, Object event) throws Exception {
        try (InputStream json = StoredSamplesTest.class.getResourceAsStream("/stored-samples/" + sample)) {
            assertThat(STORED_JSON.readTree(STORED_JSON.writeValueAsString(event))).isEqualTo(STORED_JSON.readTree(json));
        }
    }
}
