package org.saferwayout.agency.portal;

import org.junit.jupiter.api.Test;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.referral.application.ReferralInboxQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.PortalUsers;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The structure WCAG 2.1 AA asks of every page, checked on the served HTML of each view (the browser tests
 * run axe-core on top): language, one h1, skip link to the main landmark, header and navigation, every control
 * with a label, every table with a caption and scoped headers, no inline style or script.
 */
@AgencyRuntimeTest
class PortalPageStructureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern CONTROL = Pattern.compile("<(input|select|textarea)\\b([^>]*)>");
    private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

    @Autowired
    private MockMvc mvc;
    @Autowired
    private SupportCaseQueries cases;
    @Autowired
    private ReferralInboxQueries inbox;
    @Autowired
    private ExchangePublisher exchange;

    private static RequestPostProcessor coordinator() {
        return PortalUsers.forSubject("alert-coordinator", "alert", "SAFETY_NETWORK_COORDINATOR");
    }

    private String html(String path) throws Exception {
        var response = mvc.perform(get(path).with(coordinator())).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return response.getContentAsString();
    }

    @Test
    void everyViewHasLanguageOneHeadingLandmarksLabelledControlsAndCaptionedTables() throws Exception {
        String caseId = mvc.perform(post("/portal/cases").with(coordinator()).with(csrf())).andReturn().getResponse()
                .getRedirectedUrl().substring("/portal/cases/".length());
        await().atMost(PATIENCE).until(() -> cases.find(caseId).isPresent());
        mvc.perform(post("/portal/cases/{id}/referrals", caseId).param("recipientAgency", "CEASE")
                .param("service", "EXIT_SUPPORT").param("urgency", "URGENT").with(coordinator()).with(csrf()));
        String consentId = mvc.perform(post("/portal/cases/{id}/consents", caseId).param("granteeAgency", "CEASE")
                        .param("purposes", "EXIT_SUPPORT").param("categories", "IDENTITY")
                        .param("validUntil", LocalDate.now().plusDays(30).toString()).param("method", "WRITTEN")
                        .param("language", "en").with(coordinator()).with(csrf()))
                .andReturn().getResponse().getRedirectedUrl().substring("/portal/consents/".length());
        String referralId = UUID.randomUUID().toString();
        exchange.publish(new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, SupportService.COURT_SUPPORT, ReferralUrgency.URGENT,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null));
        await().atMost(PATIENCE).until(() -> inbox.find(referralId).isPresent());

        Map<String, String> views = new LinkedHashMap<>();
        for (String path : List.of("/portal/cases", "/portal/cases/" + caseId, "/portal/cases/" + caseId + "/consents/new",
                "/portal/consents/" + consentId, "/portal/referrals/inbox", "/portal/referrals/inbox/" + referralId,
                "/portal/referrals/outbox", "/portal/cases/" + caseId + "/safety-plan",
                "/portal/directory?caseId=" + caseId, "/portal/signed-out")) {
            views.put(path, html(path));
        }

        views.forEach((path, html) -> {
            assertThat(html).as(path).contains("<html lang=\"en\">", "<title>", "<a class=\"skip-link\" id=\"skip-link\" href=\"#main\">",
                    "<main id=\"main\" tabindex=\"-1\"", "<header class=\"site-header\">",
                    "<link rel=\"stylesheet\" href=\"/portal/portal.css\">");
            assertThat(count(html, "<h1[ >]")).as(path + ": one h1").isEqualTo(1);
            assertThat(count(html, "<main[ >]")).as(path + ": one main").isEqualTo(1);
            assertThat(html).as(path).doesNotContain("<script").doesNotContain(" style=").doesNotContain("<style");
            assertThat(count(html, "<table[ >]")).as(path + ": every table captioned").isEqualTo(count(html, "<caption"));
            assertThat(count(html, "<th[ >]")).as(path + ": every header cell scoped").isEqualTo(count(html, "<th scope="));
            Matcher control = CONTROL.matcher(html);
            while (control.find()) {
                String attributes = control.group(2);
                if (attributes.contains("type=\"hidden\"")) {
                    continue;
                }
                Matcher id = ID.matcher(attributes);
                assertThat(id.find()).as(path + ": control has an id: " + control.group()).isTrue();
                assertThat(html).as(path + ": label for " + id.group(1)).contains("<label for=\"" + id.group(1) + "\"");
            }
        });
        views.entrySet().stream().filter(view -> !view.getKey().equals("/portal/signed-out")).forEach(view ->
                assertThat(view.getValue()).as(view.getKey()).contains("<nav class=\"site-nav\" aria-label=\"Portal\">",
                        "id=\"sign-out\""));
    }

    private static long count(String html, String regex) {
        return Pattern.compile(regex).matcher(html).results().count();
    }
}
