package org.saferwayout.reach.outcomes;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The columns of the outcome report: calendar months, quarters or years. */
enum ReportPeriod {
    MONTH, QUARTER, YEAR;

    static Optional<ReportPeriod> named(String name) {
        for (ReportPeriod period : values()) {
            if (period.parameter().equals(name)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /** As the {@code period} request parameter names it. */
    String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The label of the period a day falls in: {@code 2026-03}, {@code 2026-Q1} or {@code 2026}. */
    String labelOf(LocalDate day) {
        return switch (this) {
            case MONTH -> YearMonth.from(day).toString();
            case QUARTER -> day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
            case YEAR -> Integer.toString(day.getYear());
        };
    }

    /** Every period that a day from {@code from} to {@code to} falls in, in calendar order. */
    List<String> labelsBetween(LocalDate from, LocalDate to) {
        List<String> labels = new ArrayList<>();
        for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            String label = labelOf(month.atDay(1));
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        return labels;
    }
}
