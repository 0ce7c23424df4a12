package org.saferwayout.reach.outcomes;

import org.saferwayout.agency.portal.PortalController;
import org.saferwayout.agency.security.AgencyRoles;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;

/**
 * REACH's network dashboard: the de-identified outcome report (the API's own, suppressed cells shown as
 * suppressed) as a table and a chart. Defaults to the last twelve months.
 */
@Controller
class OutcomeDashboardPage implements PortalController {

    static final String PATH = "/portal/dashboard";

    private final OutcomeReports reports;
    private final Clock clock;

    OutcomeDashboardPage(OutcomeReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping(PATH)
    @PreAuthorize(AgencyRoles.OUTCOME_REPORT_READERS)
    String dashboard(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                     @RequestParam(defaultValue = "month") String period, Model model, HttpServletResponse response) {
        YearMonth thisMonth = YearMonth.now(clock);
        LocalDate first = from == null ? thisMonth.minusMonths(11).atDay(1) : from;
        LocalDate last = to == null ? thisMonth.atEndOfMonth() : to;
        ReportPeriod columns = ReportPeriod.named(period).orElse(null);
        model.addAttribute("from", first);
        model.addAttribute("to", last);
        model.addAttribute("period", columns == null ? "month" : columns.parameter());
        model.addAttribute("periods", Arrays.stream(ReportPeriod.values()).map(ReportPeriod::parameter).toList());
        if (columns == null || !OutcomeReports.acceptableRange(first, last)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("rangeError", "Choose a start no later than the end, at most "
                    + OutcomeReports.MAX_YEARS + " years apart, and months, quarters or years.");
            return "portal/dashboard";
        }
        OutcomeReport report = reports.report(first, last, columns);
        model.addAttribute("report", report);
        model.addAttribute("chart", OutcomeChart.of(report));
        return "portal/dashboard";
    }
}
