package org.saferwayout.reach.outcomes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Small-cell suppression on hand-computed tables (threshold 10). Each table is written with its margins: the
 * last column holds the row totals, the last row the column totals, the corner the grand total. In the
 * expected tables {@code X} (null) marks a suppressed count. The working is in each test's comment: lines are
 * secured in grid order (rows, then columns), and a line with exactly one suppressed member gets a second,
 * its smallest shown non-zero part.
 */
class OutcomeSuppressionTest {

    private static final Integer X = null;
    private final SmallCellSuppression suppression = new SmallCellSuppression(10);

    /** The published table: each count, or null where it is suppressed. */
    private Integer[][] publish(int[][] grid) {
        boolean[][] hidden = suppression.suppressed(grid);
        Integer[][] published = new Integer[grid.length][grid[0].length];
        for (int r = 0; r < grid.length; r++) {
            for (int c = 0; c < grid[0].length; c++) {
                published[r][c] = hidden[r][c] ? null : grid[r][c];
            }
        }
        return published;
    }

    @Test
    void nineIsSuppressedTenIsShownAndLinesWithTwoSuppressedNeedNothingMore() {
        int[][] grid = {
                {9, 1, 10, 20},
                {5, 9, 12, 26},
                {10, 10, 40, 60},
                {24, 20, 62, 106}};
        // Primary: 9, 1, 5, 9. Rows 0 and 1 and columns 0 and 1 each hold two of them; every total is 10 or more.
        assertThat(publish(grid)).isDeepEqualTo(new Integer[][]{
                {X, X, 10, 20},
                {X, X, 12, 26},
                {10, 10, 40, 60},
                {24, 20, 62, 106}});
    }

    @Test
    void aTotalThatWouldRevealTheOneSuppressedCellOfItsRowCostsASecondCell() {
        int[][] grid = {
                {3, 20, 15, 38},
                {12, 11, 30, 53},
                {15, 31, 45, 91}};
        // Published naively, 38 - 20 - 15 gives the 3 away.
        // Row 0: only the 3 is hidden -> hide its smallest shown part, the 15.
        // Column 0: only the 3 -> hide the 12. Column 2: only the 15 -> hide the 30. Next pass changes nothing.
        assertThat(publish(grid)).isDeepEqualTo(new Integer[][]{
                {X, 20, X, 38},
                {X, 11, X, 53},
                {15, 31, 45, 91}});
    }

    @Test
    void aSecondarySuppressionThatExposesAnotherLineIsFollowedUntilNothingChanges() {
        int[][] grid = {
                {20, 30, 40, 90},
                {4, 25, 6, 35},
                {11, 50, 60, 121},
                {35, 105, 106, 246}};
        // Primary: 4 and 6, both in row 1, which is therefore safe.
        // Pass 1, columns: column 0 hides the 11 (smaller than 20); column 2 hides the 40 (smaller than 60).
        // Pass 2, rows: row 0 now has only the 40 hidden -> hides the 20; row 2 only the 11 -> hides the 50.
        //         columns: column 1 now has only the 50 hidden -> hides the 25.
        // Pass 3 changes nothing.
        assertThat(publish(grid)).isDeepEqualTo(new Integer[][]{
                {X, 30, X, 90},
                {X, X, X, 35},
                {X, X, 60, 121},
                {35, 105, 106, 246}});
    }

    @Test
    void zerosAreShownAndNeverChosenToProtectAnotherCount() {
        int[][] grid = {
                {5, 0, 20, 25},
                {0, 0, 30, 30},
                {5, 0, 50, 55}};
        // Primary: the 5 in row 0 and the column total 5.
        // Row 0: only the 5 hidden -> hides the 20, not the 0. Total row: only the 5 -> hides the 50.
        // Columns 0 and 2 then hold two hidden each; the next pass changes nothing.
        assertThat(publish(grid)).isDeepEqualTo(new Integer[][]{
                {X, 0, X, 25},
                {0, 0, 30, 30},
                {X, 0, X, 55}});
    }

    @Test
    void aSmallTotalIsSuppressedAndTheGrandTotalDoesNotGiveItAway() {
        int[][] grid = {
                {9, 0, 0, 9},
                {0, 0, 12, 12},
                {9, 0, 12, 21}};
        // Primary: the 9 in row 0, its row total 9 and its column total 9.
        // Total row: only the column total 9 is hidden, and 21 - 12 would give it -> hides the column total 12.
        // Column 2: now only its total is hidden, which 0 + 12 would give -> hides the 12 in row 1.
        // Total column: only the row total 9 is hidden (21 - 12) -> hides the row total 12.
        assertThat(publish(grid)).isDeepEqualTo(new Integer[][]{
                {X, 0, 0, X},
                {0, 0, X, X},
                {X, 0, X, 21}});
    }

    @Test
    void distinctSurvivorTotalsThatAreNotSumsAreProtectedAsIfTheyWere() {
        // One survivor helped in both months of row 0: its total is 14 distinct survivors, not 15.
        int[][] grid = {
                {12, 3, 14},
                {20, 25, 45},
                {32, 28, 59}};
        // Only the 3 is hidden. Row 0: 14 - 12 bounds it (2 or 3) -> treated as a sum: hides the 12.
        // Column 0: now only the 12 -> hides the 20. Column 1: only the 3 -> hides the 25. Then stable.
        assertThat(publish(grid)).isDeepEqualTo(new Integer[][]{
                {X, X, 14},
                {X, X, 45},
                {32, 28, 59}});
    }

    @Test
    void aTableWithNothingSmallIsPublishedWhole() {
        int[][] grid = {
                {0, 10, 10},
                {0, 0, 0},
                {0, 10, 10}};
        assertThat(publish(grid)).isDeepEqualTo(new Integer[][]{
                {0, 10, 10},
                {0, 0, 0},
                {0, 10, 10}});
    }

    @Test
    void theThresholdIsConfigurable() {
        int[][] grid = {
                {4, 3, 5, 12},
                {3, 4, 6, 13},
                {7, 7, 11, 25}};
        // Threshold 5: the 4s and 3s are suppressed (two in each of their rows and columns), the 5 is shown.
        assertThat(new SmallCellSuppression(5).suppressed(grid)).isDeepEqualTo(new boolean[][]{
                {true, true, false, false},
                {true, true, false, false},
                {false, false, false, false}});
        assertThatThrownBy(() -> new SmallCellSuppression(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
