package org.saferwayout.reach.outcomes;

/**
 * Decides which counts of a report table are withheld (ADR 007). The table comes with its margins: a grid of
 * {@code rows + 1} by {@code columns + 1} counts whose last column holds the row totals, whose last row holds
 * the column totals, and whose last cell is the grand total.
 *
 * <p><b>Primary:</b> every count from 1 to {@code threshold - 1}, totals included, is suppressed; zeros are
 * shown. <b>Secondary:</b> every row and every column of the grid (margins included) is a line: its last
 * member is the total of the others. A line with exactly one suppressed member would give that member away by
 * subtraction, so a second member is suppressed: the smallest non-zero shown count among the line's parts
 * (the first such in the line on a tie); if there is none, the line's total. This repeats, line by line in
 * grid order (rows, then columns), until a whole pass changes nothing; suppression only grows, so it ends.
 *
 * <p>The report's counts are distinct survivors, so its totals are not exact sums (a survivor helped in two
 * cells is counted once in their total) and subtraction yields bounds rather than values. The rule treats
 * them as sums anyway: survivors often appear in one cell only, and then the total is the sum.
 */
final class SmallCellSuppression {

    private final int threshold;

    SmallCellSuppression(int threshold) {
        if (threshold < 2) {
            throw new IllegalArgumentException("a threshold below 2 suppresses nothing");
        }
        this.threshold = threshold;
    }

    /** Which counts of the grid (margins included, as described above) must not be published. */
    boolean[][] suppressed(int[][] grid) {
        int height = grid.length;
        int width = grid[0].length;
        boolean[][] hidden = new boolean[height][width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                hidden[r][c] = grid[r][c] > 0 && grid[r][c] < threshold;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < height; r++) {
                changed |= protect(grid, hidden, r, -1);
            }
            for (int c = 0; c < width; c++) {
                changed |= protect(grid, hidden, -1, c);
            }
        }
        return hidden;
    }

    /** Secures one line: row {@code row}, or column {@code column} when {@code row} is -1. */
    private static boolean protect(int[][] grid, boolean[][] hidden, int row, int column) {
        int length = row >= 0 ? grid[0].length : grid.length;
        int suppressedMembers = 0;
        for (int i = 0; i < length; i++) {
            if (hiddenAt(hidden, row, column, i)) {
                suppressedMembers++;
            }
        }
        if (suppressedMembers != 1) {
            return false;
        }
        int complement = -1;
        for (int i = 0; i < length - 1; i++) {
            int value = valueAt(grid, row, column, i);
            if (value > 0 && !hiddenAt(hidden, row, column, i)
                    && (complement < 0 || value < valueAt(grid, row, column, complement))) {
                complement = i;
            }
        }
        if (complement < 0) {
            if (hiddenAt(hidden, row, column, length - 1)) {
                return false; // only the total is hidden and every part is zero: nothing to recover
            }
            complement = length - 1;
        }
        hide(hidden, row, column, complement);
        return true;
    }

    private static int valueAt(int[][] grid, int row, int column, int i) {
        return row >= 0 ? grid[row][i] : grid[i][column];
    }

    private static boolean hiddenAt(boolean[][] hidden, int row, int column, int i) {
        return row >= 0 ? hidden[row][i] : hidden[i][column];
    }

    private static void hide(boolean[][] hidden, int row, int column, int i) {
        if (row >= 0) {
            hidden[row][i] = true;
        } else {
            hidden[i][column] = true;
        }
    }
}
