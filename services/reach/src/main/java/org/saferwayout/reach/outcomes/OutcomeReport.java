package org.saferwayout.reach.outcomes;

import org.saferwayout.events.SupportService;

import java.time.LocalDate;
import java.util.List;

/**
 * The network's de-identified outcome report: distinct survivors helped, per kind of service and city (rows)
 * and period (columns), with totals. Every count is of distinct survivors, totals included: a survivor helped
 * with two services, or in two months, is one person in the total. Small counts are suppressed (ADR 007).
 *
 * @param suppressBelow counts from 1 to this value less one are never shown
 * @param periods       the column labels, in order; every row has one count per period
 */
record OutcomeReport(LocalDate from, LocalDate to, String period, int suppressBelow, List<String> periods,
                     List<Row> rows, List<Count> periodTotals, Count grandTotal) {

    record Row(SupportService service, String city, List<Count> counts, Count total) {
    }

    /** A published count, or a suppressed one: then {@code count} is null and {@code suppressed} true. */
    record Count(Integer count, boolean suppressed) {

        static Count of(int value, boolean suppressed) {
            return suppressed ? new Count(null, true) : new Count(value, false);
        }
    }
}
