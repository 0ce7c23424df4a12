package org.saferwayout.agency.supportcase.model;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.OpenSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordRecipientStatusCommand;
import org.saferwayout.agency.referral.model.AcknowledgementDeadlines;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RequestReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.OutgoingReferralStatusChangedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseClosedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.agency.supportcase.api.CaseClosureReason;
import org.saferwayout.agency.supportcase.api.EmergencyDisclosure;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;
import java.util.Set;

import static org.saferwayout.agency.testapp.DomainRuleViolations.violationOf;

class SupportCaseTest {

    private static final String CASE_ID = "5f0c9a4e-0d7e-4c1e-9a56-2b7f3f1f0a01";
    private static final String REFERRAL_ID = "0b7f5d1c-9a34-4f0e-8f55-7d6c2a9e1b02";
    private static final SurvivorRef SURVIVOR = SurvivorRef.issue();
    private static final Instant OPENED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant REQUESTED_AT = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant ACCEPTED_AT = Instant.parse("2025-03-01T11:00:00Z");

    private AggregateTestFixture<SupportCase> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SupportCase.class);
        fixture.registerInjectableResource(AcknowledgementDeadlines.DEFAULT);
    }

    private static SupportCaseOpenedEvent opened() {
        return new SupportCaseOpenedEvent(CASE_ID, SURVIVOR, AgencyId.ALERT, "coordinator-1", OPENED_AT);
    }

    private static ReferralRequestedEvent requested(String referralId, AgencyId recipient) {
        return new ReferralRequestedEvent(CASE_ID, referralId, SURVIVOR, AgencyId.ALERT, recipient,
                SupportService.SAFE_LODGING, null, ReferralUrgency.URGENT, "coordinator-1", REQUESTED_AT,
                REQUESTED_AT.plusSeconds(24 * 3600), null, null, null);
    }

    private static OutgoingReferralStatusChangedEvent accepted(String referralId) {
        return new OutgoingReferralStatusChangedEvent(CASE_ID, referralId, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE,
                ReferralStatus.ACCEPTED, null, ReferralSide.RECIPIENT, "agency:cease", ACCEPTED_AT);
    }

    private static RequestReferralCommand requestReferral(String referralId, AgencyId recipient) {
        return new RequestReferralCommand(CASE_ID, referralId, recipient, SupportService.SAFE_LODGING, null,
                ReferralUrgency.URGENT, "coordinator-1", REQUESTED_AT, null, false, null, null);
    }

    @Test
    void openingACaseRecordsItUnderTheSurvivorsPseudonymForTheOwningAgency() {
        fixture.givenNoPriorActivity()
                .when(new OpenSupportCaseCommand(CASE_ID, SURVIVOR, AgencyId.ALERT, "coordinator-1", OPENED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(opened());
    }

    @Test
    void requestingAReferralToAnotherAgencyRecordsItWithTheCasesPseudonymAndOwner() {
        fixture.given(opened())
                .when(requestReferral(REFERRAL_ID, AgencyId.CEASE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(requested(REFERRAL_ID, AgencyId.CEASE));
    }

    @Test
    void requestingASecondDistinctReferralIsAccepted() {
        String second = "7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6";
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE))
                .when(requestReferral(second, AgencyId.CATHOLIC_SOCIAL_SERVICES))
                .expectEvents(requested(second, AgencyId.CATHOLIC_SOCIAL_SERVICES));
    }

    @Test
    void referringACaseToItsOwnAgencyIsRefused() {
        fixture.given(opened())
                .when(requestReferral(REFERRAL_ID, AgencyId.ALERT))
                .expectException(DomainRuleViolation.class)
                .expectException(violationOf("referral-to-own-agency"))
                .expectNoEvents();
    }

    @Test
    void theSameReferralRequestedAgainIsRequestedOnceAndAnsweredAsTheFirst() {
        // A retry after a lost answer, or a second click, names the same referral id (ADR 021).
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE))
                .when(requestReferral(REFERRAL_ID, AgencyId.CEASE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void aRetryAfterTheCaseClosedStillAnswersAsTheFirstRequestDid() {
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE), new SupportCaseClosedEvent(CASE_ID, SURVIVOR,
                        CaseClosureReason.GOALS_MET, "coordinator-1", ACCEPTED_AT))
                .when(requestReferral(REFERRAL_ID, AgencyId.CEASE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theSameReferralIdForAnotherRecipientIsRefused() {
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE))
                .when(requestReferral(REFERRAL_ID, AgencyId.REACH))
                .expectException(violationOf("referral-exists"))
                .expectNoEvents();
    }

    @Test
    void requestingAReferralOnAnUnknownCaseFailsAsNotFound() {
        fixture.givenNoPriorActivity()
                .when(requestReferral(REFERRAL_ID, AgencyId.CEASE))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void recordingTheRecipientsAcceptanceMarksTheReferralAccepted() {
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE))
                .when(new RecordRecipientStatusCommand(CASE_ID, REFERRAL_ID, AgencyId.CEASE, ReferralStatus.ACCEPTED, null, ACCEPTED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(accepted(REFERRAL_ID));
    }

    @Test
    void recordingAcceptanceOfAReferralTheCaseNeverSentIsRefused() {
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE))
                .when(new RecordRecipientStatusCommand(CASE_ID, "99999999-9999-4999-8999-999999999999",
                        AgencyId.CEASE, ReferralStatus.ACCEPTED, null, ACCEPTED_AT))
                .expectException(violationOf("unknown-referral"))
                .expectNoEvents();
    }

    @Test
    void recordingAcceptanceByAnAgencyTheReferralWasNotSentToIsRefused() {
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE))
                .when(new RecordRecipientStatusCommand(CASE_ID, REFERRAL_ID, AgencyId.REACH, ReferralStatus.ACCEPTED, null, ACCEPTED_AT))
                .expectException(violationOf("unknown-referral"))
                .expectNoEvents();
    }

    @Test
    void aRepeatedAcceptanceIsANoOpWithoutEvents() {
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE),
                        accepted(REFERRAL_ID))
                .when(new RecordRecipientStatusCommand(CASE_ID, REFERRAL_ID, AgencyId.CEASE, ReferralStatus.ACCEPTED, null, ACCEPTED_AT.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void acceptanceIsTrackedPerReferral() {
        String second = "7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6";
        fixture.given(opened(), requested(REFERRAL_ID, AgencyId.CEASE), requested(second, AgencyId.CEASE),
                        accepted(REFERRAL_ID))
                .when(new RecordRecipientStatusCommand(CASE_ID, second, AgencyId.CEASE, ReferralStatus.ACCEPTED, null, ACCEPTED_AT))
                .expectEvents(accepted(second));
    }

    private static final PersonalData DATA = new PersonalData("N", null, "C", null, "H", null);

    private static RequestReferralCommand emergencyReferral(EmergencyDisclosure emergency) {
        return new RequestReferralCommand(CASE_ID, REFERRAL_ID, AgencyId.CEASE, SupportService.SAFE_LODGING, null,
                ReferralUrgency.IMMEDIATE, "supervisor-1", REQUESTED_AT, DATA, false, emergency, null);
    }

    @Test
    void aSupervisorsEmergencyDisclosureTravelsWithTheReferral() {
        EmergencyDisclosure emergency = new EmergencyDisclosure("Imminent risk to life: threatened tonight",
                Set.of(DataCategory.IDENTITY), REQUESTED_AT.plusSeconds(3600), "supervisor-1");
        fixture.given(opened())
                .when(emergencyReferral(emergency))
                .expectEvents(new ReferralRequestedEvent(CASE_ID, REFERRAL_ID, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE,
                        SupportService.SAFE_LODGING, null, ReferralUrgency.IMMEDIATE, "supervisor-1", REQUESTED_AT,
                        REQUESTED_AT.plusSeconds(3600), DATA, emergency, null));
    }

    @Test
    void anEmergencyDisclosureWithoutJustificationIsRefused() {
        fixture.given(opened())
                .when(emergencyReferral(new EmergencyDisclosure(" ", Set.of(DataCategory.IDENTITY),
                        REQUESTED_AT.plusSeconds(3600), "supervisor-1")))
                .expectException(violationOf("emergency-justification-required")).expectNoEvents();
    }

    @Test
    void anEmergencyDisclosureOfCategoriesTheReferralDoesNotCarryIsRefused() {
        fixture.given(opened())
                .when(emergencyReferral(new EmergencyDisclosure("Imminent risk to life: threatened tonight",
                        Set.of(DataCategory.LEGAL), REQUESTED_AT.plusSeconds(3600), "supervisor-1")))
                .expectException(violationOf("emergency-categories-invalid")).expectNoEvents();
    }

    @Test
    void anEmergencyDisclosureLongerThanThreeDaysIsRefused() {
        fixture.given(opened())
                .when(emergencyReferral(new EmergencyDisclosure("Imminent risk to life: threatened tonight",
                        Set.of(DataCategory.IDENTITY), REQUESTED_AT.plusSeconds(73 * 3600), "supervisor-1")))
                .expectException(violationOf("emergency-period-invalid")).expectNoEvents();
    }
}
