package org.saferwayout.reach.outcomes;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome report as RFC 4180 CSV for spreadsheets: one line per kind of service and city, one column per
 * period, then the totals. A suppressed count reads {@code suppressed}, not {@code <10}: a count hidden to
 * protect another (ADR 007) may be far above the threshold, and a different mark would say which one it was.
 */
final class OutcomeReportCsv {

    private OutcomeReportCsv() {
    }

    static String write(OutcomeReport report) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("service", "city"));
        header.addAll(report.periods());
        header.add("total");
        line(csv, header);
        for (OutcomeReport.Row row : report.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.service().name(), row.city()));
            row.counts().forEach(count -> cells.add(text(count)));
            cells.add(text(row.total()));
            line(csv, cells);
        }
        List<String> totals = new ArrayList<>(List.of("all services", "all cities"));
        report.periodTotals().forEach(count -> totals.add(text(count)));
        totals.add(text(report.grandTotal()));
        line(csv, totals);
        return csv.toString();
    }

    private static String text(OutcomeReport.Count count) {
        return count.suppressed() ? "suppressed" : count.count().toString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    /**
     * Quotes what needs quoting. A city comes from another agency's event, so a text field that a spreadsheet
     * would run as a formula is neutralised with a leading apostrophe (OWASP CSV injection).
     */
    private static String field(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+")
                ? "'" + value : value;
        return safe.matches("[^\",\r\n]*") ? safe : "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
