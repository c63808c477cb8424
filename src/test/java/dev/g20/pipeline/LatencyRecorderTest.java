package dev.g20.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyRecorderTest {

    @Test
    void percentilesOverTheRecentWindow() {
        LatencyRecorder r = new LatencyRecorder(100);
        assertThat(r.snapshot().p99Ms()).isZero();
        for (int i = 1; i <= 100; i++) r.recordNanos(i * 1_000_000L); // 1..100 ms
        LatencyRecorder.Snapshot s = r.snapshot();
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p90Ms()).isEqualTo(90.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
        // the window forgets old values; count and max do not
        for (int i = 0; i < 100; i++) r.recordNanos(2_000_000L);
        s = r.snapshot();
        assertThat(s.p99Ms()).isEqualTo(2.0);
        assertThat(s.count()).isEqualTo(200);
        assertThat(s.maxMs()).isEqualTo(100.0);
    }
}
