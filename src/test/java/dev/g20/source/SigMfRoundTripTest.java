package dev.g20.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SigMfRoundTripTest {
    static final long START_NS = 1_700_000_000_123_456_789L;

    /** Largest decode error of one component: half a quantisation step (cf32 is exact). */
    static double step(SampleFormat f) {
        return switch (f) {
            case CF32_LE -> 0;
            case CI16_LE -> 0.5 / 32768;
            case CI8 -> 0.5 / 128;
            case CU8 -> 0.5 / 127.5;
        };
    }

    static float[] ramp(int samples) {
        float[] iq = new float[2 * samples];
        for (int i = 0; i < iq.length; i++) iq[i] = (float) (0.95 * Math.sin(i * 0.173) * (i % 3 == 0 ? 1 : -0.5));
        return iq;
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void everyDatatypeRoundTrips(SampleFormat format, @TempDir Path dir) throws Exception {
        int samples = 70_000; // more than one read chunk of the tests below
        float[] iq = ramp(samples);
        Path meta = TestRecordings.sigmf(dir, "rec", format, 2.5e6, 915e6, START_NS, iq);
        assertThat(Files.size(dir.resolve("rec.sigmf-data"))).isEqualTo((long) samples * format.bytesPerSample());
        SigMf m = SigMf.read(meta);
        assertThat(m.format()).isEqualTo(format);
        assertThat(m.sampleRateHz()).isEqualTo(2.5e6);
        assertThat(m.centerFreqHz()).isEqualTo(915e6);
        assertThat(m.startTimeNs()).isEqualTo(START_NS);
        try (IqSource src = Sources.openFile(meta, null, null, null)) {
            assertThat(src.info().totalSamples()).isEqualTo(samples);
            assertThat(src.info().timestampNs(2_500_000)).isEqualTo(START_NS + 1_000_000_000L);
            float[] got = readAll(src, samples, 4097);
            double tol = step(format) + 1e-7;
            for (int i = 0; i < iq.length; i++) assertThat((double) got[i]).as("component %d", i).isCloseTo(iq[i], within(tol));
        }
    }

    @ParameterizedTest
    @CsvSource({"rec.cf32,,CF32_LE", "rec.cs16,,CI16_LE", "rec.cs8,,CI8", "rec.cu8,,CU8", "rec.bin,cs16,CI16_LE", "rec.iq,cu8,CU8"})
    void rawFilesByExtensionOrFormat(String name, String format, SampleFormat expected, @TempDir Path dir) throws Exception {
        float[] iq = ramp(1000);
        Path file = TestRecordings.raw(dir.resolve(name), expected, iq);
        try (IqSource src = Sources.openFile(file, format, 48_000.0, 7.0e6)) {
            assertThat(src.info().sampleRateHz()).isEqualTo(48_000);
            assertThat(src.info().centerFreqHz()).isEqualTo(7.0e6);
            assertThat(src.info().totalSamples()).isEqualTo(1000);
            float[] got = readAll(src, 1000, 300);
            for (int i = 0; i < iq.length; i++) assertThat((double) got[i]).isCloseTo(iq[i], within(step(expected) + 1e-7));
        }
    }

    @Test
    void captureSampleStartSkipsLeadingSamples(@TempDir Path dir) throws Exception {
        float[] iq = ramp(100);
        Path meta = TestRecordings.sigmf(dir, "rec", SampleFormat.CF32_LE, 1e6, 0, 0, iq);
        var json = SigMf.read(meta).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("captures").get(0)).put("core:sample_start", 10);
        SigMf.writeMeta(meta, json, List.of());
        try (IqSource src = Sources.openFile(meta, null, null, null)) {
            assertThat(src.info().totalSamples()).isEqualTo(90);
            float[] got = readAll(src, 90, 1000);
            assertThat(got[0]).isEqualTo(iq[20]);
        }
    }

    @Test
    void annotationsRoundTripSortedWithExtras(@TempDir Path dir) throws Exception {
        Path meta = TestRecordings.sigmf(dir, "rec", SampleFormat.CI8, 1e6, 100e6, 0, ramp(10));
        var b = new SigMfAnnotation(500, 100, 100.1e6, 100.2e6, "fsk", Map.of("g20:track_id", 7));
        var a = new SigMfAnnotation(20, 30, 99.9e6, 99.95e6, "cw", Map.of());
        SigMf.writeMeta(meta, SigMf.read(meta).json(), List.of(b, a));
        List<SigMfAnnotation> got = SigMf.read(meta).annotations();
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).isEqualTo(a);
        assertThat(got.get(1).label()).isEqualTo("fsk");
        assertThat(got.get(1).extras()).containsEntry("g20:track_id", 7);
        assertThat(got.get(1).freqUpperEdge()).isEqualTo(100.2e6);
    }

    @Test
    void streamingReadsInBoundedChunks(@TempDir Path dir) throws Exception {
        // a read never returns more than asked, and never more than its fixed buffer holds
        int samples = 300_000;
        Path file = TestRecordings.raw(dir.resolve("big.cu8"), SampleFormat.CU8, new float[2 * samples]);
        try (IqSource src = Sources.openFile(file, null, 1e6, null)) {
            float[] buf = new float[2 * 1_000_000];
            long total = 0;
            int n, max = 0;
            while ((n = src.read(buf, 1_000_000)) > 0) {
                total += n;
                max = Math.max(max, n);
            }
            assertThat(total).isEqualTo(samples);
            assertThat(max).isLessThanOrEqualTo((1 << 20) / 2);
        }
    }

    static float[] readAll(IqSource src, int samples, int chunk) {
        float[] out = new float[2 * samples];
        float[] buf = new float[2 * chunk];
        int at = 0, n;
        while ((n = src.read(buf, chunk)) > 0) {
            System.arraycopy(buf, 0, out, 2 * at, 2 * n);
            at += n;
        }
        assertThat(at).isEqualTo(samples);
        return out;
    }
}
