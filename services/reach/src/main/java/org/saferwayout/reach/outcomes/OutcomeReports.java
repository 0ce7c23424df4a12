package org.saferwayout.reach.outcomes;

import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.events.SupportService;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the outcome report from the counted deliveries. The rows are every kind of service in every city of
 * the directory (and any other city a count names), whether or not anyone was helped there, so the shape of
 * the report says nothing by itself. Survivor pseudonyms are held only while counting and never leave here.
 */
@Component
class OutcomeReports {

    private final CountedDeliveries deliveries;
    private final NetworkDirectory directory;
    private final SmallCellSuppression suppression;
    private final int threshold;

    OutcomeReports(CountedDeliveries deliveries, NetworkDirectory directory, OutcomeReportProperties properties) {
        this.deliveries = deliveries;
        this.directory = directory;
        this.threshold = properties.suppressBelow();
        this.suppression = new SmallCellSuppression(threshold);
    }

    /** Ten years of months is 120 columns; longer ranges are refused rather than built. */
    static final int MAX_YEARS = 10;

    /** Dates from <= to, at most {@link #MAX_YEARS} apart, both storable: what the report may be asked for. */
    static boolean acceptableRange(LocalDate from, LocalDate to) {
        return CountedDeliveries.storable(from) && CountedDeliveries.storable(to) && !to.isBefore(from)
                && !to.isAfter(from.plusYears(MAX_YEARS));
    }

    OutcomeReport report(LocalDate from, LocalDate to, ReportPeriod period) {
        List<CountedDeliveries.Delivery> counted = deliveries.between(from, to);
        List<String> periods = period.labelsBetween(from, to);
        List<RowKey> rows = rows(counted);

        // survivors[r][c]: who was helped; the last row and column collect the totals.
        List<List<Set<String>>> survivors = new ArrayList<>();
        for (int r = 0; r <= rows.size(); r++) {
            List<Set<String>> line = new ArrayList<>();
            for (int c = 0; c <= periods.size(); c++) {
                line.add(new HashSet<>());
            }
            survivors.add(line);
        }
        for (CountedDeliveries.Delivery delivery : counted) {
            int r = rows.indexOf(new RowKey(delivery.service(), delivery.city()));
            int c = periods.indexOf(period.labelOf(delivery.deliveredOn()));
            for (int row : new int[]{r, rows.size()}) {
                for (int column : new int[]{c, periods.size()}) {
                    survivors.get(row).get(column).add(delivery.survivorRef());
                }
            }
        }
        int[][] grid = new int[rows.size() + 1][periods.size() + 1];
        for (int r = 0; r <= rows.size(); r++) {
            for (int c = 0; c <= periods.size(); c++) {
                grid[r][c] = survivors.get(r).get(c).size();
            }
        }
        boolean[][] hidden = suppression.suppressed(grid);

        List<OutcomeReport.Row> reportRows = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            reportRows.add(new OutcomeReport.Row(rows.get(r).service(), rows.get(r).city(),
                    counts(grid[r], hidden[r], periods.size()),
                    OutcomeReport.Count.of(grid[r][periods.size()], hidden[r][periods.size()])));
        }
        int last = rows.size();
        return new OutcomeReport(from, to, period.parameter(), threshold, periods, reportRows,
                counts(grid[last], hidden[last], periods.size()),
                OutcomeReport.Count.of(grid[last][periods.size()], hidden[last][periods.size()]));
    }

    private List<RowKey> rows(List<CountedDeliveries.Delivery> counted) {
        Set<String> cities = new LinkedHashSet<>(directory.cities());
        counted.stream().map(CountedDeliveries.Delivery::city).sorted().forEach(cities::add);
        List<RowKey> rows = new ArrayList<>();
        for (SupportService service : SupportService.values()) {
            for (String city : cities) {
                rows.add(new RowKey(service, city));
            }
        }
        return rows;
    }

    private static List<OutcomeReport.Count> counts(int[] values, boolean[] hidden, int length) {
        List<OutcomeReport.Count> counts = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            counts.add(OutcomeReport.Count.of(values[i], hidden[i]));
        }
        return counts;
    }

    private record RowKey(SupportService service, String city) {
    }
}
