package org.saferwayout.reach.outcomes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.testapp.InMemoryMongo;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ServiceDeliveryCounted;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.core.io.ClassPathResource;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counted deliveries as a plain unit over the embedded Mongo stand-in: the intake records each count once
 * however often it arrives, and the report counts distinct survivors. The threshold is 2 here so that small
 * counts stay visible (only a 1 would be suppressed, and none occurs).
 */
class OutcomeCountProjectionTest {

    private static final LocalDate MARCH_5 = LocalDate.of(2026, 3, 5);
    private static InMemoryMongo mongo;
    private static NetworkDirectory directory;

    private CountedDeliveries deliveries;
    private OutcomeCountIntake intake;
    private OutcomeReports reports;

    @BeforeAll
    static void start() {
        mongo = InMemoryMongo.start();
        directory = NetworkDirectory.load(new ClassPathResource("directory/network-directory.json"));
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    @BeforeEach
    void freshReadModel() {
        deliveries = new CountedDeliveries(mongo.freshDatabase());
        intake = new OutcomeCountIntake(deliveries, directory, new AgencyProperties(AgencyId.REACH));
        reports = new OutcomeReports(deliveries, directory, new OutcomeReportProperties(2));
    }

    private static ServiceDeliveryCounted counted(SurvivorRef survivor, SupportService service, String city,
                                                  LocalDate day) {
        return counted(survivor, service, city, day, AgencyId.REACH);
    }

    private static ServiceDeliveryCounted counted(SurvivorRef survivor, SupportService service, String city,
                                                  LocalDate day, AgencyId recipient) {
        return new ServiceDeliveryCounted(UUID.randomUUID(), AgencyId.CATHOLIC_SOCIAL_SERVICES, recipient, survivor,
                service, city, day);
    }

    private OutcomeReport.Row row(OutcomeReport report, SupportService service, String city) {
        return report.rows().stream().filter(row -> row.service() == service && row.city().equals(city))
                .findFirst().orElseThrow();
    }

    private static List<Integer> counts(List<OutcomeReport.Count> counts) {
        return counts.stream().map(OutcomeReport.Count::count).toList();
    }

    @Test
    void theSameEventDeliveredTwiceCountsOnce() {
        ServiceDeliveryCounted first = counted(SurvivorRef.issue(), SupportService.SAFE_LODGING, "Edmonton", MARCH_5);
        ServiceDeliveryCounted second = counted(SurvivorRef.issue(), SupportService.SAFE_LODGING, "Edmonton", MARCH_5);

        intake.on(first);
        intake.on(first);
        intake.on(second);

        assertThat(deliveries.between(MARCH_5, MARCH_5)).hasSize(2);
        OutcomeReport report = reports.report(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), ReportPeriod.MONTH);
        assertThat(counts(row(report, SupportService.SAFE_LODGING, "Edmonton").counts())).containsExactly(2);
        assertThat(report.grandTotal().count()).isEqualTo(2);
    }

    @Test
    void aSurvivorHelpedTwiceWithTheSameServiceInAMonthCountsOnce() {
        SurvivorRef twice = SurvivorRef.issue();
        intake.on(counted(twice, SupportService.EXIT_SUPPORT, "Edmonton", MARCH_5));
        intake.on(counted(twice, SupportService.EXIT_SUPPORT, "Edmonton", MARCH_5.plusDays(15)));
        // The same delivery republished under a new event id: the natural key keeps it once.
        intake.on(counted(twice, SupportService.EXIT_SUPPORT, "Edmonton", MARCH_5.plusDays(15)));
        intake.on(counted(SurvivorRef.issue(), SupportService.EXIT_SUPPORT, "Edmonton", MARCH_5));

        OutcomeReport report = reports.report(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), ReportPeriod.MONTH);

