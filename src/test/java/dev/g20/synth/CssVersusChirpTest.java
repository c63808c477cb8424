package dev.g20.synth;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What tells LoRa-like CSS from a radar chirp on the canonical spectrogram (4096-point Hann, hop
 * 2048, 256 rows), the evidence behind docs/synthetic.md's decision: per emission, the share of
 * its rows that are lit (duty), the lit share of its band in a lit row, and the rows where the
 * ridge jumps by more than a third of the band.
 */
class CssVersusChirpTest {
    static final SpectrogramConfig CFG = Frames.config(4096, 256);

    record Features(double duty, double rowFill, double jumpsPerRow) {
    }

    /** Features of the emitter's first emission that lies inside the frame. */
    static Features measure(EmitterSpec spec, double fs, long seed) {
        Scene.Settings s = Scene.Settings.of(fs, 0);
        var src = new SyntheticSource(new Scene(s, List.of(spec), seed), Frames.samplesFor(CFG, 1), 0, "m");
        SpectrogramFrame f = Frames.of(src, CFG, 1).getFirst();
        List<SigMfAnnotation> anns = src.annotations();
        double floor = -44 - 10 * Math.log10(4096 / 1.5);
        int lit = 0, rows = 0, jumps = 0;
        double fill = 0;
        int prevPeak = -1;
        for (SigMfAnnotation a : anns) {
            int b0 = (int) Math.max(0, Math.floor(f.xOf(a.freqLowerEdge()) * f.bins()));
            int b1 = (int) Math.min(f.bins() - 1, Math.ceil(f.xOf(a.freqUpperEdge()) * f.bins()));
            int r0 = (int) Math.max(0, a.sampleStart() / f.hop()), r1 = (int) Math.min(f.rows() - 1, (a.sampleStart() + a.sampleCount()) / f.hop() - 2);
            for (int r = r0; r <= r1; r++) {
                rows++;
                int on = 0, peak = b0;
                for (int b = b0; b <= b1; b++) {
                    float v = f.psdDb()[r * f.bins() + b];
                    if (v > floor + 10) on++;
                    if (v > f.psdDb()[r * f.bins() + peak]) peak = b;
                }
                if (on > 0) {
                    lit++;
                    fill += (double) on / (b1 - b0 + 1);
                    if (prevPeak >= 0 && Math.abs(peak - prevPeak) > (b1 - b0) / 3) jumps++;
                    prevPeak = peak;
                } else prevPeak = -1;
            }
        }
        return new Features(frameDuty(f, floor), lit == 0 ? 0 : fill / lit, lit == 0 ? 0 : (double) jumps / lit);
    }

    /** Share of the frame's rows that are lit (anywhere). */
    static double frameDuty(SpectrogramFrame f, double floor) {
        int lit = 0;
        for (int r = 0; r < f.rows(); r++) {
            int on = 0;
            for (int b = 0; b < f.bins(); b++) if (f.psdDb()[r * f.bins() + b] > floor + 10) on++;
            if (on > 3) lit++;
        }
        return (double) lit / f.rows();
    }

    @Test
    void cssIsContinuousAndJumpsWhereRadarChirpsArePulsedSingleSweeps() {
        StringBuilder table = new StringBuilder();
        double cssDutyMin = 1, chirpDutyMax = 0, cssJumpMin = 1, chirpFillMax = 0, lowSfFillMin = 1;
        for (double bw : new double[]{125e3, 250e3, 500e3}) {
            for (int sf = 7; sf <= 12; sf++) {
                var w = new Waveform.Css(bw, sf);
                double fs = 1e6;
                var spec = EmitterSpec.of(w, Timing.Continuous.ALWAYS, 0, 20);
                Features x = measure(spec, fs, sf);
                table.append(String.format(Locale.ROOT, "css bw %3.0f kHz sf %2d: duty %.2f row fill %.2f jumps/row %.2f%n", bw / 1e3, sf, x.duty(), x.rowFill(), x.jumpsPerRow()));
                cssDutyMin = Math.min(cssDutyMin, x.duty());
                if (sf <= 9) lowSfFillMin = Math.min(lowSfFillMin, x.rowFill());
                if (w.symbolS() > 2 * CFG.fftSize() / fs) cssJumpMin = Math.min(cssJumpMin, x.jumpsPerRow());
            }
        }
        Rng r = new Rng(5);
        for (int i = 0; i < 8; i++) {
            double fs = 10e6;
            var spec = Emitters.random("chirp", r, fs, new Emitters.Planner(fs, r), 20, 20, false, false, 0, 0, 0);
            Features x = measure(spec, fs, 100 + i);
            var t = (Timing.Pulses) spec.timing();
            table.append(String.format(Locale.ROOT, "radar chirp sweep %5.0f kHz, pulse %4.1f ms every %4.1f ms: duty %.2f row fill %.2f jumps/row %.2f%n",
                    spec.waveform().bandwidthHz(fs) / 1e3, t.widthS() * 1e3, t.periodS() * 1e3, x.duty(), x.rowFill(), x.jumpsPerRow()));
            chirpDutyMax = Math.max(chirpDutyMax, x.duty());
            chirpFillMax = Math.max(chirpFillMax, x.rowFill());
        }
        System.out.print(table);
        assertThat(cssDutyMin).isGreaterThan(0.95);
        // at SF 7-9 a row of CSS is a filled block (several sweeps per window), never a radar chirp's ridge
        assertThat(lowSfFillMin).isGreaterThan(0.6);
        assertThat(chirpFillMax).as("radar chirp row fill").isLessThan(0.35);
        assertThat(chirpDutyMax).isLessThan(0.35);
        // a CSS symbol longer than two windows still jumps at symbol boundaries: a sawtooth, not one sweep
        assertThat(cssJumpMin).isGreaterThan(0.05);
    }
}
