package org.saferwayout.reach.outcomes;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.PortalUsers;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ServiceDeliveryCounted;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.saferwayout.reach.testapp.ReachServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * REACH's network dashboard: the outcome report's own counts and suppression as a table and a chart, for
 * the roles that read the report, never a pseudonym. Counts in 2033 (no other test uses that year): safe lodging
 * in Edmonton for 12 survivors in January and 3 others in February: both months are suppressed, the total 15 shown.
 */
@ReachServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomeDashboardPageTest {

    private static final String DASHBOARD = "/portal/dashboard?from=2033-01-01&to=2033-02-28&period=month";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;

    private final List<SurvivorRef> survivors = new ArrayList<>();

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    @BeforeAll
    void publishTheCounts() {
        for (int i = 0; i < 15; i++) {
            SurvivorRef survivor = SurvivorRef.issue();
            survivors.add(survivor);
            LocalDate day = i < 12 ? LocalDate.of(2033, 1, 1 + i) : LocalDate.of(2033, 2, 1 + i);
            exchange.publish(new ServiceDeliveryCounted(UUID.randomUUID(), AgencyId.CATHOLIC_SOCIAL_SERVICES,
                    AgencyId.REACH, survivor, SupportService.SAFE_LODGING, "Edmonton", day));
        }
        await().atMost(PATIENCE).until(() -> perform(get(DASHBOARD).with(PortalUsers.of("reach", "SUPERVISOR")))
                .getContentAsString().contains(">15<"));
    }

    @Test
    void theDashboardShowsTheReportWithSuppressedCellsAsSuppressedAndAChartWithTitleAndDescription() throws Exception {
        MockHttpServletResponse page = perform(get(DASHBOARD).with(PortalUsers.of("reach", "SUPERVISOR")));

        assertThat(page.getStatus()).isEqualTo(200);
        String html = page.getContentAsString();
        String lodging = html.substring(html.indexOf("<th scope=\"row\">safe lodging</th>"),
                html.indexOf("</tr>", html.indexOf("<th scope=\"row\">safe lodging</th>")));
        // February's 3 is suppressed, and January's 12 with it, since the shown total 15 would give the 3 away (ADR 007).
        assertThat(lodging).contains("Edmonton", ">15<").doesNotContain(">3<").doesNotContain(">12<");
        assertThat(Pattern.compile("class=\"suppressed\">suppressed<").matcher(lodging).results().count()).isEqualTo(2);
        assertThat(html).contains("<caption>Distinct survivors helped, 1 Jan 2033 to 28 Feb 2033</caption>",
                "<th scope=\"col\">2033-01</th>", "id=\"outcome-chart\"", "role=\"img\"",
                "aria-labelledby=\"chart-title chart-desc\"", "<title id=\"chart-title\">",
                "2033-02: suppressed", "id=\"nav-dashboard\"");
        assertThat(Pattern.compile("<title").matcher(html.substring(0, html.indexOf("<body"))).results().count())
                .as("one page title").isEqualTo(1);
        survivors.forEach(survivor -> assertThat(html).doesNotContain(survivor.value()));
    }

    @Test
    void theDashboardIsForTheReportsReadersOfReachOnly() throws Exception {
        assertThat(perform(get(DASHBOARD).with(PortalUsers.of("reach", "AUDITOR"))).getStatus()).isEqualTo(200);
        assertThat(perform(get(DASHBOARD).with(PortalUsers.of("reach", "INTAKE_WORKER"))).getStatus()).isEqualTo(403);
        assertThat(perform(get(DASHBOARD).with(PortalUsers.of("cease", "SUPERVISOR"))).getStatus()).isEqualTo(403);
        MockHttpServletResponse anonymous = perform(get(DASHBOARD));
        assertThat(anonymous.getStatus()).isEqualTo(302);
        assertThat(anonymous.getRedirectedUrl()).endsWith("/oauth2/authorization/swo");
    }

    @Test
    void aRangeTheReportRefusesIsExplainedOnThePage() throws Exception {
        MockHttpServletResponse page = perform(get("/portal/dashboard?from=2033-03-01&to=2033-01-01")
                .with(PortalUsers.of("reach", "SUPERVISOR")));

        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(page.getContentAsString()).contains("id=\"range-error\"", "aria-invalid=\"true\"")
                .doesNotContain("id=\"outcome-report\"");
    }
}
