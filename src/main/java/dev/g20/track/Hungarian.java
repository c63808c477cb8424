package dev.g20.track;

/**
 * Optimal assignment on a dense rectangular matrix (Hungarian method with row/column potentials and
 * shortest augmenting paths, the Jonker-Volgenant formulation, O(n^2 m) for n = min(rows, cols)).
 * One instance keeps its work arrays between calls, so repeated solves of similar size allocate
 * nothing. Not thread-safe.
 */
public final class Hungarian {
    private double[] u = new double[0], v = new double[0], minv = new double[0];
    private int[] p = new int[0], way = new int[0];
    private boolean[] used = new boolean[0];

    /**
     * Minimum-cost assignment: every row is assigned a distinct column when rows <= cols, otherwise
     * every column a distinct row. {@code rowToCol[i]} receives the column of row i or -1.
     */
    public double minCost(double[][] cost, int rows, int cols, int[] rowToCol) {
        return run(cost, rows, cols, rowToCol, MIN_COST, 0);
    }

    /**
     * Maximum-weight matching where only entries with weight > 0 may be paired (0, negative or NaN
     * means "not allowed"). With {@code cardinalityFirst} it first maximises the number of pairs and
     * then their total weight; otherwise it maximises the total weight alone. {@code rowToCol[i]}
     * receives the matched column of row i or -1. Returns the total weight of the matching.
     */
    public double maxWeight(double[][] weight, int rows, int cols, int[] rowToCol, boolean cardinalityFirst) {
        double bonus = 0;
        if (cardinalityFirst) {
            double maxW = 0;
            for (int i = 0; i < rows; i++) {
                double[] r = weight[i];
                for (int j = 0; j < cols; j++) if (r[j] > maxW) maxW = r[j];
            }
            // One more pair must outweigh any difference in total weight between matchings.
            bonus = (Math.min(rows, cols) + 1) * maxW + 1;
        }
        run(weight, rows, cols, rowToCol, MAX_WEIGHT, bonus);
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int j = rowToCol[i];
            if (j < 0) continue;
            double w = weight[i][j];
            if (w > 0) total += w;
            else rowToCol[i] = -1;
        }
        return total;
    }

    private static final int MIN_COST = 0, MAX_WEIGHT = 1;

    private double run(double[][] a, int rows, int cols, int[] rowToCol, int mode, double bonus) {
        for (int i = 0; i < rows; i++) rowToCol[i] = -1;
        if (rows == 0 || cols == 0) return 0;
        boolean t = rows > cols;
        int n = t ? cols : rows, m = t ? rows : cols;
        ensure(n, m);
        for (int i = 0; i <= n; i++) u[i] = 0;
        for (int j = 0; j <= m; j++) {
            v[j] = 0;
            p[j] = 0;
        }
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            for (int j = 0; j <= m; j++) {
                minv[j] = Double.POSITIVE_INFINITY;
                used[j] = false;
            }
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = Double.POSITIVE_INFINITY, ui0 = u[i0];
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double c = t ? a[j - 1][i0 - 1] : a[i0 - 1][j - 1];
                    if (mode == MAX_WEIGHT) c = c > 0 ? -(bonus + c) : 0;
                    double cur = c - ui0 - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        double total = 0;
        for (int j = 1; j <= m; j++) {
            if (p[j] == 0) continue;
            int r = t ? j - 1 : p[j] - 1, c = t ? p[j] - 1 : j - 1;
            rowToCol[r] = c;
            total += a[r][c];
        }
        return total;
    }

    private void ensure(int n, int m) {
        if (u.length < n + 1) u = new double[n + 1];
        if (v.length < m + 1) {
            v = new double[m + 1];
            minv = new double[m + 1];
            p = new int[m + 1];
            way = new int[m + 1];
            used = new boolean[m + 1];
        }
    }
}
