package dev.g20.classify;

/**
 * Brings one signal's band down to complex baseband at a few samples per bandwidth: mixes the
 * band centre to 0 Hz, low-pass filters and keeps every D-th sample. Large decimations run in two
 * stages, as a CIC cascade would: a third-order box-car (CIC) kernel decimates by D / 4 at
 * 3 multiply-adds per input sample, then a Blackman-windowed sinc ({@link #TAPS_PER_DECIMATION}
 * taps per decimation step) by the last 4, which also sets the band edge; small decimations use
 * the windowed sinc alone. Only the kept outputs are computed. Buffers are sized once; taps are
 * redesigned only when the decimation or the cut-off changes. Not thread-safe.
 */
public final class Channelizer {
    /** Output samples per Hz of signal bandwidth: 4 keeps at least 4 samples per symbol for any RRC signal. */
    static final double OVERSAMPLE = 4;
    /** Taps per decimation step: a transition band of about half the output rate. */
    static final int TAPS_PER_DECIMATION = 12;

    private final int maxInput;
    private final float[] mixRe, mixIm;
    private final float[] outRe, outIm;
    private float[] taps = new float[0];
    private float[] cic = new float[0];
    private int cicCount;
    private int designedCic = -1;
    private int tapCount;
    private int designedD = -1;
    private double designedCutoff = Double.NaN;
    private int outCount;
    private boolean lastUnfiltered;
    private int lastD2 = 1;
    private double outRate;
    private final double[] responseAt = new double[256], responseVal = new double[256];
    private int responseCount;
    private long responseFor = -1, designs;

    public Channelizer(int maxInputSamples) {
        this.maxInput = maxInputSamples;
        this.mixRe = new float[maxInputSamples];
        this.mixIm = new float[maxInputSamples];
        this.outRe = new float[maxInputSamples];
        this.outIm = new float[maxInputSamples];
    }

    /** The decimation that gives about {@link #OVERSAMPLE} samples per Hz of {@code bandwidthHz}. */
    static int decimation(double fs, double bandwidthHz) {
        return (int) Math.max(1, Math.floor(fs / (OVERSAMPLE * Math.max(bandwidthHz, fs * 1e-6))));
    }

    /**
     * Channelizes {@code count} interleaved samples of {@code iq} at {@code fs}: the band centred
     * {@code offsetHz} from the stream's centre, {@code bandwidthHz} wide.
     *
     * @return output samples, in {@link #re()} / {@link #im()} at {@link #outputRateHz()}
     */
    public int channelize(float[] iq, int count, double fs, double offsetHz, double bandwidthHz) {
        count = Math.min(count, maxInput);
        int d = decimation(fs, bandwidthHz);
        // a decimation whose filter is longer than the input would leave nothing
        while (d > 1 && TAPS_PER_DECIMATION * d + 1 > count / 4) d--;
        // the band edge is at +-bandwidth: the signal's own +-B/2 and as much noise either side for the noise estimate
        mix(iq, count, -offsetHz / fs);
        int d1 = 1, d2 = d;
        if (d >= 8) {
            d2 = 4;
            d1 = d / 4;
            d = d1 * d2;
        }
        int n = count;
        if (d1 > 1) {
            designCic(d1);
            // in place: output k is written after inputs below (k + 1) * d1 were read
            n = decimate(mixRe, mixIm, n, cic, cicCount, d1, mixRe, mixIm);
        }
        double rate1 = fs / d1;
        double cutoff2 = Math.min(0.5, bandwidthHz / rate1);
        if (d2 == 1 && cutoff2 >= 0.45) {
            // the band is most of the stream: nothing to remove
            System.arraycopy(mixRe, 0, outRe, 0, n);
            System.arraycopy(mixIm, 0, outIm, 0, n);
            outCount = n;
            lastUnfiltered = true;
        } else {
            lastUnfiltered = false;
            lastD2 = d2;
            design(d2, cutoff2);
            outCount = decimate(mixRe, mixIm, n, taps, tapCount, d2, outRe, outIm);
        }
        outRate = fs / d;
        return outCount;
    }

