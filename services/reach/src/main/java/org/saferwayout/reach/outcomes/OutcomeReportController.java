package org.saferwayout.reach.outcomes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Pattern;
import org.saferwayout.agency.security.AgencyRoles;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The network's de-identified outcome report, as JSON or as CSV ({@code Accept: text/csv} or {@code format=csv}). */
@RestController
@RequestMapping("/api/reports/outcomes")
@SecurityRequirement(name = "bearer")
@Validated
class OutcomeReportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv");
    private static final int MAX_YEARS = OutcomeReports.MAX_YEARS;

    private final OutcomeReports reports;

    OutcomeReportController(OutcomeReports reports) {
        this.reports = reports;
    }

    @Operation(summary = "Distinct survivors helped per service, city and period, small counts suppressed")
    @GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    @PreAuthorize(AgencyRoles.OUTCOME_REPORT_READERS)
    ResponseEntity<?> outcomes(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                               @RequestParam(defaultValue = "month") @Pattern(regexp = "month|quarter|year") String period,
                               @RequestParam(required = false) @Pattern(regexp = "json|csv") String format,
                               @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!OutcomeReports.acceptableRange(from, to)) {
            throw new InvalidRange();
        }
        OutcomeReport report = reports.report(from, to, ReportPeriod.named(period).orElseThrow());
        if ("csv".equals(format) || (format == null && prefersCsv(accept))) {
            return ResponseEntity.ok().contentType(TEXT_CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename("outcomes-" + from + "-" + to + ".csv").build().toString())
                    .body(OutcomeReportCsv.write(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    @ExceptionHandler(InvalidRange.class)
    ProblemDetail invalidRange(InvalidRange e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The report needs dates from <= to, at most " + MAX_YEARS + " years apart, in the years 1 to 9999.");
        problem.setProperty("invalidFields", List.of("from", "to"));
        return problem;
    }

    /** CSV only when the client ranks it above JSON; anything else, or an unreadable header, gets JSON. */
    private static boolean prefersCsv(String accept) {
        if (accept == null) {
            return false;
        }
        try {
            List<MediaType> accepted = new ArrayList<>(MediaType.parseMediaTypes(accept));
            accepted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed()); // stable: ties keep order
            for (MediaType type : accepted) {
                if (type.equalsTypeAndSubtype(TEXT_CSV)) {
                    return true;
                }
                if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                    return false;
                }
            }
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
        return false;
    }

    /** From after to, or too far apart: a fixed message, the dates are not echoed. */
    static final class InvalidRange extends RuntimeException {
        InvalidRange() {
            super("invalid report range", null, false, false);
        }
    }
}
