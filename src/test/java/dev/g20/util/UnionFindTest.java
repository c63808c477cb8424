package dev.g20.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnionFindTest {
    @Test
    void rootIsTheSmallestMemberWhateverTheOrder() {
        UnionFind u = new UnionFind(2);
        u.reset(6);
        assertThat(u.union(5, 3)).isEqualTo(3);
        assertThat(u.union(4, 5)).isEqualTo(3);
        assertThat(u.union(1, 4)).isEqualTo(1);
        assertThat(u.find(5)).isEqualTo(1);
        assertThat(u.find(0)).isZero();
        assertThat(u.find(2)).isEqualTo(2);
        assertThat(u.isRoot(3)).isFalse();
        u.reset(6);
        assertThat(u.find(5)).isEqualTo(5);
    }

    @Test
    void growKeepsTheSets() {
        UnionFind u = new UnionFind(2);
        u.makeSet(0);
        u.makeSet(1);
        u.union(0, 1);
        u.grow();
        assertThat(u.capacity()).isEqualTo(4);
        u.makeSet(3);
        assertThat(u.find(1)).isZero();
        assertThat(u.union(3, 1)).isZero();
    }
}
