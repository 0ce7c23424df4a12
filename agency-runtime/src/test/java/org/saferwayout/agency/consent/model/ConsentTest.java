package org.saferwayout.agency.consent.model;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.saferwayout.agency.consent.api.ConsentCommands.ExpireConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.RecordConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.SupersedeConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.WithdrawConsentCommand;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentExpiredEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentRecordedEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentSupersededEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentWithdrawnEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.SurvivorRef;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.saferwayout.agency.testapp.DomainRuleViolations.violationOf;

/**
 * Every transition of a consent, accepted and refused: given → withdrawn | expired | superseded, each final,
 * with the expiry deadline the aggregate schedules at the end of the period.
 */
class ConsentTest {

    private static final String CONSENT_ID = "3f6c1d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f";
    private static final String NEWER_CONSENT_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final SurvivorRef SURVIVOR = SurvivorRef.issue();
    private static final Instant RECORDED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant VALID_FROM = RECORDED_AT;
    private static final Instant VALID_UNTIL = RECORDED_AT.plus(Duration.ofDays(90));
    private static final Instant WITHDRAWN_AT = RECORDED_AT.plus(Duration.ofDays(10));

    private AggregateTestFixture<Consent> fixture;

    @BeforeEach
    void setUp() {
        // The fixture injects its StubDeadlineManager into the constructor's DeadlineManager parameter.
        fixture = new AggregateTestFixture<>(Consent.class);
    }

    /** A valid form; each refusal test changes exactly one thing. */
    private record Form(AgencyId recorder, AgencyId grantee, Set<ConsentPurpose> purposes, Set<DataCategory> categories,
                        Instant validFrom, Instant validUntil, ConsentMethod method, String witness, String language,
                        Instant recordedAt) {

        static Form valid() {
            return new Form(AgencyId.ALERT, AgencyId.CEASE, Set.of(ConsentPurpose.EXIT_SUPPORT),
                    Set.of(DataCategory.IDENTITY, DataCategory.CONTACT), VALID_FROM, VALID_UNTIL,
                    ConsentMethod.WRITTEN, null, "en", RECORDED_AT);
        }

        RecordConsentCommand command() {
            return new RecordConsentCommand(CONSENT_ID, SURVIVOR, recorder, grantee, purposes, categories, validFrom,
                    validUntil, method, witness, language, "coordinator-1", null, recordedAt);
        }

        ConsentRecordedEvent event() {
            return new ConsentRecordedEvent(CONSENT_ID, SURVIVOR, recorder, grantee, purposes, categories, validFrom,
                    validUntil, method, witness, language, "coordinator-1", null, recordedAt);
        }

        Form with(UnaryOperator<Form> change) {
            return change.apply(this);
        }
    }

    private static Form form() {
        return Form.valid();
    }

    private static ConsentRecordedEvent recorded() {
        return form().event();
    }

    private static ConsentWithdrawnEvent withdrawn() {
        return new ConsentWithdrawnEvent(CONSENT_ID, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE, "coordinator-2", WITHDRAWN_AT);
    }

    private static ConsentExpiredEvent expired() {
        return new ConsentExpiredEvent(CONSENT_ID, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE, VALID_UNTIL);
    }

    private static ConsentSupersededEvent superseded() {
        return new ConsentSupersededEvent(CONSENT_ID, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE, NEWER_CONSENT_ID,
                RECORDED_AT.plus(Duration.ofDays(5)));
    }

    @Nested
    class Recording {

        @Test
        void aValidConsentIsGivenAndItsExpiryIsScheduledAtTheEndOfItsPeriod() {
            fixture.givenNoPriorActivity()
                    .andGivenCurrentTime(RECORDED_AT)
                    .when(form().command())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(recorded())
                    .expectScheduledDeadlineWithName(VALID_UNTIL, Consent.EXPIRY_DEADLINE)
                    .expectScheduledDeadlineWithName(Duration.ofDays(90), Consent.EXPIRY_DEADLINE);
        }

