package org.saferwayout.reach.outcomes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ServiceDeliveryCounted;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.saferwayout.reach.testapp.ReachServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The outcome report of the REACH service, from counts published on the exchange to the JSON and CSV a
 * supervisor reads: who may read it, its shape, its suppression, and that no survivor pseudonym ever leaves.
 *
 * <p>The counts (all in 2031, which no other test uses): safe lodging in Edmonton for 12 survivors in January
 * and 3 others in February; emotional support in Edmonton for 10 of the January 12 in January. Hand-computed
 * with the threshold of 10: the 3 is suppressed, so its row (12, 3 | 15) and the period totals (12, 3 | 15)
 * each hide the 12 as well; emotional support (10, 0 | 10) and the grand total 15 are shown.
 */
@ReachServiceTest
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomeReportApiTest {

    private static final String REPORT = "/api/reports/outcomes?from=2031-01-01&to=2031-02-28";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private ObjectMapper json;

    private final List<SurvivorRef> survivors = new ArrayList<>();

    private static ServiceDeliveryCounted counted(SurvivorRef survivor, SupportService service, LocalDate day,
                                                  AgencyId recipient) {
        return new ServiceDeliveryCounted(UUID.randomUUID(), AgencyId.CATHOLIC_SOCIAL_SERVICES, recipient, survivor,
                service, "Edmonton", day);
    }

    @BeforeAll
    void publishTheCounts() throws Exception {
        // Addressed to CEASE: must not count. Published first: the intake reads the exchange in order with one
        // segment, so once the report shows the rest, this one has been read and passed over.
        SurvivorRef elsewhere = SurvivorRef.issue();
        survivors.add(elsewhere);
        exchange.publish(counted(elsewhere, SupportService.SAFE_LODGING, LocalDate.of(2031, 2, 3), AgencyId.CEASE));
        for (int i = 0; i < 15; i++) {
            SurvivorRef survivor = SurvivorRef.issue();
            survivors.add(survivor);
            LocalDate day = i < 12 ? LocalDate.of(2031, 1, 1 + i) : LocalDate.of(2031, 2, 1 + i);
            ServiceDeliveryCounted lodging = counted(survivor, SupportService.SAFE_LODGING, day, AgencyId.REACH);
            exchange.publish(lodging);
            exchange.publish(lodging);
            if (i < 10) {
                exchange.publish(counted(survivor, SupportService.EMOTIONAL_SUPPORT, day, AgencyId.REACH));
                // The same delivery counted again under a new event id.
                exchange.publish(counted(survivor, SupportService.EMOTIONAL_SUPPORT, day, AgencyId.REACH));
            }
        }
        await().atMost(PATIENCE).until(() -> report(get(REPORT)).path("grandTotal").path("count").asInt() == 15);
    }

    private JsonNode report(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = perform(request, "reach", "SUPERVISOR");
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString());
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String agency, String role)
            throws Exception {
        return mvc.perform(request.with(Tokens.of(agency, role))).andReturn().getResponse();
    }

    private JsonNode row(JsonNode report, String service) {
        for (JsonNode row : report.path("rows")) {
            if (row.path("service").asText().equals(service) && row.path("city").asText().equals("Edmonton")) {
                return row;
            }
        }
        throw new AssertionError("no row " + service);
    }

    private void assertNoSurvivorIn(String text) {
        for (SurvivorRef survivor : survivors) {
            assertThat(text).doesNotContain(survivor.value());
        }
    }

    @Test
    void theJsonReportCountsDistinctSurvivorsAndSuppressesSmallCellsAndWhatWouldRevealThem() throws Exception {
        JsonNode report = report(get(REPORT));

        assertThat(report.path("from").asText()).isEqualTo("2031-01-01");
        assertThat(report.path("to").asText()).isEqualTo("2031-02-28");
        assertThat(report.path("period").asText()).isEqualTo("month");
        assertThat(report.path("suppressBelow").asInt()).isEqualTo(10);
        assertThat(report.path("periods").toString()).isEqualTo("[\"2031-01\",\"2031-02\"]");
        assertThat(report.path("rows")).hasSize(SupportService.values().length * 2);
        assertThat(row(report, "SAFE_LODGING").toString()).isEqualTo("""
                {"service":"SAFE_LODGING","city":"Edmonton",\
                "counts":[{"count":null,"suppressed":true},{"count":null,"suppressed":true}],\
                "total":{"count":15,"suppressed":false}}""");
        assertThat(row(report, "EMOTIONAL_SUPPORT").toString()).isEqualTo("""
                {"service":"EMOTIONAL_SUPPORT","city":"Edmonton",\
                "counts":[{"count":10,"suppressed":false},{"count":0,"suppressed":false}],\
                "total":{"count":10,"suppressed":false}}""");
        assertThat(row(report, "COURT_SUPPORT").path("total").toString()).isEqualTo("{\"count\":0,\"suppressed\":false}");
        assertThat(report.path("periodTotals").toString())
                .isEqualTo("[{\"count\":null,\"suppressed\":true},{\"count\":null,\"suppressed\":true}]");
        assertThat(report.path("grandTotal").toString()).isEqualTo("{\"count\":15,\"suppressed\":false}");
        assertNoSurvivorIn(report.toString());
    }

    @Test
    void byQuarterTheSameSurvivorsMakeOneUnsuppressedColumn() throws Exception {
        JsonNode report = report(get(REPORT + "&period=quarter"));

        assertThat(report.path("periods").toString()).isEqualTo("[\"2031-Q1\"]");
        assertThat(row(report, "SAFE_LODGING").path("counts").toString()).isEqualTo("[{\"count\":15,\"suppressed\":false}]");
        assertThat(row(report, "EMOTIONAL_SUPPORT").path("counts").toString()).isEqualTo("[{\"count\":10,\"suppressed\":false}]");
    }

    @Test
    void theCsvReportHasTheSameCountsAskedByAcceptOrByFormat() throws Exception {
        for (MockHttpServletRequestBuilder request : List.of(get(REPORT).accept("text/csv"),
                get(REPORT + "&format=csv"), get(REPORT).header(HttpHeaders.ACCEPT, "application/json;q=0.5, text/csv"))) {
            MockHttpServletResponse response = perform(request, "reach", "AUDITOR");
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(MediaType.parseMediaType(response.getContentType()).equalsTypeAndSubtype(OutcomeReportController.TEXT_CSV))
                    .isTrue();
            assertThat(response.getHeader(HttpHeaders.CONTENT_DISPOSITION))
                    .isEqualTo("attachment; filename=\"outcomes-2031-01-01-2031-02-28.csv\"");
            String csv = response.getContentAsString(StandardCharsets.UTF_8);
            List<String> lines = csv.lines().toList();
            assertThat(lines).hasSize(1 + SupportService.values().length * 2 + 1);
            assertThat(lines).contains(
                    "service,city,2031-01,2031-02,total",
                    "SAFE_LODGING,Edmonton,suppressed,suppressed,15",
                    "EMOTIONAL_SUPPORT,Edmonton,10,0,10",
                    "COURT_SUPPORT,Calgary,0,0,0",
                    "all services,all cities,suppressed,suppressed,15");
            assertThat(lines.get(0)).isEqualTo("service,city,2031-01,2031-02,total");
            assertThat(lines.get(lines.size() - 1)).startsWith("all services,");
            assertNoSurvivorIn(csv);
        }
        MockHttpServletResponse jsonByDefault = perform(get(REPORT).accept("*/*"), "reach", "SUPERVISOR");
        assertThat(jsonByDefault.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
    }

    @ParameterizedTest
    @CsvSource({"reach,SUPERVISOR", "reach,SAFETY_NETWORK_COORDINATOR", "reach,AUDITOR"})
    void supervisorsCoordinatorsAndAuditorsOfReachReadTheReport(String agency, String role) throws Exception {
        assertThat(perform(get(REPORT), agency, role).getStatus()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"reach,INTAKE_WORKER", "reach,PRIVACY_OFFICER", "reach,AGENCY_SYSTEM", "cease,SUPERVISOR",
            "alert,SAFETY_NETWORK_COORDINATOR", "catholic-social-services,AUDITOR"})
    void otherRolesAndOtherAgenciesAreRefused(String agency, String role) throws Exception {
        MockHttpServletResponse response = perform(get(REPORT).accept("text/csv"), agency, role);
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    @Test
    void withoutATokenTheReportAnswers401() throws Exception {
        MockHttpServletResponse response = mvc.perform(get(REPORT)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "?to=2031-02-28|",
            "?from=2031-13-01&to=2031-02-28|from",
            "?from=2031-01-01&to=28.02.2031|to",
            "?from=2031-03-01&to=2031-02-28|from",
            "?from=2020-01-01&to=2031-02-28|from",
            "?from=+12031-01-01&to=+12031-02-28|from",
            "?from=2031-01-01&to=2031-02-28&period=week|period",
            "?from=2031-01-01&to=2031-02-28&format=xml|format"})
    void badParametersAre400ProblemsEvenWhenCsvIsAsked(String query, String field) throws Exception {
        for (String accept : List.of("application/json", "text/csv")) {
            MockHttpServletResponse response = perform(get("/api/reports/outcomes" + query).accept(accept),
                    "reach", "SUPERVISOR");
            assertThat(response.getStatus()).as(query + " " + accept).isEqualTo(400);
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            if (field != null) {
                assertThat(json.readTree(response.getContentAsString()).path("invalidFields").toString())
                        .contains(field);
            }
        }
    }

    @Test
    void noSurvivorPseudonymReachesTheLogs(CapturedOutput output) throws Exception {
        // A count the intake cannot place is logged: by its event id, never by the survivor it names.
        SurvivorRef unplaced = SurvivorRef.issue();
        survivors.add(unplaced);
        ServiceDeliveryCounted noCity = new ServiceDeliveryCounted(UUID.randomUUID(), AgencyId.CEASE, AgencyId.REACH,
                unplaced, SupportService.EXIT_SUPPORT, " ", LocalDate.of(2031, 1, 20));
        exchange.publish(noCity);
        await().atMost(PATIENCE).until(() -> output.getAll().contains(noCity.eventId().toString()));
        report(get(REPORT));
        perform(get(REPORT + "&format=csv"), "reach", "AUDITOR");
        perform(get("/api/reports/outcomes?from=2031-03-01&to=2031-02-28"), "reach", "AUDITOR");

        assertNoSurvivorIn(output.getAll());
    }
}
