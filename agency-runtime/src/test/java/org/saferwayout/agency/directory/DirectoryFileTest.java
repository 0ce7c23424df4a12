package org.saferwayout.agency.directory;

import org.junit.jupiter.api.Test;
import org.saferwayout.agency.directory.NetworkDirectory.InvalidDirectoryException;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SupportService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network directory file: what the shipped one offers, and every inconsistency that stops start-up. */
class DirectoryFileTest {

    private static final String ORG_A = "11111111-1111-4111-8111-111111111111";
    private static final String ORG_B = "22222222-2222-4222-8222-222222222222";
    private static final String SERVICE = "33333333-3333-4333-8333-333333333333";
    private static final String EDMONTON_SITE = "44444444-4444-4444-8444-444444444444";
    private static final String CALGARY_SITE = "55555555-5555-4555-8555-555555555555";

    /** The smallest consistent directory: one CEASE service at an Edmonton site; Calgary's site is unused. */
    private static final String VALID = """
            {
              "organizations": [
                {"id": "%1$s", "agency": "cease", "name": "CEASE", "description": "Exit support"},
                {"id": "%2$s", "agency": "reach", "name": "REACH", "description": "Coordination"}
              ],
              "services": [
                {"id": "%3$s", "organization_id": "%1$s", "support_service": "EXIT_SUPPORT", "name": "Exit support",
                 "status": "active"}
              ],
              "locations": [
                {"id": "%4$s", "organization_id": "%1$s", "location_type": "physical", "confidential": false},
                {"id": "%5$s", "organization_id": "%1$s", "location_type": "physical", "confidential": false}
              ],
              "addresses": [
                {"id": "66666666-6666-4666-8666-666666666666", "location_id": "%4$s", "address_1": "1 Example St",
                 "city": "Edmonton", "state_province": "AB", "postal_code": "T5J 0X1", "country": "CA",
                 "address_type": "physical"},
                {"id": "77777777-7777-4777-8777-777777777777", "location_id": "%5$s", "address_1": "2 Example St",
                 "city": "Calgary", "state_province": "AB", "postal_code": "T2P 0X2", "country": "CA",
                 "address_type": "physical"}
              ],
              "service_at_locations": [
                {"id": "88888888-8888-4888-8888-888888888888", "service_id": "%3$s", "location_id": "%4$s"}
              ]
            }
            """.formatted(ORG_A, ORG_B, SERVICE, EDMONTON_SITE, CALGARY_SITE);

    private static NetworkDirectory parse(String json) {
        return NetworkDirectory.load(new ByteArrayResource(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static NetworkDirectory shipped() {
        return NetworkDirectory.load(new ClassPathResource("directory/network-directory.json"));
    }

    @Test
    void theShippedDirectoryOffersEachAgencysServicesWithTheirKindAndCity() {
        NetworkDirectory directory = shipped();

        assertThat(directory.servicesOf(AgencyId.CEASE, SupportService.EXIT_SUPPORT))
                .singleElement().satisfies(service -> assertThat(service.city()).isEqualTo("Edmonton"));
        assertThat(directory.servicesOf(AgencyId.CEASE, SupportService.EMOTIONAL_SUPPORT))
                .singleElement().satisfies(service -> assertThat(service.city()).isEqualTo("Edmonton"));
        assertThat(directory.servicesOf(AgencyId.CATHOLIC_SOCIAL_SERVICES, SupportService.SAFE_LODGING))
                .singleElement().satisfies(shelter -> {
                    assertThat(shelter.city()).isEqualTo("Edmonton");
                    assertThat(shelter.confidentialLocation()).isTrue();
                });
        assertThat(directory.servicesOf(AgencyId.CATHOLIC_SOCIAL_SERVICES, SupportService.MENTAL_HEALTH_RESOURCES))
                .singleElement().satisfies(service -> {
                    assertThat(service.city()).isEqualTo("Edmonton");
                    assertThat(service.confidentialLocation()).isFalse();
                });
        assertThat(directory.servicesOf(AgencyId.ALERT, SupportService.COURT_SUPPORT))
                .extracting(DirectoryService::city).containsExactly("Edmonton", "Calgary");
        assertThat(directory.servicesOf(AgencyId.REACH, SupportService.EMOTIONAL_SUPPORT))
                .singleElement().satisfies(service -> assertThat(service.city()).isEqualTo("Edmonton"));
        assertThat(directory.services()).extracting(DirectoryService::agency)
                .containsAll(Arrays.asList(AgencyId.values()));
        assertThat(directory.cities()).containsExactly("Edmonton", "Calgary");
    }

    @Test
    void aServiceIsFoundByItsIdAndNothingElseIs() {
        NetworkDirectory directory = shipped();
        DirectoryService exitSupport = directory.servicesOf(AgencyId.CEASE, SupportService.EXIT_SUPPORT).get(0);

        assertThat(directory.service(exitSupport.id())).contains(exitSupport);
        assertThat(directory.service("00000000-0000-4000-8000-000000000000")).isEmpty();
        assertThat(directory.service(exitSupport.id().toUpperCase())).isEmpty();
        assertThat(directory.service(null)).isEmpty();
    }

    @Test
    void theSmallestConsistentDirectoryLoads() {
        NetworkDirectory directory = parse(VALID);

        assertThat(directory.services()).containsExactly(new DirectoryService(SERVICE, "Exit support", AgencyId.CEASE,
                SupportService.EXIT_SUPPORT, "Edmonton", false));
    }

    @Test
    void anUnknownAgencyCodeIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("\"agency\": \"reach\"", "\"agency\": \"not-in-my-city\"")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("does not parse");
    }

    @Test
    void anUnknownKindOfServiceIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("EXIT_SUPPORT", "CAR_WASH")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("does not parse");
    }

    @Test
    void aMisspeltFieldIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("\"support_service\"", "\"supportService\"")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("does not parse");
    }

