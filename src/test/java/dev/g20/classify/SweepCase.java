package dev.g20.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One synthetic test signal with its truth: the expected modulation and the parameters the
 * classifier should measure (NaN where none applies), the stream rate and the occupied band.
 */
record SweepCase(String name, Modulation truth, double fs, double bandwidthHz, double symbolRateHz, double fskDeviationHz,
                 double fmDeviationHz, double ofdmSymbolS, double chirpRateHzPerS, double pulseWidthS, Generator gen) {

    /** Writes n samples of unit-power baseband. */
    interface Generator {
        void generate(float[] re, float[] im, int n, Random rnd);
    }

    static final double NA = Double.NaN;

    @Override
    public String toString() {
        return name;
    }

    /** The sweep: every modulation at several rates and parameter sets (docs/classify.md lists it). */
    static List<SweepCase> all() {
        List<SweepCase> c = new ArrayList<>();
        double[] rates = {1e6, 2.4e6, 10e6};
        float[][] consts = {TestSignals.BPSK, TestSignals.QPSK, TestSignals.PSK8, TestSignals.QAM16};
        Modulation[] lin = {Modulation.BPSK, Modulation.QPSK, Modulation.PSK8, Modulation.QAM16};
        for (int q = 0; q < 4; q++) {
            float[] pts = consts[q];
            for (double fs : rates)
                for (double rel : new double[]{0.01, 0.04, 0.15}) {
                    double rs = fs * rel, a = rel == 0.04 ? 0.25 : 0.35;
                    c.add(new SweepCase(lin[q].wireName() + " fs=" + fs + " rs=" + rs, lin[q], fs, (1 + a) * rs, rs, NA, NA, NA, NA, NA,
                            (re, im, n, r) -> TestSignals.linear(re, im, n, fs, rs, a, pts, r)));
                }
        }
        for (double fs : new double[]{1e6, 2.4e6})
            for (double h : new double[]{0.5, 1, 2, 4, 8})
                for (double rs : new double[]{2e3, 10e3, 50e3}) {
                    double dev = h * rs / 2;
                    if (2 * dev + rs > fs / 3) continue;
                    c.add(new SweepCase("2fsk fs=" + fs + " rs=" + rs + " h=" + h, Modulation.FSK2, fs, 2 * dev + rs, rs, dev, NA, NA, NA, NA,
                            (re, im, n, r) -> TestSignals.fsk(re, im, n, fs, rs, dev, 2, 0, r)));
                    if (h <= 1) {
                        c.add(new SweepCase("gfsk fs=" + fs + " rs=" + rs + " h=" + h, Modulation.GFSK, fs, 2 * dev + rs, rs, dev, NA, NA, NA, NA,
                                (re, im, n, r) -> TestSignals.fsk(re, im, n, fs, rs, dev, 2, 0.5, r)));
                    }
                    if (h >= 1) {
                        // 4FSK: h between adjacent tones; outer tone at 3 h rs / 2
                        double dev4 = 3 * h * rs / 2;
                        if (2 * dev4 + rs > fs / 3) continue;
                        c.add(new SweepCase("4fsk fs=" + fs + " rs=" + rs + " h=" + h, Modulation.FSK4, fs, 2 * dev4 + rs, rs, dev4, NA, NA, NA, NA,
                                (re, im, n, r) -> TestSignals.fsk(re, im, n, fs, rs, dev4, 4, 0, r)));
                    }
                }
        // BLE-like GFSK at 1 Mbaud
        c.add(new SweepCase("gfsk ble fs=10e6", Modulation.GFSK, 10e6, 1.5e6, 1e6, 250e3, NA, NA, NA, NA,
                (re, im, n, r) -> TestSignals.fsk(re, im, n, 10e6, 1e6, 250e3, 2, 0.5, r)));
        for (double fs : new double[]{250e3, 1e6})
            for (double m : new double[]{0.5, 0.8}) {
                c.add(new SweepCase("am fs=" + fs + " m=" + m, Modulation.AM, fs, 2 * 4e3, NA, NA, NA, NA, NA, NA,
                        (re, im, n, r) -> TestSignals.am(re, im, n, fs, 4e3, m, r)));
            }
        for (double fs : new double[]{250e3, 1e6})
            for (double dev : new double[]{2.5e3, 5e3}) {
                c.add(new SweepCase("nbfm fs=" + fs + " dev=" + dev, Modulation.NBFM, fs, 2 * (2 * dev + 3e3), NA, NA, dev, NA, NA, NA,
                        (re, im, n, r) -> TestSignals.fm(re, im, n, fs, 3e3, dev, r)));
            }
        for (double dev : new double[]{40e3, 75e3}) {
            c.add(new SweepCase("wbfm fs=2.4e6 dev=" + dev, Modulation.WBFM, 2.4e6, 2 * (2 * dev + 15e3), NA, NA, dev, NA, NA, NA,
                    (re, im, n, r) -> TestSignals.fm(re, im, n, 2.4e6, 15e3, dev, r)));
        }
        for (double fs : rates) {
            c.add(new SweepCase("cw fs=" + fs, Modulation.CW, fs, fs / 1024, NA, NA, NA, NA, NA, NA, (re, im, n, r) -> TestSignals.cw(re, im, n)));
        }
        for (int nfft : new int[]{64, 256, 1024, 2048})
            for (double fs : new double[]{10e6, 20e6})
                for (double used : new double[]{0.25, 0.8}) {
                    int u = (int) (nfft * used) & ~1;
                    int cp = nfft == 2048 ? nfft / 4 : nfft / 8;
                    c.add(new SweepCase("ofdm fs=" + fs + " nfft=" + nfft + " used=" + u, Modulation.OFDM, fs, (u + 1) * fs / nfft, NA, NA, NA, nfft / fs, NA, NA,
                            (re, im, n, r) -> TestSignals.ofdm(re, im, n, nfft, u, cp, nfft >= 1024, r)));
                }
        for (double fs : new double[]{1e6, 10e6})
            for (double pulse : new double[]{1e-3, 5e-3}) {
                double sweep = 0.1 * fs;
                c.add(new SweepCase("lfm fs=" + fs + " pulse=" + pulse, Modulation.LFM, fs, sweep, NA, NA, NA, NA, sweep / pulse, NA,
                        (re, im, n, r) -> TestSignals.lfm(re, im, n, fs, sweep, pulse, 3 * pulse, true)));
            }
        for (int sf : new int[]{7, 9})
            for (double bw : new double[]{125e3, 500e3}) {
                double fs = bw * 8;
                c.add(new SweepCase("css bw=" + bw + " sf=" + sf, Modulation.CSS, fs, bw, bw / (1 << sf), NA, NA, NA, bw * bw / (1 << sf), NA,
                        (re, im, n, r) -> TestSignals.css(re, im, n, fs, bw, sf, r)));
            }
        for (double br : new double[]{1e3, 4e3})
            for (double fs : new double[]{250e3, 1e6}) {
                c.add(new SweepCase("ook fs=" + fs + " br=" + br, Modulation.OOK, fs, 6 * br, br, NA, NA, NA, NA, NA,
                        (re, im, n, r) -> TestSignals.ook(re, im, n, fs, br, r)));
            }
        for (double fs : new double[]{2e6, 8e6}) {
            c.add(new SweepCase("ppm fs=" + fs, Modulation.PPM, fs, Math.min(fs, 4e6), NA, NA, NA, NA, NA, 0.5e-6,
                    (re, im, n, r) -> TestSignals.ppm(re, im, n, fs, 112, 400e-6, r)));
        }
        return c;
    }
}
