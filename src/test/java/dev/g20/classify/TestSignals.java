package dev.g20.classify;

import dev.g20.spectrogram.Fft;

import java.util.Random;

/**
 * Known-parameter IQ for the classifier tests: each generator writes unit-power complex baseband
 * at fs; {@link #place} puts it at an offset in a wider stream with white noise at a given SNR in
 * the signal's bandwidth, optionally with a DC offset and 8-bit quantisation.
 */
final class TestSignals {
    private TestSignals() {
    }

    static final float[] BPSK = {1, 0, -1, 0};
    static final float[] QPSK = {0.7071f, 0.7071f, -0.7071f, 0.7071f, -0.7071f, -0.7071f, 0.7071f, -0.7071f};
    static final float[] PSK8 = new float[16];
    static final float[] QAM16 = new float[32];

    static {
        for (int k = 0; k < 8; k++) {
            PSK8[2 * k] = (float) Math.cos(Math.PI * k / 4 + 0.3);
            PSK8[2 * k + 1] = (float) Math.sin(Math.PI * k / 4 + 0.3);
        }
        int i = 0;
        float s = (float) (1 / Math.sqrt(10));
        for (int a = -3; a <= 3; a += 2)
            for (int b = -3; b <= 3; b += 2) {
                QAM16[i++] = a * s;
                QAM16[i++] = b * s;
            }
    }

    /** RRC-shaped symbols of a constellation at any (fractional) samples per symbol. */
    static void linear(float[] re, float[] im, int n, double fs, double rs, double rolloff, float[] points, Random rnd) {
        double sps = fs / rs;
        int span = 6;
        int nsym = (int) Math.ceil(n / sps) + 2 * span + 2;
        float[] ar = new float[nsym], ai = new float[nsym];
        for (int k = 0; k < nsym; k++) {
            int p = rnd.nextInt(points.length / 2);
            ar[k] = points[2 * p];
            ai[k] = points[2 * p + 1];
        }
        double t0 = rnd.nextDouble();
        for (int i = 0; i < n; i++) {
            double t = i / sps + t0 + span;
            int c = (int) t;
            double sr = 0, si = 0;
            for (int k = c - span; k <= c + span; k++) {
                double h = Rrc.pulse(t - k, rolloff);
                sr += h * ar[k];
                si += h * ai[k];
            }
            re[i] = (float) sr;
            im[i] = (float) si;
        }
        normalise(re, im, n);
    }

    /**
     * Continuous-phase FSK, outer deviation {@code devHz}, 2 or 4 levels; {@code bt} > 0 shapes
     * the frequency pulse with a Gaussian of that bandwidth-time product, 0 keeps it rectangular.
     */
    static void fsk(float[] re, float[] im, int n, double fs, double rs, double devHz, int levels, double bt, Random rnd) {
        double sps = fs / rs;
        int nsym = (int) Math.ceil(n / sps) + 8;
        double[] sym = new double[nsym];
        for (int k = 0; k < nsym; k++) sym[k] = levels == 2 ? rnd.nextInt(2) * 2 - 1 : (rnd.nextInt(4) * 2 - 3) / 3.0;
        double sigma = bt > 0 ? Math.sqrt(Math.log(2)) / (2 * Math.PI * bt) : 0;
        double ph = rnd.nextDouble() * 2 * Math.PI, t0 = rnd.nextDouble();
        for (int i = 0; i < n; i++) {
            double t = i / sps + t0 + 4;
            double f;
            if (bt > 0) {
                f = 0;
                int c = (int) Math.floor(t);
                for (int k = c - 3; k <= c + 3; k++) {
                    double u = t - k - 0.5;
                    double g = 0.5 * (erf((u + 0.5) / (sigma * Math.sqrt(2))) - erf((u - 0.5) / (sigma * Math.sqrt(2))));
                    f += g * sym[k];
                }
            } else {
                f = sym[(int) Math.floor(t)];
            }
            ph += 2 * Math.PI * f * devHz / fs;
            re[i] = (float) Math.cos(ph);
            im[i] = (float) Math.sin(ph);
        }
    }

