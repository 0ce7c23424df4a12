package org.saferwayout.agency.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.consent.application.ConsentView;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.referral.application.InboxEntryView;
import org.saferwayout.agency.referral.application.ReferralInboxQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseView;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.PortalUsers;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.ServiceDelivered;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The portal's pages on the application services (ADR 015): cases, their timeline, consents, referrals in and
 * out. Actions change state through the same commands as the API, refusals are shown as pages, other agencies'
 * staff are refused, and personal data shows only as far as a consent covers it, every read recorded.
 */
@AgencyRuntimeTest
class PortalReferralsAndConsentTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * Every GET page of the portal, and whether it can show a survivor's personal data. A new page fails
     * {@link #everyPortalPageIsClassified} until it is placed here (and, if it shows personal data, read through
     * the access-logged read path and tested below).
     */
    private static final Map<String, Boolean> SHOWS_PERSONAL_DATA = Map.ofEntries(
            Map.entry("/portal/cases/{caseId}", true),
            Map.entry("/portal/cases/{caseId}/safety-plan", true),
            Map.entry("/portal/referrals/inbox/{referralId}", true),
            Map.entry("/portal", false),
            Map.entry("/portal/cases", false),
            Map.entry("/portal/cases/{caseId}/consents/new", false),
            Map.entry("/portal/consents/{consentId}", false),
            Map.entry("/portal/referrals/inbox", false),
            Map.entry("/portal/referrals/outbox", false),
            Map.entry("/portal/directory", false),
            Map.entry("/portal/denied", false),
            Map.entry("/portal/signed-out", false),
            Map.entry("/portal/sign-in-failed", false));

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private ConsentRegistry registry;
    @Autowired
    private SupportCaseQueries cases;
    @Autowired
    private ReferralInboxQueries inbox;
    @Autowired
    private NetworkDirectory directory;
    @Autowired
    private ObjectMapper json;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping handlerMapping;

    private static RequestPostProcessor coordinator() {
        return PortalUsers.forSubject("alert-coordinator", "alert", "SAFETY_NETWORK_COORDINATOR");
    }

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private MockHttpServletResponse page(String path, Object... variables) throws Exception {
        return perform(get(path, variables).with(coordinator()));
    }

    private MockHttpServletResponse submit(MockHttpServletRequestBuilder form) throws Exception {
        return perform(form.with(coordinator()).with(csrf()));
    }

    /** Opens a case through the portal; the redirect names it. */
    private SupportCaseView openCase() throws Exception {
        MockHttpServletResponse opened = submit(post("/portal/cases"));
        assertThat(opened.getStatus()).isEqualTo(302);
        String caseId = opened.getRedirectedUrl().substring("/portal/cases/".length());
        return await().atMost(PATIENCE).until(() -> cases.find(caseId).orElse(null), found -> found != null);
    }

    private String arrivedReferralFromCease(SurvivorRef survivor, ReferralUrgency urgency, Instant requestedAt,
                                            PersonalData data) {
        String referralId = UUID.randomUUID().toString();
        exchange.publish(new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, SupportService.COURT_SUPPORT, urgency, requestedAt, data, null));
        await().atMost(PATIENCE).until(() -> inbox.find(referralId).isPresent());
        return referralId;
    }

    private ConsentGiven ceaseConsentForAlert(SurvivorRef survivor, Set<DataCategory> categories) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ConsentGiven given = new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, Set.of(ConsentPurpose.COURT_SUPPORT), categories, now.minusSeconds(60),
                now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-cease", null, now.minusSeconds(60));
        exchange.publish(given);
        await().atMost(PATIENCE).until(() -> registry.find(given.consentId()).isPresent());
        return given;
    }

    private List<JsonNode> accessLog(SurvivorRef survivor) throws Exception {
        JsonNode entries = json.readTree(perform(get("/api/audit/access-log?survivorRef={ref}", survivor.value())
                .with(Tokens.forSubject("auditor-alert", "alert", "AUDITOR"))).getContentAsString());
        List<JsonNode> reads = new ArrayList<>();
        entries.forEach(reads::add);
        return reads;
    }

    @Test
    void everyPortalPageIsClassified() {
        Set<String> pages = new TreeSet<>();
        for (RequestMappingInfo mapping : handlerMapping.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
            if (methods.isEmpty() || methods.contains(RequestMethod.GET)) {
                pages.addAll(mapping.getPatternValues());
            }
        }
        pages.removeIf(path -> !path.startsWith("/portal"));
        assertThat(SHOWS_PERSONAL_DATA.keySet()).containsExactlyInAnyOrderElementsOf(pages);
    }

    // --- the canary: personal data only as consent covers it, and every read of it recorded

    @Test
    void aReceivedReferralShowsOnlyTheCoveredDataEveryReadRecordedAndNothingAfterTheConsentIsWithdrawn()
            throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        String name = "Canary Name " + UUID.randomUUID();
        String contact = "canary-contact-" + UUID.randomUUID();
        String health = "canary-health-" + UUID.randomUUID();
        ConsentGiven given = ceaseConsentForAlert(survivor, Set.of(DataCategory.IDENTITY));
        String referralId = arrivedReferralFromCease(survivor, ReferralUrgency.URGENT,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                new PersonalData(name, LocalDate.of(1990, 4, 17), contact, null, health, null));
        await().atMost(PATIENCE).until(() -> inbox.find(referralId).map(e -> e.personalData() != null).orElse(false));

        String shown = page("/portal/referrals/inbox/{id}", referralId).getContentAsString();
        assertThat(shown).contains(name, "1990-04-17", "id=\"personal-data\"");
        assertThat(shown).doesNotContain(contact).doesNotContain(health);
        // The inbox list shows no personal data at all.
        assertThat(page("/portal/referrals/inbox").getContentAsString()).contains(referralId).doesNotContain(name);
        await().atMost(PATIENCE).until(() -> accessLog(survivor).stream().anyMatch(read ->
                read.toString().contains("alert-coordinator") && read.toString().contains("IDENTITY")
                        && read.toString().contains("referral-inbox-entry")));

        exchange.publish(new ConsentWithdrawn(UUID.randomUUID(), given.consentId(), survivor, AgencyId.CEASE,
                AgencyId.ALERT, "staff-cease", Instant.now()));
        await().atMost(PATIENCE).until(() -> inbox.find(referralId).map(e -> e.personalData() == null).orElse(false));

        String after = page("/portal/referrals/inbox/{id}", referralId).getContentAsString();
        assertThat(after).contains("id=\"no-personal-data\"").doesNotContain(name).doesNotContain("1990-04-17")
                .doesNotContain(contact).doesNotContain(health);
    }

    @Test
    void theCaseTimelineShowsAServiceOutcomeOnlyWhileConsentCoversItAndRecordsTheRead() throws Exception {
        SupportCaseView opened = openCase();
        SurvivorRef survivor = new SurvivorRef(opened.survivorRef());
        MockHttpServletResponse referred = submit(post("/portal/cases/{id}/referrals", opened.caseId())
                .param("recipientAgency", "CEASE").param("service", "EXIT_SUPPORT").param("urgency", "URGENT"));
        assertThat(referred.getStatus()).isEqualTo(302);
        String referralId = await().atMost(PATIENCE).until(() -> cases.find(opened.caseId())
                .flatMap(c -> c.referrals().stream().findFirst()).map(SupportCaseView.Referral::referralId).orElse(null),
                id -> id != null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ConsentGiven outcomes = new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor,
                AgencyId.ALERT, AgencyId.CEASE, Set.of(ConsentPurpose.EXIT_SUPPORT), Set.of(DataCategory.SERVICE_OUTCOME),
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-alert", null, now);
        exchange.publish(outcomes);
        await().atMost(PATIENCE).until(() -> registry.find(outcomes.consentId()).isPresent());
        String outcome = "canary-outcome-" + UUID.randomUUID();
        exchange.publish(new ServiceDelivered(UUID.randomUUID(), referralId, opened.caseId(), survivor, AgencyId.CEASE,
                AgencyId.ALERT, null, SupportService.EXIT_SUPPORT, LocalDate.now(), now, PersonalData.serviceOutcome(outcome)));
        await().atMost(PATIENCE).until(() -> page("/portal/cases/{id}", opened.caseId()).getContentAsString().contains(outcome));

        String shown = page("/portal/cases/{id}", opened.caseId()).getContentAsString();
        assertThat(shown).contains("id=\"timeline\"", "Case opened", "Referred to CEASE for exit support (urgent)",
                "CEASE delivered exit support");
        await().atMost(PATIENCE).until(() -> accessLog(survivor).stream().anyMatch(read ->
                read.toString().contains("alert-coordinator") && read.toString().contains("SERVICE_OUTCOME")
                        && read.toString().contains("support-case")));

        exchange.publish(new ConsentWithdrawn(UUID.randomUUID(), outcomes.consentId(), survivor, AgencyId.ALERT,
                AgencyId.CEASE, "staff-alert", Instant.now()));
        await().atMost(PATIENCE).until(() -> !page("/portal/cases/{id}", opened.caseId()).getContentAsString().contains(outcome));
        // What came back under the consent is purged with it (the case read model keeps no shell of it).
        assertThat(page("/portal/cases/{id}", opened.caseId()).getContentAsString())
                .contains("Referred to CEASE for exit support").doesNotContain(outcome);
    }

    // --- another agency's staff

    @Test
    void aUserOfAnotherAgencyCannotOpenThisAgencysCaseOrActOnItsReferrals() throws Exception {
        SupportCaseView opened = openCase();
        String referralId = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT, Instant.now(), null);
        RequestPostProcessor ceaseStaff = PortalUsers.of("cease", "SAFETY_NETWORK_COORDINATOR", "SUPERVISOR");

        assertThat(perform(get("/portal/cases/{id}", opened.caseId()).with(ceaseStaff)).getStatus()).isEqualTo(403);
        assertThat(perform(get("/portal/referrals/inbox/{id}", referralId).with(ceaseStaff)).getStatus()).isEqualTo(403);
        assertThat(perform(post("/portal/referrals/inbox/{id}/actions/ACCEPT", referralId).with(ceaseStaff).with(csrf()))
                .getStatus()).isEqualTo(403);
        assertThat(perform(post("/portal/cases/{id}/closure", opened.caseId()).param("reason", "GOALS_MET")
                .with(ceaseStaff).with(csrf())).getStatus()).isEqualTo(403);

        // ALERT's own action goes through afterwards: the refused ones changed nothing before it.
        submit(post("/portal/referrals/inbox/{id}/actions/RECEIVE", referralId));
        assertThat(inbox.find(referralId).orElseThrow().status()).isEqualTo("RECEIVED");
        assertThat(cases.find(opened.caseId()).orElseThrow().status()).isEqualTo("OPEN");
    }

    // --- referrals received: actions, refusals, services delivered

    @Test
    void theRecipientAcceptsStartsAndCompletesWithAReasonAndRecordsAServiceDelivered() throws Exception {
        String referralId = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT, Instant.now(), null);
        String detail = page("/portal/referrals/inbox/{id}", referralId).getContentAsString();
        assertThat(detail).containsPattern("id=\"deliveredOn\"[^>]*value=\"\\d{4}-\\d{2}-\\d{2}\"");
        assertThat(detail).contains("id=\"action-ACCEPT\"", "id=\"action-DECLINE\"", "id=\"reason-DECLINE\"",
                "id=\"action-RECEIVE\"").doesNotContain("id=\"action-COMPLETE\"");

        MockHttpServletResponse accepted = submit(post("/portal/referrals/inbox/{id}/actions/ACCEPT", referralId));
        assertThat(accepted.getStatus()).isEqualTo(302);
        assertThat(accepted.getRedirectedUrl()).isEqualTo("/portal/referrals/inbox/" + referralId);
        assertThat(inbox.find(referralId).orElseThrow().status()).isEqualTo("ACCEPTED");
        submit(post("/portal/referrals/inbox/{id}/actions/START", referralId));
        assertThat(inbox.find(referralId).orElseThrow().status()).isEqualTo("IN_PROGRESS");

        String serviceId = directory.servicesOf(AgencyId.ALERT, SupportService.COURT_SUPPORT).get(0).id();
        MockHttpServletResponse recorded = submit(post("/portal/referrals/inbox/{id}/services-delivered", referralId)
                .param("directoryServiceId", serviceId).param("deliveredOn", LocalDate.now().minusDays(1).toString())
                .param("outcome", "Attended the first hearing."));
        assertThat(recorded.getStatus()).isEqualTo(302);
        assertThat(inbox.find(referralId).orElseThrow().servicesDelivered()).hasSize(1);

        submit(post("/portal/referrals/inbox/{id}/actions/COMPLETE", referralId).param("reason", "GOALS_MET"));
        assertThat(inbox.find(referralId).orElseThrow().status()).isEqualTo("COMPLETED");
        assertThat(page("/portal/referrals/inbox/{id}", referralId).getContentAsString())
                .contains("id=\"referral-status\">completed<", "(goals met)", "Delivered court support");
    }

    @Test
    void anActionTheRulesRefuseIsAClearMessageNotAnErrorAndChangesNothing() throws Exception {
        String referralId = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT, Instant.now(), null);

        MockHttpServletResponse refused = submit(post("/portal/referrals/inbox/{id}/actions/COMPLETE", referralId)
                .param("reason", "GOALS_MET"));
        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContentAsString()).contains("<h1>This was not done</h1>", "id=\"problem-message\"");
        MockHttpServletResponse declineWithoutReason = submit(post("/portal/referrals/inbox/{id}/actions/DECLINE", referralId));
        assertThat(declineWithoutReason.getStatus()).isEqualTo(409);
        MockHttpServletResponse unknownAction = submit(post("/portal/referrals/inbox/{id}/actions/EXPLODE", referralId));
        assertThat(unknownAction.getStatus()).isEqualTo(400);
        assertThat(inbox.find(referralId).orElseThrow().status()).isEqualTo("REQUESTED");
    }

    @Test
    void actingWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String referralId = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT, Instant.now(), null);

        assertThat(perform(post("/portal/referrals/inbox/{id}/actions/ACCEPT", referralId).with(coordinator()))
                .getStatus()).isEqualTo(403);
        assertThat(perform(post("/portal/referrals/inbox/{id}/services-delivered", referralId).with(coordinator())
                .param("directoryServiceId", "x").param("deliveredOn", "2026-01-01").param("outcome", "x"))
                .getStatus()).isEqualTo(403);
        submit(post("/portal/referrals/inbox/{id}/actions/RECEIVE", referralId));
        assertThat(inbox.find(referralId).orElseThrow().status()).isEqualTo("RECEIVED");
        assertThat(inbox.find(referralId).orElseThrow().servicesDelivered()).isEmpty();
    }

    @Test
    void anIncompleteServiceDeliveredFormComesBackWithItsErrorsAndRecordsNothing() throws Exception {
        String referralId = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT, Instant.now(), null);
        submit(post("/portal/referrals/inbox/{id}/actions/ACCEPT", referralId));

        MockHttpServletResponse page = submit(post("/portal/referrals/inbox/{id}/services-delivered", referralId)
                .param("directoryServiceId", "").param("deliveredOn", LocalDate.now().plusDays(3).toString())
                .param("outcome", ""));
        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(page.getContentAsString()).contains("id=\"error-summary\"", "id=\"outcome-error\"",
                "id=\"deliveredOn-error\"", "id=\"directoryServiceId-error\"", "aria-invalid=\"true\"");
        assertThat(inbox.find(referralId).orElseThrow().servicesDelivered()).isEmpty();
    }

    @Test
    void anOverdueReferralIsCalledOutInWordsInTheInbox() throws Exception {
        String referralId = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.IMMEDIATE,
                Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MILLIS), null);
        assertThat(inbox.find(referralId).orElseThrow().overdue()).isTrue();

        String row = rowOf(page("/portal/referrals/inbox").getContentAsString(), referralId);
        assertThat(row).contains("Overdue: not acknowledged in time", "is-overdue");
    }

    @Test
    void aReferralStillWaitingForAnAnswerIsListedBeforeNewerSettledOnesHoweverOld() throws Exception {
        String waiting = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT,
                Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MILLIS), null);
        String settled = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        assertThat(submit(post("/portal/referrals/inbox/{id}/actions/RECEIVE", settled)).getStatus()).isEqualTo(302);
        await().atMost(PATIENCE).until(() -> !"REQUESTED".equals(inbox.find(settled).orElseThrow().status()));

        List<String> worklist = inbox.worklist(1_000).stream().map(InboxEntryView::referralId).toList();
        assertThat(worklist.indexOf(waiting)).isNotNegative().isLessThan(worklist.indexOf(settled));
        assertThat(worklist.subList(0, worklist.indexOf(waiting)))
                .allMatch(id -> "REQUESTED".equals(inbox.find(id).orElseThrow().status()));
        String page = page("/portal/referrals/inbox").getContentAsString();
        assertThat(page.indexOf("data-referral-id=\"" + waiting + "\"")).isPositive()
                .isLessThan(page.indexOf("data-referral-id=\"" + settled + "\""));
    }

    // --- referrals sent, cases

    @Test
    void aCaseWorkerRefersFromTheCasePageAndTheReferralIsInTheOutboxWithItsDeadline() throws Exception {
        SupportCaseView opened = openCase();
        String serviceId = directory.servicesOf(AgencyId.CATHOLIC_SOCIAL_SERVICES, SupportService.SAFE_LODGING).get(0).id();

        MockHttpServletResponse referred = submit(post("/portal/cases/{id}/referrals", opened.caseId())
                .param("recipientAgency", "CATHOLIC_SOCIAL_SERVICES").param("service", "SAFE_LODGING")
                .param("directoryServiceId", serviceId).param("urgency", "ROUTINE"));
        assertThat(referred.getStatus()).isEqualTo(302);
        SupportCaseView.Referral sent = cases.find(opened.caseId()).orElseThrow().referrals().get(0);
        assertThat(sent.recipientAgency()).isEqualTo("catholic-social-services");
        assertThat(sent.directoryServiceId()).isEqualTo(serviceId);
        assertThat(sent.status()).isEqualTo("REQUESTED");

        String outbox = page("/portal/referrals/outbox").getContentAsString();
        assertThat(outbox).contains(cases.outbox(1).total() + " referrals sent from ALERT’s cases");
        String row = rowOf(outbox, sent.referralId());
        assertThat(row).contains("Catholic Social Services", "safe lodging", "routine", "requested",
                "data-case-id=\"" + opened.caseId() + "\"");
    }

    @Test
    void aFormPostedTwiceWithItsSubmissionKeySendsOneReferralAndRecordsOneDelivery() throws Exception {
        // A second click on a slow page posts the form again with the key it was rendered with (ADR 021).
        SupportCaseView opened = openCase();
        String referForm = page("/portal/cases/{id}", opened.caseId()).getContentAsString();
        String key = submissionKeyIn(referForm);
        assertThat(submissionKeyIn(page("/portal/cases/{id}", opened.caseId()).getContentAsString()))
                .as("each rendering of the form is a new submission").isNotEqualTo(key);
        String lodging = directory.servicesOf(AgencyId.CATHOLIC_SOCIAL_SERVICES, SupportService.SAFE_LODGING).get(0).id();
        for (int click = 0; click < 2; click++) {
            assertThat(submit(post("/portal/cases/{id}/referrals", opened.caseId())
                    .param("recipientAgency", "CATHOLIC_SOCIAL_SERVICES").param("service", "SAFE_LODGING")
                    .param("directoryServiceId", lodging).param("urgency", "ROUTINE").param("submissionKey", key))
                    .getStatus()).isEqualTo(302);
        }
        assertThat(cases.find(opened.caseId()).orElseThrow().referrals()).hasSize(1);

        String referralId = arrivedReferralFromCease(SurvivorRef.issue(), ReferralUrgency.URGENT, Instant.now(), null);
        submit(post("/portal/referrals/inbox/{id}/actions/ACCEPT", referralId));
        String deliveryKey = submissionKeyIn(page("/portal/referrals/inbox/{id}", referralId).getContentAsString());
        String courtSupport = directory.servicesOf(AgencyId.ALERT, SupportService.COURT_SUPPORT).get(0).id();
        for (int click = 0; click < 2; click++) {
            assertThat(submit(post("/portal/referrals/inbox/{id}/services-delivered", referralId)
                    .param("directoryServiceId", courtSupport).param("deliveredOn", LocalDate.now().minusDays(1).toString())
                    .param("outcome", "Attended the first hearing.").param("submissionKey", deliveryKey))
                    .getStatus()).isEqualTo(302);
        }
        assertThat(inbox.find(referralId).orElseThrow().servicesDelivered()).hasSize(1);
    }

    private static String submissionKeyIn(String html) {
        java.util.regex.Matcher key = java.util.regex.Pattern
                .compile("name=\"submissionKey\" value=\"([^\"]+)\"").matcher(html);
        assertThat(key.find()).as("a submission key in the form").isTrue();
        return key.group(1);
    }

    @Test
    void theCaseloadSaysHowManyCasesThereAreAndAPageOutOfRangeShowsTheNearestOne() throws Exception {
        SupportCaseView opened = openCase();
        long total = cases.count();

        String first = page("/portal/cases").getContentAsString();
        assertThat(first).contains(" of " + total + ".");
        assertThat(first.indexOf("data-case-id=\"")).as("the newest open case leads")
                .isEqualTo(first.indexOf("data-case-id=\"" + opened.caseId() + "\""));
        assertThat(page("/portal/cases?page=-3").getContentAsString()).contains("data-case-id=\"" + opened.caseId() + "\"");
        MockHttpServletResponse beyond = page("/portal/cases?page=100000");
        assertThat(beyond.getStatus()).isEqualTo(200);
        assertThat(beyond.getContentAsString()).contains(" of " + total + ".").contains("data-case-id=");
        assertThat(page("/portal/cases?page=many").getStatus()).isEqualTo(400);
    }

    @Test
    void aReferralWithoutRecipientOrToAMismatchedServiceIsRefusedOnThePage() throws Exception {
        SupportCaseView opened = openCase();

        MockHttpServletResponse incomplete = submit(post("/portal/cases/{id}/referrals", opened.caseId())
                .param("service", "SAFE_LODGING").param("urgency", "ROUTINE"));
        assertThat(incomplete.getStatus()).isEqualTo(400);
        assertThat(incomplete.getContentAsString()).contains("id=\"recipientAgency-error\"", "Choose the agency to refer to.");
        String ceaseService = directory.servicesOf(AgencyId.CEASE, SupportService.EXIT_SUPPORT).get(0).id();
        MockHttpServletResponse mismatched = submit(post("/portal/cases/{id}/referrals", opened.caseId())
                .param("recipientAgency", "CATHOLIC_SOCIAL_SERVICES").param("service", "SAFE_LODGING")
                .param("directoryServiceId", ceaseService).param("urgency", "ROUTINE"));
        assertThat(mismatched.getStatus()).isEqualTo(409);
        assertThat(mismatched.getContentAsString()).contains("That directory service is not the recipient agency");
        assertThat(cases.find(opened.caseId()).orElseThrow().referrals()).isEmpty();
    }

    @Test
    void aCaseIsClosedWithAReasonAndReopened() throws Exception {
        SupportCaseView opened = openCase();

        submit(post("/portal/cases/{id}/closure", opened.caseId()).param("reason", "GOALS_MET"));
        assertThat(cases.find(opened.caseId()).orElseThrow().status()).isEqualTo("CLOSED");
        assertThat(page("/portal/cases/{id}", opened.caseId()).getContentAsString())
                .contains("Case closed (goals met)", "id=\"reopen-case\"").doesNotContain("id=\"close-case\"");
        submit(post("/portal/cases/{id}/reopening", opened.caseId()));
        assertThat(cases.find(opened.caseId()).orElseThrow().status()).isEqualTo("OPEN");
    }

    @Test
    void anUnknownCaseIsANotFoundPage() throws Exception {
        MockHttpServletResponse missing = page("/portal/cases/{id}", UUID.randomUUID());
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getContentAsString()).contains("<h1>Not found</h1>");
        assertThat(page("/portal/cases/{id}", "not-an-id").getStatus()).isEqualTo(404);
    }

    // --- consent

    @Test
    void theConsentFormStatesInPlainWordsAndRecordsWhatWithWhomForWhatUntilWhenAndHow() throws Exception {
        SupportCaseView opened = openCase();
        String form = page("/portal/cases/{id}/consents/new", opened.caseId()).getContentAsString();
        assertThat(form).contains("Read this with the survivor", "id=\"granteeAgency-cease\"", "id=\"category-IDENTITY\"",
                "Name and date of birth", "id=\"purpose-SAFE_HOUSING\"", "id=\"validUntil\"", "id=\"method-VERBAL_WITH_WITNESS\"",
                "id=\"witness\"", "id=\"language\"", "name=\"_csrf\"");
        // A date control shows its value only in ISO form: the usual term must come prefilled and be sent back as is.
        assertThat(form).containsPattern("id=\"validUntil\"[^>]*value=\"\\d{4}-\\d{2}-\\d{2}\"");

        LocalDate lastDay = LocalDate.now().plusDays(60);
        MockHttpServletResponse recorded = submit(post("/portal/cases/{id}/consents", opened.caseId())
                .param("granteeAgency", "CATHOLIC_SOCIAL_SERVICES").param("purposes", "SAFE_HOUSING")
                .param("categories", "IDENTITY").param("categories", "CONTACT").param("validUntil", lastDay.toString())
                .param("method", "VERBAL_WITH_WITNESS").param("witness", "alert-supervisor").param("language", "en"));
        assertThat(recorded.getStatus()).isEqualTo(302);
        String consentId = recorded.getRedirectedUrl().substring("/portal/consents/".length());
        ConsentView consent = registry.find(consentId).orElseThrow();
        assertThat(consent.survivorRef()).isEqualTo(opened.survivorRef());
        assertThat(consent.granteeAgency()).isEqualTo("catholic-social-services");
        assertThat(consent.categories()).containsExactlyInAnyOrder("IDENTITY", "CONTACT");
        assertThat(consent.purposes()).containsExactly("SAFE_HOUSING");
        assertThat(consent.method()).isEqualTo("VERBAL_WITH_WITNESS");
        assertThat(consent.validUntil()).isEqualTo(lastDay.plusDays(1).atStartOfDay(PortalWords.NETWORK_TIME).toInstant());

        String statement = page("/portal/consents/{id}", consentId).getContentAsString();
        assertThat(statement).contains("ALERT may share name and date of birth and how to contact them with Catholic "
                + "Social Services, only to arrange safe housing", "id=\"withdraw-consent\"");
        assertThat(page("/portal/cases/{id}", opened.caseId()).getContentAsString()).contains("consent-link-" + consentId);
    }

    @Test
    void aVerbalConsentWithoutAWitnessComesBackOnTheFormWithTheRuleAndNothingIsRecorded() throws Exception {
        SupportCaseView opened = openCase();

        MockHttpServletResponse refused = submit(post("/portal/cases/{id}/consents", opened.caseId())
                .param("granteeAgency", "CEASE").param("purposes", "EXIT_SUPPORT").param("categories", "IDENTITY")
                .param("validUntil", LocalDate.now().plusDays(30).toString()).param("method", "VERBAL_WITH_WITNESS")
                .param("language", "en"));
        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContentAsString()).contains("id=\"error-summary\"", "A verbal consent needs a witness.",
                "id=\"consent-form\"");
        MockHttpServletResponse empty = submit(post("/portal/cases/{id}/consents", opened.caseId()).param("language", "en"));
        assertThat(empty.getStatus()).isEqualTo(400);
        assertThat(empty.getContentAsString()).contains("id=\"purposes-error\"", "id=\"categories-error\"",
                "id=\"granteeAgency-error\"");
        assertThat(registry.ofSurvivor(new SurvivorRef(opened.survivorRef()))).isEmpty();
    }

    @Test
    void aConsentIsWithdrawnFromItsPageButNotWithoutTheCsrfToken() throws Exception {
        SupportCaseView opened = openCase();
        String consentId = submit(post("/portal/cases/{id}/consents", opened.caseId())
                .param("granteeAgency", "CEASE").param("purposes", "EXIT_SUPPORT").param("categories", "SERVICE_OUTCOME")
                .param("validUntil", LocalDate.now().plusDays(30).toString()).param("method", "WRITTEN")
                .param("language", "en")).getRedirectedUrl().substring("/portal/consents/".length());

        assertThat(perform(post("/portal/consents/{id}/withdrawal", consentId).with(coordinator())).getStatus())
                .isEqualTo(403);
        assertThat(registry.find(consentId).orElseThrow().state()).isEqualTo("GIVEN");
        MockHttpServletResponse withdrawn = submit(post("/portal/consents/{id}/withdrawal", consentId));
        assertThat(withdrawn.getStatus()).isEqualTo(302);
        assertThat(registry.find(consentId).orElseThrow().state()).isEqualTo("WITHDRAWN");
        assertThat(page("/portal/consents/{id}", consentId).getContentAsString())
                .contains("id=\"consent-state\">withdrawn<").doesNotContain("id=\"withdraw-consent\"");
    }

    @Test
    void anEmergencyDisclosureIsShownFlaggedNeverAsHerConsentAndCannotBeWithdrawn() throws Exception {
        SupportCaseView opened = openCase();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EmergencyDisclosureMade disclosure = new EmergencyDisclosureMade(UUID.randomUUID(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), new SurvivorRef(opened.survivorRef()),
                AgencyId.ALERT, AgencyId.CEASE, ConsentPurpose.SAFE_HOUSING, Set.of(DataCategory.IDENTITY), now,
                now.plus(Duration.ofHours(24)), "alert-supervisor");
        registry.apply(disclosure);
        String id = disclosure.disclosureId();

        String casePage = page("/portal/cases/{id}", opened.caseId()).getContentAsString();
        assertThat(casePage).doesNotContain("consent-link-" + id).contains("id=\"emergency-link-" + id + "\"");
        String shown = page("/portal/consents/{id}", id).getContentAsString();
        assertThat(shown).contains(": not a consent</h1>", "without the survivor&#39;s consent", "Approved by")
                .doesNotContain("What the survivor agreed to", "id=\"withdraw-consent\"");

        MockHttpServletResponse refused = submit(post("/portal/consents/{id}/withdrawal", id));
        assertThat(refused.getStatus()).isEqualTo(404);
        assertThat(registry.find(id).orElseThrow().state()).isEqualTo("GIVEN");
    }

    /** The table row that carries the record's id, so a test reads that row, not the whole page. */
    private static String rowOf(String html, String id) {
        int at = html.indexOf("data-referral-id=\"" + id + "\"");
        assertThat(at).as("row of " + id).isPositive();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }
}
