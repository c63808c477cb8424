package dev.g20.util;

import java.util.Arrays;

/**
 * Disjoint sets over the integers 0..n-1 on one primitive array, reused from frame to frame
 * (no allocation except when it grows). The smaller root always survives a union, so a set's
 * root is its smallest member: numbering by root is the same whatever order the unions came in.
 */
public final class UnionFind {
    private int[] parent;

    /** Room for {@code capacity} elements; none is a set until {@link #reset} or {@link #makeSet}. */
    public UnionFind(int capacity) {
        parent = new int[Math.max(1, capacity)];
    }

    /** Elements 0..n-1, each its own set (grows when needed). */
    public void reset(int n) {
        if (parent.length < n) parent = new int[Math.max(n, 2 * parent.length)];
        for (int k = 0; k < n; k++) parent[k] = k;
    }

    /** Makes {@code k} a set of its own; {@code k} must be below {@link #capacity()}. */
    public void makeSet(int k) {
        parent[k] = k;
    }

    public int capacity() {
        return parent.length;
    }

    /** Doubles the capacity, keeping the sets. */
    public void grow() {
        parent = Arrays.copyOf(parent, parent.length * 2);
    }

    /** The root of {@code k}'s set; compresses the path to it. */
    public int find(int k) {
        int root = k;
        while (parent[root] != root) root = parent[root];
        while (parent[k] != root) {
            int p = parent[k];
            parent[k] = root;
            k = p;
        }
        return root;
    }

    /** Joins the sets of {@code a} and {@code b}; returns the surviving (smaller) root. */
    public int union(int a, int b) {
        int ra = find(a), rb = find(b);
        if (ra == rb) return ra;
        if (ra < rb) {
            parent[rb] = ra;
            return ra;
        }
        parent[ra] = rb;
        return rb;
    }

    /** Whether {@code k} is the root of its set. */
    public boolean isRoot(int k) {
        return parent[k] == k;
    }
}