    static double erf(double x) {
        double s = Math.signum(x);
        x = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * x);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return s * y;
    }

    /** Audio of 5 sines in [200 Hz, audioHz]: rms 1 / sqrt(2), the rms of a unit sine. */
    static double[] audio(int n, double fs, double audioHz, Random rnd) {
        double[] a = new double[n];
        for (int q = 0; q < 5; q++) {
            double f = 200 + rnd.nextDouble() * (audioHz - 200), p = rnd.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < n; i++) a[i] += Math.sin(2 * Math.PI * f * i / fs + p) / Math.sqrt(5);
        }
        return a;
    }

    static void am(float[] re, float[] im, int n, double fs, double audioHz, double m, Random rnd) {
        double[] a = audio(n, fs, audioHz, rnd);
        double peak = 0;
        for (double v : a) peak = Math.max(peak, Math.abs(v));
        for (int i = 0; i < n; i++) {
            re[i] = (float) (1 + m * a[i] / peak);
            im[i] = 0;
        }
        normalise(re, im, n);
    }

    /** FM whose sqrt(2) x rms deviation is {@code devHz}. */
    static void fm(float[] re, float[] im, int n, double fs, double audioHz, double devHz, Random rnd) {
        double[] a = audio(n, fs, audioHz, rnd);
        double ph = 0;
        for (int i = 0; i < n; i++) {
            ph += 2 * Math.PI * devHz * a[i] / fs;
            re[i] = (float) Math.cos(ph);
            im[i] = (float) Math.sin(ph);
        }
    }

    static void cw(float[] re, float[] im, int n) {
        java.util.Arrays.fill(re, 0, n, 1f);
        java.util.Arrays.fill(im, 0, n, 0f);
    }

    /** OFDM: nfft-point IFFT at fs, {@code used} carriers around an empty DC, cyclic prefix cp samples. */
    static void ofdm(float[] re, float[] im, int n, int nfft, int used, int cp, boolean qam, Random rnd) {
        Fft fft = new Fft(nfft);
        float[] fr = new float[nfft], fi = new float[nfft];
        float[] pts = qam ? QAM16 : QPSK;
        int i = rnd.nextInt(nfft + cp);
        // start mid-symbol: write whole symbols, skip the first i samples
        int pos = -i;
        while (pos < n) {
            java.util.Arrays.fill(fr, 0f);
            java.util.Arrays.fill(fi, 0f);
            for (int k = 1; k <= used / 2; k++) {
                int a = rnd.nextInt(pts.length / 2), b = rnd.nextInt(pts.length / 2);
                fi[k] = pts[2 * a];
                fr[k] = pts[2 * a + 1];
                fi[nfft - k] = pts[2 * b];
                fr[nfft - k] = pts[2 * b + 1];
            }
            fft.transform(fr, fi);
            for (int j = 0; j < nfft + cp; j++, pos++) {
                if (pos < 0 || pos >= n) continue;
                int src = j < cp ? nfft - cp + j : j - cp;
                re[pos] = fi[src];
                im[pos] = fr[src];
            }
        }
        normalise(re, im, n);
    }

    /** LFM pulses: sweep {@code sweepHz} over {@code pulseS}, one every {@code periodS}, off in between. */
    static void lfm(float[] re, float[] im, int n, double fs, double sweepHz, double pulseS, double periodS, boolean up) {
        int len = (int) (pulseS * fs), per = (int) (periodS * fs);
        double rate = (up ? 1 : -1) * sweepHz / pulseS;
        for (int i = 0; i < n; i++) {
            int j = i % per;
            if (j >= len) {
                re[i] = im[i] = 0;
                continue;
            }
            double t = j / fs;
            double ph = 2 * Math.PI * (-(up ? 1 : -1) * sweepHz / 2 * t + 0.5 * rate * t * t);
            re[i] = (float) Math.cos(ph);
            im[i] = (float) Math.sin(ph);
        }
    }

    /** LoRa-like CSS: up-chirps over bandwidth bw, 2^sf chips per symbol, each cyclically shifted by a random symbol value. */
    static void css(float[] re, float[] im, int n, double fs, double bw, int sf, Random rnd) {
        int chips = 1 << sf;
        double ts = chips / bw;
        int len = (int) Math.round(ts * fs);
        double ph = 0;
        int value = rnd.nextInt(chips);
        for (int i = 0, j = 0; i < n; i++, j++) {
            if (j == len) {
                j = 0;
                value = rnd.nextInt(chips);
            }
            double frac = (j / (double) len + (double) value / chips) % 1.0; // position in the sweep
            double f = -bw / 2 + frac * bw;
            ph += 2 * Math.PI * f / fs;
            re[i] = (float) Math.cos(ph);
            im[i] = (float) Math.sin(ph);
        }
    }

    /** On-off keyed carrier, random NRZ bits at {@code bitRate}, with raised-cosine edges of 5 % of a bit. */
    static void ook(float[] re, float[] im, int n, double fs, double bitRate, Random rnd) {
        double spb = fs / bitRate;
        int nb = (int) Math.ceil(n / spb) + 2;
        boolean[] bits = new boolean[nb];
        for (int k = 0; k < nb; k++) bits[k] = rnd.nextBoolean();
        bits[0] = true;
        double edge = 0.05;
        for (int i = 0; i < n; i++) {
            double t = i / spb;
            int k = (int) t;
            double u = t - k;
            double a = bits[k] ? 1 : 0;
            if (u < edge && bits[k] != (k > 0 && bits[k - 1])) {
                double prev = k > 0 && bits[k - 1] ? 1 : 0, w = 0.5 - 0.5 * Math.cos(Math.PI * u / edge);
                a = prev + (a - prev) * w;
            }
            re[i] = (float) a;
            im[i] = 0;
        }
    }

    /**
     * Mode S-like PPM: replies of an 8 us preamble and {@code bits} bits at 1 Mb/s (a 0.5 us pulse
     * in the first or second half of each bit), one every {@code periodS}.
     */
    static void ppm(float[] re, float[] im, int n, double fs, int bits, double periodS, Random rnd) {
        java.util.Arrays.fill(re, 0, n, 0f);
        java.util.Arrays.fill(im, 0, n, 0f);
        int per = (int) (periodS * fs);
        for (int start = rnd.nextInt(Math.max(1, per / 4)); start < n; start += per) {
            double[] pulses = new double[4 + bits];
            pulses[0] = 0;
            pulses[1] = 1e-6;
            pulses[2] = 3.5e-6;
            pulses[3] = 4.5e-6;
            for (int b = 0; b < bits; b++) pulses[4 + b] = 8e-6 + b * 1e-6 + (rnd.nextBoolean() ? 0 : 0.5e-6);
            for (double p : pulses) {
                int a = start + (int) Math.round(p * fs), e = start + (int) Math.round((p + 0.5e-6) * fs);
                for (int i = a; i < Math.min(n, e); i++) re[i] = 1;
            }
        }
    }

    private static void normalise(float[] re, float[] im, int n) {
        double p = 0;
        for (int i = 0; i < n; i++) p += re[i] * re[i] + im[i] * im[i];
        float k = (float) (1 / Math.sqrt(p / n));
        for (int i = 0; i < n; i++) {
            re[i] *= k;
            im[i] *= k;
        }
    }

    /**
     * The stream a receiver sees: the signal mixed to {@code offsetHz}, white noise such that the
     * signal's mean power while on over the noise in {@code bandwidthHz} is {@code snrDb}, a DC
     * offset {@code dc} (amplitude, full scale 1) and, when {@code cu8}, quantised as an RTL-SDR
     * does (8 bits, 127.5 +- 127.5). Signal power is set so that the total stays well below full
     * scale.
     */
    static float[] place(float[] re, float[] im, int n, double fs, double offsetHz, double bandwidthHz, double snrDb,
                         double dc, boolean cu8, Random rnd) {
        double on = 0;
        int onCount = 0;
        for (int i = 0; i < n; i++) {
            double p = re[i] * re[i] + im[i] * im[i];
            if (p > 1e-6) {
                on += p;
                onCount++;
            }
        }
        double sigPower = onCount > 0 ? on / onCount : 1;
        double noisePower = 1e-3;                                    // -30 dBFS per sample
        double noiseInBand = noisePower * Math.min(1, bandwidthHz / fs);
        double amp = Math.sqrt(noiseInBand * Math.pow(10, snrDb / 10) / sigPower);
        double peak = amp * 2 + 4 * Math.sqrt(noisePower);
        double scale = peak > 0.9 ? 0.9 / peak : 1;
        float[] iq = new float[2 * n];
        double w = 2 * Math.PI * offsetHz / fs, sn = Math.sqrt(noisePower / 2);
        for (int i = 0; i < n; i++) {
            double c = Math.cos(w * i), s = Math.sin(w * i);
            double xr = amp * (re[i] * c - im[i] * s) + sn * rnd.nextGaussian() + dc;
            double xi = amp * (re[i] * s + im[i] * c) + sn * rnd.nextGaussian() + dc;
            xr *= scale;
            xi *= scale;
            if (cu8) {
                xr = (Math.clamp(Math.round(xr * 127.5 + 127.5), 0, 255) - 127.5) / 127.5;
                xi = (Math.clamp(Math.round(xi * 127.5 + 127.5), 0, 255) - 127.5) / 127.5;
            }
            iq[2 * i] = (float) xr;
            iq[2 * i + 1] = (float) xi;
        }
        return iq;
    }
}