        @Test
        void aVerbalConsentWithAWitnessIsGiven() {
            Form verbal = form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    f.validFrom(), f.validUntil(), ConsentMethod.VERBAL_WITH_WITNESS, "witness-7", f.language(),
                    f.recordedAt()));
            fixture.givenNoPriorActivity()
                    .when(verbal.command())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(verbal.event());
        }

        @Test
        void aPeriodStartingInTheFutureIsAccepted() {
            Form later = form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    RECORDED_AT.plus(Duration.ofDays(3)), f.validUntil(), f.method(), f.witness(), f.language(),
                    f.recordedAt()));
            fixture.givenNoPriorActivity()
                    .when(later.command())
                    .expectEvents(later.event())
                    .expectScheduledDeadlineWithName(VALID_UNTIL, Consent.EXPIRY_DEADLINE);
        }

        private void expectRefused(Form refused, String code) {
            fixture.givenNoPriorActivity()
                    .andGivenCurrentTime(RECORDED_AT)
                    .when(refused.command())
                    .expectException(violationOf(code))
                    .expectNoEvents()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aConsentForTheRecordingAgencyItselfIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.recorder(), f.purposes(), f.categories(),
                    f.validFrom(), f.validUntil(), f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-grantee-is-recorder");
        }

        @Test
        void aConsentWithoutAGranteeIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), null, f.purposes(), f.categories(),
                    f.validFrom(), f.validUntil(), f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-grantee-is-recorder");
        }

        @Test
        void aConsentWithoutAnEndIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    f.validFrom(), null, f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-period-required");
        }

        @Test
        void aConsentWithoutAStartIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    null, f.validUntil(), f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-period-required");
        }

        @Test
        void aPeriodEndingBeforeItStartsIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    VALID_UNTIL, VALID_FROM, f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-period-required");
        }

        @Test
        void aPeriodEndingWhenItStartsIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    VALID_UNTIL, VALID_UNTIL, f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-period-required");
        }

        @Test
        void aPeriodAlreadyOverWhenRecordedIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    RECORDED_AT.minus(Duration.ofDays(30)), RECORDED_AT.minus(Duration.ofDays(1)), f.method(),
                    f.witness(), f.language(), f.recordedAt())), "consent-period-over");
        }

        @Test
        void aPeriodEndingAtTheMomentOfRecordingIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    RECORDED_AT.minus(Duration.ofDays(30)), RECORDED_AT, f.method(), f.witness(), f.language(),
                    f.recordedAt())), "consent-period-over");
        }

        @Test
        void aConsentWithoutPurposesIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), Set.of(), f.categories(),
                    f.validFrom(), f.validUntil(), f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-scope-required");
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), null, f.categories(),
                    f.validFrom(), f.validUntil(), f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-scope-required");
        }

        @Test
        void aConsentWithoutDataCategoriesIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), Set.of(),
                    f.validFrom(), f.validUntil(), f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-scope-required");
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), null,
                    f.validFrom(), f.validUntil(), f.method(), f.witness(), f.language(), f.recordedAt())),
                    "consent-scope-required");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void aVerbalConsentWithoutAWitnessIsRefused(String witness) {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    f.validFrom(), f.validUntil(), ConsentMethod.VERBAL_WITH_WITNESS, witness, f.language(),
                    f.recordedAt())), "consent-witness-required");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void aConsentWithoutItsLanguageIsRefused(String language) {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    f.validFrom(), f.validUntil(), f.method(), f.witness(), language, f.recordedAt())),
                    "consent-language-required");
        }

        @Test
        void aConsentWithoutHowItWasObtainedIsRefused() {
            expectRefused(form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    f.validFrom(), f.validUntil(), null, f.witness(), f.language(), f.recordedAt())),
                    "consent-method-required");
        }
    }

    @Nested
    class Withdrawal {

        @Test
        void aGivenConsentIsWithdrawn() {
            fixture.given(recorded())
                    .when(new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", WITHDRAWN_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(withdrawn());
        }

        @Test
        void aConsentWhosePeriodHasNotStartedYetCanBeWithdrawn() {
            Form later = form().with(f -> new Form(f.recorder(), f.grantee(), f.purposes(), f.categories(),
                    RECORDED_AT.plus(Duration.ofDays(30)), f.validUntil(), f.method(), f.witness(), f.language(),
                    f.recordedAt()));
            fixture.given(later.event())
                    .when(new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", WITHDRAWN_AT))
                    .expectEvents(withdrawn());
        }

        @Test
        void withdrawingAWithdrawnConsentIsRefused() {
            fixture.given(recorded(), withdrawn())
                    .when(new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", WITHDRAWN_AT.plusSeconds(60)))
                    .expectException(violationOf("consent-not-given"))
                    .expectNoEvents();
        }

        @Test
        void withdrawingAnExpiredConsentIsRefused() {
            fixture.given(recorded(), expired())
                    .when(new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", VALID_UNTIL.plusSeconds(60)))
                    .expectException(violationOf("consent-not-given"))
                    .expectNoEvents();
        }

        @Test
        void withdrawingASupersededConsentIsRefused() {
            fixture.given(recorded(), superseded())
                    .when(new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", WITHDRAWN_AT))
                    .expectException(violationOf("consent-not-given"))
                    .expectNoEvents();
        }

        @Test
        void withdrawingAtTheEndOfThePeriodIsRefusedAsExpired() {
            fixture.given(recorded())
                    .when(new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", VALID_UNTIL))
                    .expectException(violationOf("consent-expired"))
                    .expectNoEvents();
        }

        @Test
        void withdrawingAfterThePeriodIsRefusedAsExpiredEvenBeforeTheExpiryWasRecorded() {
            fixture.given(recorded())
                    .when(new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", VALID_UNTIL.plus(Duration.ofDays(1))))
                    .expectException(violationOf("consent-expired"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Expiry {

        @Test
        void theDeadlineExpiresTheConsentWhenThePeriodEnds() {
            fixture.givenCurrentTime(RECORDED_AT)
                    .andGivenCommands(form().command())
                    .whenThenTimeAdvancesTo(VALID_UNTIL)
                    .expectEvents(expired())
                    .expectTriggeredDeadlinesWithName(Consent.EXPIRY_DEADLINE)
                    .expectNoScheduledDeadlines();
        }

        @Test
        void theDeadlineExpiresTheConsentWhenItsTermHasElapsed() {
            fixture.givenCurrentTime(RECORDED_AT)
                    .andGivenCommands(form().command())
                    .whenTimeElapses(Duration.ofDays(91))
                    .expectEvents(expired())
                    .expectTriggeredDeadlinesWithName(Consent.EXPIRY_DEADLINE);
        }

        @Test
        void nothingExpiresBeforeThePeriodEnds() {
            fixture.givenCurrentTime(RECORDED_AT)
                    .andGivenCommands(form().command())
                    .whenThenTimeAdvancesTo(VALID_UNTIL.minusMillis(1))
                    .expectNoEvents()
                    .expectTriggeredDeadlinesWithName()
                    .expectScheduledDeadlineWithName(VALID_UNTIL, Consent.EXPIRY_DEADLINE);
        }

        @Test
        void theDeadlineOfAWithdrawnConsentExpiresNothing() {
            fixture.givenCurrentTime(RECORDED_AT)
                    .andGivenCommands(form().command(),
                            new WithdrawConsentCommand(CONSENT_ID, "coordinator-2", WITHDRAWN_AT))
                    .whenThenTimeAdvancesTo(VALID_UNTIL.plus(Duration.ofDays(1)))
                    .expectTriggeredDeadlinesWithName(Consent.EXPIRY_DEADLINE)
                    .expectNoEvents();
        }

        @Test
        void theDeadlineOfASupersededConsentExpiresNothing() {
            fixture.givenCurrentTime(RECORDED_AT)
                    .andGivenCommands(form().command(),
                            new SupersedeConsentCommand(CONSENT_ID, NEWER_CONSENT_ID, RECORDED_AT.plus(Duration.ofDays(5))))
                    .whenThenTimeAdvancesTo(VALID_UNTIL)
                    .expectTriggeredDeadlinesWithName(Consent.EXPIRY_DEADLINE)
                    .expectNoEvents();
        }

        @Test
        void theSweepExpiresNothingBeforeTheEnd() {
            fixture.given(recorded())
                    .when(new ExpireConsentCommand(CONSENT_ID, VALID_UNTIL.minusMillis(1)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theSweepExpiresTheConsentAtTheEnd() {
            fixture.given(recorded())
                    .when(new ExpireConsentCommand(CONSENT_ID, VALID_UNTIL))
                    .expectEvents(expired());
        }

        @Test
        void theSweepAfterTheEndExpiresItAsOfTheEndOfThePeriod() {
            fixture.given(recorded())
                    .when(new ExpireConsentCommand(CONSENT_ID, VALID_UNTIL.plus(Duration.ofDays(3))))
                    .expectEvents(expired());
        }

        @Test
        void aRepeatedExpiryChangesNothing() {
            fixture.given(recorded(), expired())
                    .when(new ExpireConsentCommand(CONSENT_ID, VALID_UNTIL.plus(Duration.ofDays(3))))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aWithdrawnConsentDoesNotExpire() {
            fixture.given(recorded(), withdrawn())
                    .when(new ExpireConsentCommand(CONSENT_ID, VALID_UNTIL.plus(Duration.ofDays(3))))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class Supersession {

        @Test
        void aGivenConsentIsSupersededByTheNewerOne() {
            fixture.given(recorded())
                    .when(new SupersedeConsentCommand(CONSENT_ID, NEWER_CONSENT_ID, RECORDED_AT.plus(Duration.ofDays(5))))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(superseded());
        }

        @Test
        void supersedingAWithdrawnConsentChangesNothing() {
            fixture.given(recorded(), withdrawn())
                    .when(new SupersedeConsentCommand(CONSENT_ID, NEWER_CONSENT_ID, RECORDED_AT.plus(Duration.ofDays(15))))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void supersedingAnExpiredConsentChangesNothing() {
            fixture.given(recorded(), expired())
                    .when(new SupersedeConsentCommand(CONSENT_ID, NEWER_CONSENT_ID, VALID_UNTIL.plusSeconds(1)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void supersedingASupersededConsentAgainChangesNothing() {
            fixture.given(recorded(), superseded())
                    .when(new SupersedeConsentCommand(CONSENT_ID, NEWER_CONSENT_ID, RECORDED_AT.plus(Duration.ofDays(6))))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }
}