    @Test
    void aLocationThatDoesNotSayWhetherItIsConfidentialIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replaceFirst(", \"confidential\": false", "")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("whether it is confidential");
    }

    @Test
    void aDuplicateIdIsRefusedEvenAcrossTables() {
        assertThatThrownBy(() -> parse(VALID.replace("\"id\": \"" + CALGARY_SITE + "\"", "\"id\": \"" + SERVICE + "\"")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("duplicate id " + SERVICE);
    }

    @Test
    void twoOrganizationsForOneAgencyAreRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("\"agency\": \"reach\"", "\"agency\": \"cease\"")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("more than one organization");
    }

    @Test
    void anIdThatIsNotAUuidIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace(SERVICE, "cease-exit-support")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("UUID");
    }

    @Test
    void aServiceOfAnUnknownOrganizationIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("\"organization_id\": \"" + ORG_A + "\", \"support_service\"",
                "\"organization_id\": \"99999999-9999-4999-8999-999999999999\", \"support_service\"")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("unknown organization");
    }

    @Test
    void aServiceAtAnUnknownLocationIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("\"service_id\": \"" + SERVICE + "\", \"location_id\": \"" + EDMONTON_SITE,
                "\"service_id\": \"" + SERVICE + "\", \"location_id\": \"99999999-9999-4999-8999-999999999999")))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("unknown location");
    }

    @Test
    void aServiceWithoutALocationOrInTwoCitiesIsRefused() {
        String nowhere = VALID.replaceAll("(?s)\"service_at_locations\": \\[.*?]", "\"service_at_locations\": []");
        assertThatThrownBy(() -> parse(nowhere))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("exactly one city");

        String twoCities = VALID.replace("\"location_id\": \"" + EDMONTON_SITE + "\"}",
                "\"location_id\": \"" + EDMONTON_SITE + "\"},\n{\"id\": \"99999999-9999-4999-8999-999999999999\", "
                        + "\"service_id\": \"" + SERVICE + "\", \"location_id\": \"" + CALGARY_SITE + "\"}");
        assertThatThrownBy(() -> parse(twoCities))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("exactly one city");
    }

    @Test
    void aPublishedAddressMustBeCompleteWhileAConfidentialOneMayNameOnlyItsCity() {
        String incomplete = VALID.replace("\"postal_code\": \"T5J 0X1\", ", "");
        assertThatThrownBy(() -> parse(incomplete))
                .isInstanceOf(InvalidDirectoryException.class).hasMessageContaining("HSDS 3.0 requires");

        String confidential = incomplete.replace("\"location_type\": \"physical\", \"confidential\": false},\n",
                "\"location_type\": \"physical\", \"confidential\": true},\n");
        assertThat(parse(confidential).services()).singleElement()
                .satisfies(service -> assertThat(service.confidentialLocation()).isTrue());
    }

    @Test
    void theServiceDoesNotStartWithAFaultyDirectoryAndReadsTheConfiguredOne() throws Exception {
        ApplicationContextRunner context = new ApplicationContextRunner()
                .withUserConfiguration(DirectoryConfiguration.class);

        context.run(started -> assertThat(started).hasNotFailed().getBean(NetworkDirectory.class)
                .satisfies(directory -> assertThat(directory.services()).hasSizeGreaterThan(5)));

        Path file = Files.createTempFile("directory", ".json");
        try {
            Files.writeString(file, VALID);
            context.withPropertyValues("swo.directory.location=" + file.toUri())
                    .run(started -> assertThat(started.getBean(NetworkDirectory.class).services()).hasSize(1));
            Files.writeString(file, VALID.replace("\"agency\": \"reach\"", "\"agency\": \"cease\""));
            context.withPropertyValues("swo.directory.location=" + file.toUri())
                    .run(started -> assertThat(started).hasFailed().getFailure()
                            .hasRootCauseInstanceOf(InvalidDirectoryException.class));
        } finally {
            Files.delete(file);
        }
    }
}