    /** FIR h (length l) over x, keeping every d-th output: (n - l) / d + 1 outputs. */
    private static int decimate(float[] xr, float[] xi, int n, float[] h, int l, int d, float[] yr, float[] yi) {
        int out = n >= l ? (n - l) / d + 1 : 0;
        for (int k = 0; k < out; k++) {
            int base = k * d;
            float ar = 0, ai = 0;
            for (int j = 0; j < l; j++) {
                float w = h[j];
                ar += w * xr[base + j];
                ai += w * xi[base + j];
            }
            yr[k] = ar;
            yi[k] = ai;
        }
        return out;
    }

    /** Three box-cars of d samples convolved (the CIC's impulse response), unit gain at DC. */
    private void designCic(int d) {
        if (d == designedCic) return;
        int l = 3 * d - 2;
        if (cic.length < l) cic = new float[l];
        double total = (double) d * d * d;
        for (int j = 0; j < l; j++) {
            // number of ways j = a + b + c with a, b, c in [0, d)
            long ways = 0;
            for (int a = 0; a < d && a <= j; a++) {
                int rest = j - a;
                int lo = Math.max(0, rest - (d - 1)), hi = Math.min(d - 1, rest);
                if (hi >= lo) ways += hi - lo + 1;
            }
            cic[j] = (float) (ways / total);
        }
        cicCount = l;
        designedCic = d;
    }

    private void mix(float[] iq, int count, double cyclesPerSample) {
        double w = 2 * Math.PI * cyclesPerSample;
        double cr = Math.cos(w), ci = Math.sin(w);
        double pr = 1, pi = 0;
        for (int i = 0; i < count; ) {
            // exact phasor at each block start keeps the recurrence's rounding from growing
            double ph = w * i;
            pr = Math.cos(ph);
            pi = Math.sin(ph);
            int end = Math.min(count, i + 1024);
            for (; i < end; i++) {
                float xr = iq[2 * i], xi = iq[2 * i + 1];
                mixRe[i] = (float) (xr * pr - xi * pi);
                mixIm[i] = (float) (xr * pi + xi * pr);
                double t = pr * cr - pi * ci;
                pi = pr * ci + pi * cr;
                pr = t;
            }
        }
    }

    private void design(int d, double cutoff) {
        if (d == designedD && cutoff == designedCutoff) return;
        int l = TAPS_PER_DECIMATION * d + 1;
        if (taps.length < l) taps = new float[l]; // grows only to the widest decimation seen
        double mid = (l - 1) / 2.0, sum = 0;
        for (int j = 0; j < l; j++) {
            double t = j - mid;
            double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            double x = 2 * Math.PI * j / (l - 1);
            double win = 0.42 - 0.5 * Math.cos(x) + 0.08 * Math.cos(2 * x);
            taps[j] = (float) (sinc * win);
            sum += taps[j];
        }
        for (int j = 0; j < l; j++) taps[j] /= (float) sum;
        tapCount = l;
        designs++;
        designedD = d;
        designedCutoff = cutoff;
    }

    /**
     * |H|^2 of the last channelization's final filter at {@code cyclesPerSample} of the output
     * rate (1 where nothing was filtered): how the channel shapes white noise.
     */
    public double powerResponse(double cyclesPerSample) {
        if (lastUnfiltered) return 1;
        // the same few bins are asked after every channelization: remembered until the filter changes
        if (responseFor != designs) {
            responseFor = designs;
            responseCount = 0;
        }
        for (int i = 0; i < responseCount; i++) if (responseAt[i] == cyclesPerSample) return responseVal[i];
        double r = response(cyclesPerSample);
        if (responseCount < responseAt.length) {
            responseAt[responseCount] = cyclesPerSample;
            responseVal[responseCount++] = r;
        }
        return r;
    }

    private double response(double cyclesPerSample) {
        double f = cyclesPerSample / lastD2, sr = 0, si = 0;
        for (int j = 0; j < tapCount; j++) {
            sr += taps[j] * Math.cos(2 * Math.PI * f * j);
            si -= taps[j] * Math.sin(2 * Math.PI * f * j);
        }
        return sr * sr + si * si;
    }

    public float[] re() {
        return outRe;
    }

    public float[] im() {
        return outIm;
    }

    public int outputCount() {
        return outCount;
    }

    public double outputRateHz() {
        return outRate;
    }
}
