package org.saferwayout.reach.outcomes;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's chart, laid out on the server (no script): one bar per period of distinct survivors helped
 * across the network. A suppressed count is drawn as an empty dashed bar of full height, labelled, so that
 * neither its height nor its absence tells the count.
 */
public record OutcomeChart(int width, int height, int baseline, List<Bar> bars, String description) {

    static final int WIDTH = 640;
    static final int HEIGHT = 260;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;
    private static final int LEFT = 40;

    /** {@code count} null: suppressed. Coordinates in the SVG's own units. */
    public record Bar(String period, Integer count, int x, int y, int barWidth, int barHeight, int labelX) {

        public boolean suppressed() {
            return count == null;
        }

        public String label() {
            return suppressed() ? "suppressed" : count.toString();
        }
    }

    static OutcomeChart of(OutcomeReport report) {
        int baseline = HEIGHT - BOTTOM;
        int plotHeight = baseline - TOP;
        int max = report.periodTotals().stream().filter(total -> !total.suppressed())
                .mapToInt(OutcomeReport.Count::count).max().orElse(0);
        int slot = report.periods().isEmpty() ? 0 : (WIDTH - LEFT) / report.periods().size();
        int barWidth = Math.max(4, slot * 3 / 5);
        List<Bar> bars = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (int i = 0; i < report.periods().size(); i++) {
            OutcomeReport.Count total = report.periodTotals().get(i);
            int x = LEFT + i * slot + (slot - barWidth) / 2;
            int height = total.suppressed() ? plotHeight : (max == 0 ? 0 : total.count() * plotHeight / max);
            bars.add(new Bar(report.periods().get(i), total.count(), x, baseline - height, barWidth, height,
                    x + barWidth / 2));
            said.add(report.periods().get(i) + ": " + (total.suppressed() ? "suppressed" : total.count()));
        }
        String description = "Distinct survivors helped across the network per period. " + String.join("; ", said)
                + ". Counts from 1 to " + (report.suppressBelow() - 1) + " are suppressed.";
        return new OutcomeChart(WIDTH, HEIGHT, baseline, List.copyOf(bars), description);
    }
}
