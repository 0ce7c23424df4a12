package org.saferwayout.reach.outcomes;

import org.junit.jupiter.api.Test;
import org.saferwayout.events.SupportService;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV form of the report: one line per row, suppressed counts marked alike, cities made safe to open. */
class OutcomeReportCsvTest {

    private static OutcomeReport.Count shown(int count) {
        return OutcomeReport.Count.of(count, false);
    }

    private static final OutcomeReport.Count HIDDEN = OutcomeReport.Count.of(12, true);

    @Test
    void eachRowIsALineAndEverySuppressedCountReadsTheSame() {
        OutcomeReport report = new OutcomeReport(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 28), "month", 10,
                List.of("2026-01", "2026-02"),
                List.of(new OutcomeReport.Row(SupportService.SAFE_LODGING, "=HYPERLINK(\"http://x\")",
                                List.of(HIDDEN, shown(0)), shown(14)),
                        new OutcomeReport.Row(SupportService.COURT_SUPPORT, "Fort McMurray, AB",
                                List.of(shown(10), HIDDEN), shown(19))),
                List.of(shown(11), HIDDEN), shown(25));

        assertThat(OutcomeReportCsv.write(report)).isEqualTo("""
                service,city,2026-01,2026-02,total\r
                SAFE_LODGING,"'=HYPERLINK(""http://x"")",suppressed,0,14\r
                COURT_SUPPORT,"Fort McMurray, AB",10,suppressed,19\r
                all services,all cities,11,suppressed,25\r
                """);
    }
}
