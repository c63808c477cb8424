package dev.g20.synth;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The real-world families: what the spectrogram (and the IQ) shows matches their documented parameters and ground truth. */
class RealFamiliesTest {

    /** A noiseless single-emitter source at {@code fs}, always on unless the timing says otherwise. */
    static SyntheticSource clean(Waveform w, Timing t, double fs, long samples) {
        Scene.Settings s = Scene.Settings.of(fs, 0).withNoise(false);
        return new SyntheticSource(new Scene(s, List.of(EmitterSpec.of(w, t, 0, 20)), 5), samples, 0, "test");
    }

    /** IQ of the first {@code n} samples, interleaved. */
    static float[] iq(SyntheticSource src, int n) {
        float[] out = new float[2 * n];
        int got = 0;
        float[] buf = new float[2 * 8192];
        while (got < n) {
            int k = src.read(buf, Math.min(8192, n - got));
            System.arraycopy(buf, 0, out, 2 * got, 2 * k);
            got += k;
        }
        return out;
    }

    /** Mean linear power per bin over all rows of the frames. */
    static double[] spectrum(List<SpectrogramFrame> frames) {
        int bins = frames.getFirst().bins();
        double[] s = new double[bins];
        int rows = 0;
        for (SpectrogramFrame f : frames) {
            for (int r = 0; r < f.rows(); r++) for (int b = 0; b < bins; b++) s[b] += Math.pow(10, f.psdDb()[r * bins + b] / 10);
            rows += f.rows();
        }
        for (int b = 0; b < bins; b++) s[b] /= rows;
        return s;
    }

    /** Width in Hz of the band between the (1 - share) / 2 and (1 + share) / 2 points of the cumulative power. */
    static double occupiedHz(double[] s, double fs, double share) {
        double total = 0;
        for (double v : s) total += v;
        double acc = 0;
        int lo = -1, hi = -1;
        for (int b = 0; b < s.length; b++) {
            acc += s[b];
            if (lo < 0 && acc >= total * (1 - share) / 2) lo = b;
            if (hi < 0 && acc >= total * (1 + share) / 2) hi = b;
        }
        return (hi - lo + 1) * fs / s.length;
    }

    /** Share of the power within [loHz, hiHz] (offsets from the centre). */
    static double shareWithin(double[] s, double fs, double loHz, double hiHz) {
        double total = 0, in = 0;
        for (int b = 0; b < s.length; b++) {
            double f = (b + 0.5 - s.length / 2.0) * fs / s.length;
            total += s[b];
            if (f >= loHz && f <= hiHz) in += s[b];
        }
        return in / total;
    }

    static double db(double x) {
        return 10 * Math.log10(x);
    }

    /** Power of the bin nearest {@code fHz} (bin N/2 is 0 Hz). */
    static double power(double[] s, double fs, double fHz) {
        return s[(int) Math.round(fHz / fs * s.length) + s.length / 2];
    }

    @Test
    void wideFskShowsTwoTonesHTimesTheRateApartInsideOneBox() {
        double fs = 1e6, rs = 10e3, h = 4;
        var w = new Waveform.Fsk(rs, h * rs / 2, 2, 2);
        var src = clean(w, Timing.Continuous.ALWAYS, fs, 600_000);
        double[] s = spectrum(Frames.of(src, Frames.config(4096, 64), 2));
        // the tones at +-20 kHz stand well above the middle between them
        assertThat(db(power(s, fs, 20e3) / power(s, fs, 0))).isGreaterThan(10);
        assertThat(db(power(s, fs, -20e3) / power(s, fs, 0))).isGreaterThan(10);
        // Carson's 50 kHz holds the power (one box over both tones)
        assertThat(shareWithin(s, fs, -w.bandwidthHz(fs) / 2, w.bandwidthHz(fs) / 2)).isGreaterThan(0.95);
        assertThat(occupiedHz(s, fs, 0.99)).isBetween(40e3, 55e3);
    }

    @Test
    void bleGfskOccupiesAboutOneMegahertz() {
        double fs = 4e6;
        var w = new Waveform.Fsk(1e6, 250e3, 0.5, 2);
        double[] s = spectrum(Frames.of(clean(w, Timing.Continuous.ALWAYS, fs, 600_000), Frames.config(4096, 64), 2));
        assertThat(occupiedHz(s, fs, 0.99)).isBetween(0.9e6, 1.5e6);
        assertThat(shareWithin(s, fs, -0.75e6, 0.75e6)).isGreaterThan(0.99);
    }

