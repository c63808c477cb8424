package dev.g20.track;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HungarianTest {
    private final Hungarian h = new Hungarian();

    @Test
    void minCostMatchesBruteForceOnRandomRectangularMatrices() {
        Random r = new Random(1);
        for (int trial = 0; trial < 400; trial++) {
            int rows = 1 + r.nextInt(6), cols = 1 + r.nextInt(6);
            double[][] c = new double[rows][cols];
            for (double[] row : c) for (int j = 0; j < cols; j++) row[j] = r.nextInt(4) == 0 ? r.nextInt(3) : r.nextDouble() * 10 - 3;
            int[] as = new int[rows];
            double got = h.minCost(c, rows, cols, as);
            assertValidAssignment(as, rows, cols, Math.min(rows, cols));
            double sum = 0;
            for (int i = 0; i < rows; i++) if (as[i] >= 0) sum += c[i][as[i]];
            assertThat(got).isCloseTo(sum, within(1e-9));
            assertThat(got).isCloseTo(brute(c, rows, cols, 0, new boolean[cols], Mode.MIN), within(1e-9));
        }
    }

    @Test
    void maxWeightPlainAndCardinalityFirstMatchBruteForce() {
        Random r = new Random(2);
        for (int trial = 0; trial < 400; trial++) {
            int rows = 1 + r.nextInt(6), cols = 1 + r.nextInt(6);
            double[][] w = new double[rows][cols];
            for (double[] row : w) for (int j = 0; j < cols; j++) row[j] = r.nextInt(2) == 0 ? 0 : r.nextDouble();
            int[] as = new int[rows];
            double got = h.maxWeight(w, rows, cols, as, false);
            assertOnlyPositivePairs(w, as, rows, cols);
            assertThat(got).isCloseTo(brute(w, rows, cols, 0, new boolean[cols], Mode.MAX), within(1e-9));

            got = h.maxWeight(w, rows, cols, as, true);
            assertOnlyPositivePairs(w, as, rows, cols);
            double best = brute(w, rows, cols, 0, new boolean[cols], Mode.CARD_FIRST);
            int pairs = 0;
            for (int a : as) if (a >= 0) pairs++;
            assertThat(pairs * CARD + got).isCloseTo(best, within(1e-9));
        }
    }

    @Test
    void cardinalityFirstPrefersTwoWeakPairsOverOneStrong() {
        double[][] w = {{0.95, 0.4}, {0.4, 0}};
        int[] as = new int[2];
        assertThat(h.maxWeight(w, 2, 2, as, false)).isEqualTo(0.95);
        assertThat(as).containsExactly(0, -1);
        assertThat(h.maxWeight(w, 2, 2, as, true)).isCloseTo(0.8, within(1e-12));
        assertThat(as).containsExactly(1, 0);
    }

    @Test
    void emptyMatrices() {
        int[] as = new int[3];
        assertThat(h.minCost(new double[3][0], 3, 0, as)).isZero();
        assertThat(as).containsExactly(-1, -1, -1);
        assertThat(h.maxWeight(new double[0][0], 0, 0, as, true)).isZero();
    }

    private enum Mode { MIN, MAX, CARD_FIRST }

    private static final double CARD = 1000;

    /** Best over all partial injections row -> column (MIN: complete on the smaller side). */
    private static double brute(double[][] c, int rows, int cols, int i, boolean[] used, Mode mode) {
        if (i == rows) {
            if (mode == Mode.MIN) {
                int free = 0;
                for (boolean u : used) if (!u) free++;
                // Every column must be used when rows >= cols.
                return rows >= cols && free > 0 ? Double.POSITIVE_INFINITY : 0;
            }
            return 0;
        }
        double best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        int assignedLeft = 0;
        for (boolean u : used) if (!u) assignedLeft++;
        // Leaving row i unassigned: allowed unless MIN with rows <= cols.
        if (mode != Mode.MIN || rows > cols) {
            double v = brute(c, rows, cols, i + 1, used, mode);
            best = mode == Mode.MIN ? Math.min(best, v) : Math.max(best, v);
        }
        for (int j = 0; j < cols; j++) {
            if (used[j]) continue;
            if (mode != Mode.MIN && !(c[i][j] > 0)) continue;
            used[j] = true;
            double v = brute(c, rows, cols, i + 1, used, mode) + c[i][j] + (mode == Mode.CARD_FIRST ? CARD : 0);
            used[j] = false;
            best = mode == Mode.MIN ? Math.min(best, v) : Math.max(best, v);
        }
        return best;
    }

    private static void assertValidAssignment(int[] as, int rows, int cols, int expectedPairs) {
        boolean[] used = new boolean[cols];
        int pairs = 0;
        for (int i = 0; i < rows; i++) {
            if (as[i] < 0) continue;
            assertThat(used[as[i]]).isFalse();
            used[as[i]] = true;
            pairs++;
        }
        assertThat(pairs).isEqualTo(expectedPairs);
    }

    private static void assertOnlyPositivePairs(double[][] w, int[] as, int rows, int cols) {
        assertValidAssignment(as, rows, cols, countPairs(as));
        for (int i = 0; i < rows; i++) if (as[i] >= 0) assertThat(w[i][as[i]]).isPositive();
    }

    private static int countPairs(int[] as) {
        int n = 0;
        for (int a : as) if (a >= 0) n++;
        return n;
    }
}
