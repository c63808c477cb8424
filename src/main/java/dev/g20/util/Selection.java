package dev.g20.util;

/** Order statistics of float arrays in place, without sorting or allocating. */
public final class Selection {
    private Selection() {
    }

    /** The k-th smallest of a[from .. from + n) (Hoare's selection with a middle pivot; partially reorders that range). */
    public static float kth(float[] a, int from, int n, int k) {
        int lo = from, hi = from + n - 1;
        k += from;
        while (hi > lo) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }
}