    /** Lengths (in samples) of the on-runs of |x| > half the peak. */
    static List<Integer> onRuns(float[] x) {
        List<Integer> runs = new java.util.ArrayList<>();
        double peak = 0;
        for (int i = 0; i < x.length / 2; i++) peak = Math.max(peak, Math.hypot(x[2 * i], x[2 * i + 1]));
        int run = 0;
        for (int i = 0; i < x.length / 2; i++) {
            boolean on = Math.hypot(x[2 * i], x[2 * i + 1]) > peak / 2;
            if (on) run++;
            else if (run > 0) {
                runs.add(run);
                run = 0;
            }
        }
        return runs;
    }

    @Test
    void ookPwmKeysPulsesOfOneAndTwoThirdsOfABitWithSplatterOutsideTheMainLobe() {
        double fs = 1e6, rate = 2000;
        var w = new Waveform.Ook(rate, Waveform.Keying.PWM, 24, 2e-6);
        var src = clean(w, Timing.Continuous.ALWAYS, fs, 600_000);
        List<Integer> runs = onRuns(iq(src, 24_000)); // two code words
        assertThat(runs).isNotEmpty().allSatisfy(r -> assertThat(r == 167 || r == 166 || r == 333 || r == 334 || r == 168 || r == 332).as("run %d", r).isTrue());
        assertThat(runs).hasSize(48);
        var src2 = clean(w, Timing.Continuous.ALWAYS, fs, 600_000);
        double[] s = spectrum(Frames.of(src2, Frames.config(4096, 64), 2));
        double half = w.bandwidthHz(fs) / 2; // 6 kHz: 2 / (1/3 bit)
        double in = shareWithin(s, fs, -half, half);
        assertThat(in).isGreaterThan(0.9);
        // hard keying splatters: some power well outside the main lobe, as real remotes show
        assertThat(1 - shareWithin(s, fs, -4 * half, 4 * half)).isGreaterThan(1e-3);
    }

    @Test
    void manchesterOokHasHalfBitPulses() {
        double fs = 1e6;
        var w = new Waveform.Ook(5000, Waveform.Keying.MANCHESTER, 40, 1e-6);
        List<Integer> runs = onRuns(iq(clean(w, Timing.Continuous.ALWAYS, fs, 100_000), 8000));
        // 100 us halves, or 200 us where a 1 follows a 0
        assertThat(runs).allSatisfy(r -> assertThat(Math.abs(r - 100) <= 1 || Math.abs(r - 200) <= 1).as("run %d", r).isTrue());
    }

    @Test
    void modeSMessagesAre120Or64MicrosecondsOfHalfMicrosecondPulses() {
        double fs = 10e6;
        for (boolean ext : new boolean[]{true, false}) {
            var w = new Waveform.ModeS(ext, 0.05e-6);
            double on = w.durationS();
            var src = clean(w, new Timing.Bursts(on, on, 1e-3, 1e-3), fs, 100_000);
            float[] x = iq(src, 100_000);
            List<SigMfAnnotation> anns = src.annotations();
            SigMfAnnotation a = anns.stream().filter(e -> e.sampleStart() > 0).findFirst().orElseThrow();
            assertThat(a.sampleCount()).isEqualTo(Math.round(on * fs));
            assertThat(a.label()).isEqualTo("pulse");
            assertThat(a.extras()).containsKey("g20:emitter_id");
            int s0 = (int) a.sampleStart();
            float[] msg = java.util.Arrays.copyOfRange(x, 2 * s0, 2 * (s0 + (int) a.sampleCount()));
            // every pulse 0.5 us (5 samples), or 1 us where two pulses of adjacent bits touch
            assertThat(onRuns(msg)).allSatisfy(r -> assertThat(Math.abs(r - 5) <= 1 || Math.abs(r - 10) <= 1).as("run %d", r).isTrue());
            // the preamble: pulses at 0, 1, 3.5 and 4.5 us
            double peak = 0;
            for (int i = 0; i < msg.length / 2; i++) peak = Math.max(peak, Math.hypot(msg[2 * i], msg[2 * i + 1]));
            for (double t : new double[]{0.25e-6, 1.25e-6, 3.75e-6, 4.75e-6}) assertThat(mag(msg, (int) (t * fs))).isGreaterThan(0.9 * peak);
            for (double t : new double[]{0.75e-6, 2.5e-6, 6e-6}) assertThat(mag(msg, (int) (t * fs))).isLessThan(0.1 * peak);
        }
    }

    static double mag(float[] x, int i) {
        return Math.hypot(x[2 * i], x[2 * i + 1]);
    }

