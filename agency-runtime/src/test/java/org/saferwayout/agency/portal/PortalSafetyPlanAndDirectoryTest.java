package org.saferwayout.agency.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.directory.DirectoryService;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseView;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.PortalUsers;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SupportService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The safety-plan editor (versioned, every read recorded) and the directory search that feeds a referral. */
@AgencyRuntimeTest
class PortalSafetyPlanAndDirectoryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private SupportCaseQueries cases;
    @Autowired
    private NetworkDirectory directory;
    @Autowired
    private ObjectMapper json;

    private static RequestPostProcessor intake() {
        return PortalUsers.forSubject("alert-intake", "alert", "INTAKE_WORKER");
    }

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private SupportCaseView openCase() throws Exception {
        String caseId = perform(post("/portal/cases").with(intake()).with(csrf())).getRedirectedUrl()
                .substring("/portal/cases/".length());
        return await().atMost(PATIENCE).until(() -> cases.find(caseId).orElse(null), found -> found != null);
    }

    @Test
    void eachSaveIsANewVersionAndTheEditorStartsFromTheLatestWithEveryReadRecorded() throws Exception {
        SupportCaseView opened = openCase();
        String first = "Stays with her sister " + UUID.randomUUID();
        String second = "Moved to the shelter " + UUID.randomUUID();

        assertThat(perform(post("/portal/cases/{id}/safety-plan", opened.caseId()).param("summary", first)
                .param("details", "Code word: blue.").with(intake()).with(csrf())).getStatus()).isEqualTo(302);
        assertThat(perform(post("/portal/cases/{id}/safety-plan", opened.caseId()).param("summary", second)
                .param("details", "").with(intake()).with(csrf())).getStatus()).isEqualTo(302);

        assertThat(cases.find(opened.caseId()).orElseThrow().safetyPlanVersion()).isEqualTo(2);
        String page = perform(get("/portal/cases/{id}/safety-plan", opened.caseId()).with(intake())).getContentAsString();
        assertThat(page).contains("Write version 3", "data-version=\"2\"", "data-version=\"1\"", first, second,
                "<caption>Every version, newest first</caption>");
        // The editor holds the latest version.
        assertThat(page.substring(page.indexOf("id=\"summary\""), page.indexOf("</textarea>", page.indexOf("id=\"summary\""))))
                .contains(second).doesNotContain(first);
        await().atMost(PATIENCE).until(() -> {
            JsonNode log = json.readTree(perform(get("/api/audit/access-log?survivorRef={ref}", opened.survivorRef())
                    .with(Tokens.forSubject("auditor-alert", "alert", "AUDITOR"))).getContentAsString());
            return log.toString().contains("alert-intake") && log.toString().contains("SAFETY_PLAN")
                    && log.toString().contains("safety-plans");
        });
    }

    @Test
    void aSafetyPlanWithoutASummaryComesBackWithTheErrorAndNoVersionIsRecorded() throws Exception {
        SupportCaseView opened = openCase();

        MockHttpServletResponse page = perform(post("/portal/cases/{id}/safety-plan", opened.caseId())
                .param("summary", " ").param("details", "x").with(intake()).with(csrf()));
        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(page.getContentAsString()).contains("id=\"summary-error\"", "Write a summary of the plan.",
                "aria-describedby=\"summary-hint summary-error\"");
        assertThat(perform(post("/portal/cases/{id}/safety-plan", opened.caseId()).param("summary", "x")
                .with(intake())).getStatus()).as("without the CSRF token").isEqualTo(403);
        assertThat(cases.find(opened.caseId()).orElseThrow().safetyPlanVersion()).isZero();
    }

    @Test
    void anotherAgencysStaffCannotReadOrWriteTheSafetyPlan() throws Exception {
        SupportCaseView opened = openCase();
        RequestPostProcessor cease = PortalUsers.of("cease", "SAFETY_NETWORK_COORDINATOR");

        assertThat(perform(get("/portal/cases/{id}/safety-plan", opened.caseId()).with(cease)).getStatus()).isEqualTo(403);
        assertThat(perform(post("/portal/cases/{id}/safety-plan", opened.caseId()).param("summary", "x")
                .with(cease).with(csrf())).getStatus()).isEqualTo(403);
        assertThat(cases.find(opened.caseId()).orElseThrow().safetyPlanVersion()).isZero();
    }

    @Test
    void theDirectoryIsSearchedByKindAgencyAndCityAndAResultLeadsBackToTheCasesReferralFormFilledIn() throws Exception {
        SupportCaseView opened = openCase();
        DirectoryService lodging = directory.servicesOf(AgencyId.CATHOLIC_SOCIAL_SERVICES, SupportService.SAFE_LODGING).get(0);

        String results = perform(get("/portal/directory").param("service", "SAFE_LODGING")
                .param("agency", "CATHOLIC_SOCIAL_SERVICES").param("city", lodging.city())
                .param("caseId", opened.caseId()).with(intake())).getContentAsString();
        assertThat(results).contains("data-directory-service-id=\"" + lodging.id() + "\"", "id=\"choose-" + lodging.id() + "\"");
        directory.services().stream().filter(other -> other.supportService() != SupportService.SAFE_LODGING)
                .forEach(other -> assertThat(results).doesNotContain("data-directory-service-id=\"" + other.id() + "\""));

        String caseWithChoice = perform(get("/portal/cases/{id}", opened.caseId())
                .param("recipientAgency", "CATHOLIC_SOCIAL_SERVICES").param("service", "SAFE_LODGING")
                .param("directoryServiceId", lodging.id()).with(intake())).getContentAsString();
        assertThat(caseWithChoice).contains("value=\"" + lodging.id() + "\"",
                "<option value=\"CATHOLIC_SOCIAL_SERVICES\" selected=\"selected\">",
                "<option value=\"SAFE_LODGING\" selected=\"selected\">");
    }

    @Test
    void aCaseIdThatIsNotOneIsNeverPutIntoTheDirectorysLinks() throws Exception {
        String results = perform(get("/portal/directory").param("caseId", "\"><a href=x>").with(intake()))
                .getContentAsString();
        assertThat(results).doesNotContain("id=\"choose-").doesNotContain("<a href=x>");
    }
}