        assertThat(deliveries.between(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31))).hasSize(3);
        assertThat(counts(row(report, SupportService.EXIT_SUPPORT, "Edmonton").counts())).containsExactly(2);
        assertThat(row(report, SupportService.EXIT_SUPPORT, "Edmonton").total().count()).isEqualTo(2);
    }

    @Test
    void everyTotalCountsDistinctSurvivors() {
        SurvivorRef a = SurvivorRef.issue();
        SurvivorRef b = SurvivorRef.issue();
        SurvivorRef c = SurvivorRef.issue();
        LocalDate april = LocalDate.of(2026, 4, 9);
        intake.on(counted(a, SupportService.SAFE_LODGING, "Edmonton", MARCH_5));
        intake.on(counted(a, SupportService.SAFE_LODGING, "Edmonton", april));
        intake.on(counted(b, SupportService.SAFE_LODGING, "Edmonton", MARCH_5));
        intake.on(counted(c, SupportService.SAFE_LODGING, "Edmonton", april));
        intake.on(counted(a, SupportService.EMOTIONAL_SUPPORT, "Edmonton", MARCH_5));
        intake.on(counted(c, SupportService.EMOTIONAL_SUPPORT, "Edmonton", MARCH_5));

        OutcomeReport report = reports.report(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 30), ReportPeriod.MONTH);

        assertThat(report.periods()).containsExactly("2026-03", "2026-04");
        OutcomeReport.Row lodging = row(report, SupportService.SAFE_LODGING, "Edmonton");
        assertThat(counts(lodging.counts())).containsExactly(2, 2);
        assertThat(lodging.total().count()).as("a in March and April is one survivor").isEqualTo(3);
        OutcomeReport.Row emotional = row(report, SupportService.EMOTIONAL_SUPPORT, "Edmonton");
        assertThat(counts(emotional.counts())).containsExactly(2, 0);
        assertThat(counts(report.periodTotals())).as("a with two services in March is one survivor")
                .containsExactly(3, 2);
        assertThat(report.grandTotal().count()).isEqualTo(3);
    }

    @Test
    void theReportHasEveryKindInEveryDirectoryCityAndCountsBothEndsOfItsRange() {
        LocalDate from = LocalDate.of(2026, 1, 10);
        LocalDate to = LocalDate.of(2026, 5, 20);
        for (LocalDate day : List.of(from.minusDays(1), from, to, to.plusDays(1))) {
            intake.on(counted(SurvivorRef.issue(), SupportService.COURT_SUPPORT, "Calgary", day));
            intake.on(counted(SurvivorRef.issue(), SupportService.COURT_SUPPORT, "Calgary", day));
        }

        OutcomeReport report = reports.report(from, to, ReportPeriod.QUARTER);

        assertThat(report.periods()).containsExactly("2026-Q1", "2026-Q2");
        assertThat(report.rows()).hasSize(SupportService.values().length * 2);
        assertThat(report.rows()).extracting(OutcomeReport.Row::city).containsOnly("Edmonton", "Calgary");
        assertThat(counts(row(report, SupportService.COURT_SUPPORT, "Calgary").counts())).containsExactly(2, 2);
        assertThat(report.grandTotal().count()).isEqualTo(4);
        assertThat(reports.report(from, to, ReportPeriod.YEAR).periods()).containsExactly("2026");
    }

    @Test
    void countsAddressedElsewhereOrThatCannotBePlacedAreNotRecorded() {
        intake.on(counted(SurvivorRef.issue(), SupportService.SAFE_LODGING, "Edmonton", MARCH_5, AgencyId.CEASE));
        intake.on(counted(SurvivorRef.issue(), SupportService.SAFE_LODGING, " ", MARCH_5));
        intake.on(counted(SurvivorRef.issue(), null, "Edmonton", MARCH_5));
        intake.on(counted(SurvivorRef.issue(), SupportService.SAFE_LODGING, "Edmonton", null));
        intake.on(counted(SurvivorRef.issue(), SupportService.SAFE_LODGING, "Edmonton", LocalDate.of(12026, 3, 5)));
        intake.on(counted(SurvivorRef.issue(), SupportService.SAFE_LODGING, "Edmonton", MARCH_5));

        assertThat(deliveries.between(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31))).singleElement()
                .satisfies(delivery -> assertThat(delivery.deliveredOn()).isEqualTo(MARCH_5));
    }

    @Test
    void aCityIsCountedUnderTheDirectorysSpellingOfIt() {
        intake.on(counted(SurvivorRef.issue(), SupportService.MENTAL_HEALTH_RESOURCES, " edmonton ", MARCH_5));
        intake.on(counted(SurvivorRef.issue(), SupportService.MENTAL_HEALTH_RESOURCES, "EDMONTON", MARCH_5));
        intake.on(counted(SurvivorRef.issue(), SupportService.MENTAL_HEALTH_RESOURCES, "Red Deer", MARCH_5));
        intake.on(counted(SurvivorRef.issue(), SupportService.MENTAL_HEALTH_RESOURCES, "Red Deer", MARCH_5));

        OutcomeReport report = reports.report(MARCH_5, MARCH_5, ReportPeriod.MONTH);

        assertThat(counts(row(report, SupportService.MENTAL_HEALTH_RESOURCES, "Edmonton").counts())).containsExactly(2);
        assertThat(counts(row(report, SupportService.MENTAL_HEALTH_RESOURCES, "Red Deer").counts())).containsExactly(2);
        assertThat(report.rows()).extracting(OutcomeReport.Row::city).containsOnly("Edmonton", "Calgary", "Red Deer");
    }
}