    @Test
    void radarPulsesHaveTheirWidthAndRepetitionAndTheMainLobeBandwidth() {
        double fs = 10e6;
        var w = new Waveform.RadarPulses(2e-6, 1e-3, 0.2e-6);
        float[] x = iq(clean(w, Timing.Continuous.ALWAYS, fs, 100_000), 100_000);
        List<Integer> runs = onRuns(x);
        assertThat(runs).hasSize(10).allSatisfy(r -> assertThat(r).isBetween(19, 21));
        double[] s = spectrum(Frames.of(clean(w, Timing.Continuous.ALWAYS, fs, 3_000_000), Frames.config(4096, 128), 2));
        assertThat(shareWithin(s, fs, -w.bandwidthHz(fs) / 2, w.bandwidthHz(fs) / 2)).isGreaterThan(0.9);
    }

    @Test
    void cssSweepsItsBandOncePerSymbolAtBandwidthOverSymbolTime() {
        double fs = 1e6;
        var w = new Waveform.Css(125e3, 9);
        double T = w.symbolS(); // 4.096 ms
        SpectrogramConfig cfg = Frames.config(256, 256); // hop 128 samples = 0.128 ms, 32 rows per symbol
        var src = clean(w, Timing.Continuous.ALWAYS, fs, 2_000_000);
        SpectrogramFrame f = Frames.of(src, cfg, 1).getFirst();
        // the peak bin of each row of the preamble's second symbol moves linearly at 125 kHz / 4.096 ms
        int r0 = (int) Math.ceil(T * fs / f.hop()) + 2, r1 = (int) (2 * T * fs / f.hop()) - 4;
        double[] t = new double[r1 - r0], fr = new double[r1 - r0];
        for (int r = r0; r < r1; r++) {
            int best = 0;
            for (int b = 0; b < f.bins(); b++) if (f.psdDb()[r * f.bins() + b] > f.psdDb()[r * f.bins() + best]) best = b;
            t[r - r0] = r * f.hop() / fs;
            fr[r - r0] = (best + 0.5 - f.bins() / 2.0) * fs / f.bins();
        }
        assertThat(slope(t, fr)).isCloseTo(125e3 / T, within(0.05 * 125e3 / T));
        double[] s = spectrum(Frames.of(clean(w, Timing.Continuous.ALWAYS, fs, 2_000_000), Frames.config(4096, 64), 3));
        assertThat(shareWithin(s, fs, -62.5e3, 62.5e3)).isGreaterThan(0.97);
    }

    static double slope(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= x.length;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    @Test
    void wifiOfdmIsSixteenAndAHalfMegahertzWideWithAnEmptyDcCarrierAndACyclicPrefix() {
        double fs = 20e6;
        var w = new Waveform.OfdmNumerology("wifi", 312.5e3, 52, 0.25, false);
        double[] s = spectrum(Frames.of(clean(w, Timing.Continuous.ALWAYS, fs, 600_000), Frames.config(4096, 64), 2));
        assertThat(occupiedHz(s, fs, 0.99)).isBetween(16.0e6, 16.9e6);
        assertThat(db(power(s, fs, 0) / power(s, fs, 1e6))).isLessThan(-6);
        // symbol structure: 80 samples, the first 16 (the prefix) repeat samples 64..79
        float[] x = iq(clean(w, Timing.Continuous.ALWAYS, fs, 10_000), 8000);
        double c = 0, p = 0;
        for (int k = 1; k < 90; k++) {
            for (int i = 80 * k + 5; i < 80 * k + 16; i++) { // inside the prefix, past its taper
                c += x[2 * i] * x[2 * (i + 64)] + x[2 * i + 1] * x[2 * (i + 64) + 1];
                p += x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
            }
        }
        assertThat(c / p).isGreaterThan(0.99);
    }

    @Test
    void lteOfdmAtARateOffItsGridKeepsItsWidthAndALowFloorOutside() {
        double fs = 10e6; // 10 MS/s: 666.7 samples per 15 kHz symbol, read off an interpolated grid
        var w = new Waveform.OfdmNumerology("lte", 15e3, 300, 144.0 / 2048, true);
        double[] s = spectrum(Frames.of(clean(w, Timing.Continuous.ALWAYS, fs, 1_200_000), Frames.config(4096, 128), 2));
        assertThat(occupiedHz(s, fs, 0.99)).isBetween(4.3e6, 4.6e6);
        double inBand = power(s, fs, 1e6), outside = power(s, fs, 4e6);
        assertThat(db(outside / inBand)).isLessThan(-35);
    }

    @Test
    void broadcastFmFillsItsTwoHundredKilohertzChannel() {
        double fs = 1e6;
        var w = new Waveform.WbFm(75e3, true);
        double[] s = spectrum(Frames.of(clean(w, Timing.Continuous.ALWAYS, fs, 1_200_000), Frames.config(4096, 128), 2));
        assertThat(shareWithin(s, fs, -100e3, 100e3)).isGreaterThan(0.97);
        assertThat(occupiedHz(s, fs, 0.9)).isBetween(40e3, 200e3);
    }
}
