package dev.g20.classify;

/**
 * Computes {@link ModulationFeatures} from channelized IQ (about {@link Channelizer#OVERSAMPLE}
 * samples per Hz of bandwidth, the band passed to +-bandwidth). Everything is measured in Hz and
 * seconds from the channel rate, and every power statistic has the noise's share taken out (the
 * noise level is the Welch spectrum's low quantile in the passband), so the features mean the
 * same at any rate and SNR. Work buffers grow to the largest input seen; not thread-safe.
 */
final class FeatureExtractor {
    /** Assumed roll-off of the matched filter: real RRC signals use 0.2 to 0.5. */
    private static final double MATCHED_ROLLOFF = 0.35;
    private static final int MATCHED_SPAN = 4;
    private static final int MAX_RUNS = 8192;
    /** Most samples the stretch analyses (lines, frequency, chirp, cumulants) read; gating, noise and the prefix see the whole window. */
    static final int MAX_ANALYSED = 8192;

    private final SpectralKit kit = new SpectralKit();
    private float[] pw = new float[0];
    private float[] yr = new float[0], yi = new float[0];
    private float[] fr = new float[0];
    private float[] zr = new float[0], zi = new float[0];
    private float[] dr = new float[0], di = new float[0];
    private float[] pr = new float[0], pi = new float[0];
    private float[] taps = new float[0];
    private float[] corr = new float[0];
    private final int[] runStart = new int[MAX_RUNS], runEnd = new int[MAX_RUNS];
    private final int[] mergedStart = new int[MAX_RUNS], mergedEnd = new int[MAX_RUNS];
    private final float[] runTmp = new float[MAX_RUNS];
    private final float[] hist = new float[256];

    private void ensure(int n) {
        if (pw.length >= n) return;
        pw = new float[n];
        yr = new float[n];
        yi = new float[n];
        fr = new float[n];
        zr = new float[n];
        zi = new float[n];
        dr = new float[n];
        di = new float[n];
        pr = new float[n];
        pi = new float[n];
        corr = new float[n / 2 + 2];
    }

    /** |H|^2 of the channel filter at a frequency in cycles per sample. */
    interface ChannelShape {
        double powerResponse(double cyclesPerSample);
    }

    ModulationFeatures extract(float[] re, float[] im, int n, double fs, double bandwidthHz, ChannelShape shape) {
        ensure(n);
        double b = Math.min(bandwidthHz, fs);
        double cutoff = Math.min(0.5, b / fs);          // channel passband edge, cycles/sample

        // noise: the low quantile of the Welch spectrum inside the passband
        int nfft = 16;
        while (nfft < 256 && nfft * 16 <= n) nfft <<= 1;
        float[] psd = kit.welch(re, im, n, nfft);
        // undo the channel filter's roll-off, so that noise reads level across the bins kept
        double passFraction = 0;
        int half = 0;
        for (int k = 0; k < nfft; k++) {
            double r = shape.powerResponse((k - nfft / 2.0) / nfft);
            passFraction += r / nfft;
            if (r > 0.25) {
                psd[k] /= (float) r;
                half = Math.max(half, Math.abs(k - nfft / 2));
            }
        }
        half = Math.max(2, half);
        int k0 = Math.max(0, nfft / 2 - half), k1 = Math.min(nfft, nfft / 2 + half);
        double psdNoise = kit.quantile(psd, k0, k1, 0.2) * passFraction;
        double total = 0;
        for (int i = 0; i < n; i++) total += re[i] * re[i] + im[i] * im[i];
        double power = total / n;
        // a band filled edge to edge has no noise-only bins: the quiet tenth of the time (off
        // periods of a bursty signal) says where the noise is, corrected for the smoothing
        int w = (int) Math.max(1, Math.round(fs / b));
        smoothPower(re, im, n, w);
        double timeNoise = kit.quantile(pw, 0, n, 0.1) / gammaQuantile10(w);
        double gateNoise = Math.min(psdNoise, timeNoise);
        // never call more than 30 % of the power noise
        double noise = Math.min(gateNoise, 0.3 * power);
        double noiseLevel = noise / passFraction;
        // centroid of the signal's spectrum above the noise: the coarse frequency correction
        double cw = 0, cf = 0;
        for (int k = k0; k < k1; k++) {
            double e = psd[k] - noiseLevel;
            if (e > 0) {
                cw += e;
                cf += e * (k - nfft / 2.0) / nfft;
            }
        }
        double centroid = cw > 0 ? cf / cw : 0;
        // sidebands: the spectrum within the signal's band (its peak bins left out) over the
        // spectrum between the band's edge and the channel's, which holds only noise
        int peak = k0;
        for (int k = k0; k < k1; k++) if (psd[k] > psd[peak]) peak = k;
        int bandBins = (int) Math.max(2, Math.round(0.5 * b / fs * nfft));
        double inner = 0, outer = 0;
        int ni = 0, no = 0;
        for (int k = k0; k < k1; k++) {
            int d = Math.abs(k - nfft / 2);
            if (Math.abs(k - peak) <= 8) continue;
            if (d < 0.9 * bandBins) {
                inner += psd[k];
                ni++;
            } else if (d > 1.1 * bandBins) {
                outer += psd[k];
                no++;
            }
        }
        double sidebandContrast = ni > 0 && no > 0 && outer > 0 ? (inner / ni) / (outer / no) : Double.NaN;

        // on/off gating on the power smoothed over one reciprocal bandwidth
        double q99 = kit.quantile(pw, 0, n, 0.99);
        int runs;
        int onSamples = 0;
        // a Gaussian-like signal's own power peaks reach 4.6 x its mean unsmoothed: on/off needs more contrast
        if (q99 < 2 * gateNoise * (1 + 3.6 / Math.sqrt(w))) {
            runs = 1;
            runStart[0] = 0;
            runEnd[0] = n;
            onSamples = n;
        } else {
            // hysteresis: a run starts well above the noise (so that noise peaks of the band-limited
            // noise do not), and ends near it (so that a signal's own envelope dips do not split it)
            double hi = Math.max(Math.sqrt(gateNoise * q99), Math.min(8 * gateNoise, 0.3 * q99));
            double lo = Math.min(hi, Math.max(2.5 * gateNoise, 0.25 * hi));
            int gap = (int) Math.max(1, Math.round(fs / b));
            runs = findRuns(n, (float) hi, (float) lo, gap);
            // a signal is bursty only if it is off, in pauses of at least 4 / bandwidth, a tenth of the time
            int longGap = (int) Math.round(4 * fs / b);
            long off = runs > 0 ? runStart[0] + (n - runEnd[runs - 1]) : n;
            for (int r = 1; r < runs; r++) if (runStart[r] - runEnd[r - 1] >= longGap) off += runStart[r] - runEnd[r - 1];
            if (runs > 0 && off < 0.1 * n) {
                runs = 1;
                runStart[0] = 0;
                runEnd[0] = n;
            } else if (runs > 1) {
                // real pauses, but the runs between them may be one signal's envelope dips (OFDM,
                // noise-like): bridged at 4 / bandwidth, runs still mostly on are one burst each;
                // keyed pulses (PPM, OOK) are on half the time or less inside their groups
                int merged = 0;
                long onInside = 0, spanInside = 0;
                for (int r = 0; r < runs; r++) {
                    onInside += runEnd[r] - runStart[r];
                    if (merged > 0 && runStart[r] - mergedEnd[merged - 1] < longGap) {
                        mergedEnd[merged - 1] = runEnd[r];
                    } else {
                        mergedStart[merged] = runStart[r];
                        mergedEnd[merged] = runEnd[r];
                        merged++;
                    }
                }
                for (int r = 0; r < merged; r++) spanInside += mergedEnd[r] - mergedStart[r];
                if (onInside > 0.75 * spanInside) {
                    System.arraycopy(mergedStart, 0, runStart, 0, merged);
                    System.arraycopy(mergedEnd, 0, runEnd, 0, merged);
                    runs = merged;
                }
            }
            for (int r = 0; r < runs; r++) onSamples += runEnd[r] - runStart[r];
        }
        double duty = (double) onSamples / n;
        double pulseWidth = Double.NaN, pulsePeriod = Double.NaN, coherence = Double.NaN, bitS = Double.NaN;
        if (runs >= 2) {
            // the smoothing lengthens every run by w - 1 samples
            for (int r = 0; r < runs; r++) runTmp[r] = Math.max(1, runEnd[r] - runStart[r] - (w - 1));
            pulseWidth = kit.quantile(runTmp, 0, runs, 0.5) / fs;
            // keyed bits: the shortest common run length, averaged over the runs near it
            double w1 = kit.quantile(runTmp, 0, runs, 0.25), sum = 0;
            int cnt = 0;
            for (int r = 0; r < runs; r++) {
                if (runTmp[r] > 0.7 * w1 && runTmp[r] < 1.3 * w1) {
                    sum += runTmp[r];
                    cnt++;
                }
            }
            bitS = cnt > 0 ? sum / cnt / fs : Double.NaN;
            for (int r = 1; r < runs; r++) runTmp[r - 1] = runStart[r] - runStart[r - 1];
            pulsePeriod = kit.quantile(runTmp, 0, runs - 1, 0.5) / fs;
            coherence = runCoherence(re, im, runs, (int) Math.max(1, Math.round(fs / b)));
        }

        // the stretch to analyse: the whole window, or the longest on-run of a bursty one
        int s0 = 0, s1 = n;
        if (duty < 0.9 && runs >= 1) {
            int best = 0;
            for (int r = 1; r < runs; r++) if (runEnd[r] - runStart[r] > runEnd[best] - runStart[best]) best = r;
            s0 = runStart[best];
            s1 = runEnd[best];
        }
        // the per-sample analyses below need no more than MAX_ANALYSED samples: the middle of a longer stretch
        if (s1 - s0 > MAX_ANALYSED) {
            s0 += (s1 - s0 - MAX_ANALYSED) / 2;
            s1 = s0 + MAX_ANALYSED;
        }
        int m = s1 - s0;
        if (m < 64) {
            return new ModulationFeatures(fs, bandwidthHz, 10 * Math.log10(Math.max(q99 - noise, 1e-30) / noise), duty, runs,
                    pulseWidth, pulsePeriod, bitS, coherence, m / fs, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0, Double.NaN, 0, 0,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN);
        }

        // the stretch, mixed down by the spectral centroid
        double p2 = 0, p4 = 0;
        double wc = -2 * Math.PI * centroid;
        double mrc = Math.cos(wc), mrs = Math.sin(wc), mc = 1, ms = 0;
        for (int i = 0; i < m; i++) {
            if ((i & 1023) == 0) {
                // exact phasor every 1024 samples keeps the recurrence'ms rounding bounded
                mc = Math.cos(wc * i);
                ms = Math.sin(wc * i);
            }
            float xr = re[s0 + i], xi = im[s0 + i];
            yr[i] = (float) (xr * mc - xi * ms);
            yi[i] = (float) (xr * ms + xi * mc);
            double a = xr * xr + xi * xi;
            p2 += a;
            p4 += a * a;
            double t = mc * mrc - ms * mrs;
            ms = mc * mrs + ms * mrc;
            mc = t;
        }
        p2 /= m;
        p4 /= m;
        double sig = Math.max(p2 - noise, 0.05 * p2);
        double snrDb = 10 * Math.log10(sig / noise);
        double envKurt = (p4 - 4 * sig * noise - 2 * noise * noise) / (sig * sig);

        // carrier: the strongest single line
        double fLim = Math.min(0.5, 0.9 * cutoff);
        SpectralKit.Line carrier = kit.strongestLine(yr, yi, m, -fLim, fLim);
        double carrierFraction = carrier.power() / ((double) m * m * sig);
        double phaseStd = phaseStd(m, carrier.cyclesPerSample());

        // instantaneous frequency from the smoothed lag-1 product
        int l = (int) Math.clamp(Math.round(0.5 * fs / b), 1, 16);
        int nf = instFreq(m, l, fs);
        double mean = 0;
        for (int i = 0; i < nf; i++) mean += fr[i];
        mean /= Math.max(1, nf);
        double v2 = 0, v4 = 0;
        for (int i = 0; i < nf; i++) {
            double d = fr[i] - mean;
            v2 += d * d;
            v4 += d * d * d * d;
        }
        v2 /= Math.max(1, nf);
        v4 /= Math.max(1, nf);
        double fStd = Math.sqrt(v2);
        double fKurt = v2 > 0 ? v4 / (v2 * v2) : Double.NaN;
        int centre = 0;
        for (int i = 0; i < nf; i++) if (Math.abs(fr[i] - mean) < 0.3 * fStd) centre++;
        // the spread's shape by quantiles, on the frequency smoothed once more (noise clicks sit in
        // the tails): (q90 - q10) / (q75 - q25) is 1 for two levels, 1.5 for four, 1.9 for Gaussian FM
        int l3 = Math.max(1, l);
        double acc = 0;
        int ns3 = Math.max(0, nf - l3 + 1);
        for (int i = 0; i < l3 && i < nf; i++) acc += fr[i];
        for (int i = 0; i < ns3; i++) {
            pw[i] = (float) (acc / l3);
            if (i + l3 < nf) acc += fr[i + l3] - fr[i];
        }
        double q10 = kit.quantile(pw, 0, ns3, 0.1), q90 = kit.quantile(pw, 0, ns3, 0.9);
        double q25 = kit.quantile(pw, 0, ns3, 0.25), q75 = kit.quantile(pw, 0, ns3, 0.75);
        double freqSpread = q75 > q25 ? (q90 - q10) / (q75 - q25) : Double.NaN;
        double centreFraction = (double) centre / Math.max(1, nf);

        // chirp: straight-line fit and local slopes
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < nf; i++) {
            sx += i;
            sy += fr[i];
            sxx += (double) i * i;
            sxy += i * (double) fr[i];
        }
        double den = nf * sxx - sx * sx;
        double slope = den > 0 ? (nf * sxy - sx * sy) / den : 0; // Hz per sample
        double r2 = v2 > 0 ? Math.min(1, slope * slope * (sxx / nf - (sx / nf) * (sx / nf)) / v2) : 0;
        // chirp rate from the second phase difference q[n] = x[n+2t] x*[n+t]^2 x[n]: its phase is
        // 2 pi k t^2 / fs^2 for any chirp, whatever each CSS symbol's start frequency, and near 0
        // for FSK and FM, whose frequency holds still over most lags; the lag grows while the
        // phase stays unambiguous
        double localSlope = 0, chirpFraction = 0;
        double sig2 = sig / (sig + noise);
        for (int t = 4; 2 * t < m / 4; t *= 4) {
            double qr = 0, qi = 0, qa = 0;
            for (int i = 0; i + 2 * t < m; i++) {
                // a = x[n+t] x*[n], c = x[n+2t] x*[n+t]; q = c a*
                double ar = yr[i + t] * yr[i] + yi[i + t] * yi[i], ai = yi[i + t] * yr[i] - yr[i + t] * yi[i];
                double cr = yr[i + 2 * t] * yr[i + t] + yi[i + 2 * t] * yi[i + t], ci = yi[i + 2 * t] * yr[i + t] - yr[i + 2 * t] * yi[i + t];
                qr += cr * ar + ci * ai;
                qi += ci * ar - cr * ai;
                qa += Math.sqrt((cr * cr + ci * ci) * (ar * ar + ai * ai));
            }
            double phase = Math.atan2(qi, qr);
            double k = phase * fs * fs / (2 * Math.PI * (double) t * t); // Hz per second
            double coh = qa > 0 ? Math.min(1, Math.hypot(qr, qi) / qa / (sig2 * sig2)) : 0;
            localSlope = k / fs; // Hz per sample
            chirpFraction = coh;
            // the next lag (4x) multiplies the phase by 16: stop before it wraps
            if (Math.abs(phase) * 16 > 2.5) break;
        }
        // a sweep that crosses less than a third of the band over the stretch is no chirp
        if (Math.abs(localSlope) * m < b / 3) chirpFraction = 0;
        int wraps = 0;
        boolean inWrap = false;
        for (int i = 0; i + l < nf; i += l) {
            boolean wrap = -Math.signum(localSlope) * (fr[i + l] - fr[i]) > 0.5 * b;
            if (wrap && !inWrap) wraps++;
            inWrap = wrap;
        }
        double chirpRate = (r2 > 0.8 ? slope : localSlope) * fs;

        // symbol-rate lines: |x|^2 for linear modulations, |df| for FSK
        for (int i = 0; i < m; i++) pw[i] = yr[i] * yr[i] + yi[i] * yi[i];
        SpectralKit.Line envLine = kit.strongestLine(pw, null, m, Math.max(0.02, 8.0 / m), 0.49);
        for (int i = 0; i + 1 < nf; i++) pw[i] = Math.abs(fr[i + 1] - fr[i]);
        SpectralKit.Line fLine = kit.fundamental(pw, null, Math.max(0, nf - 1), kit.strongestLine(pw, null, Math.max(0, nf - 1), Math.max(0.004, 8.0 / m), 0.3));
        double fskTiming = Double.NaN;
        if (!Double.isNaN(fLine.cyclesPerSample())) {
            // transitions sit where |df| peaks: the line's phase
            double wl = 2 * Math.PI * fLine.cyclesPerSample(), xr = 0, xi = 0, trc = Math.cos(wl), trs = Math.sin(wl), tc = 1, ts = 0;
            for (int i = 0; i + 1 < nf; i++) {
                if ((i & 1023) == 0) {
                    tc = Math.cos(wl * i);
                    ts = Math.sin(wl * i);
                }
                xr += pw[i] * tc;
                xi -= pw[i] * ts;
                double tt = tc * trc - ts * trs;
                ts = tc * trs + ts * trc;
                tc = tt;
            }
            fskTiming = -Math.atan2(xi, xr) / wl;
        }

        // cumulants on symbols from a matched filter at the envelope line's rate
        double[] cum = symbolCumulants(m, envLine.cyclesPerSample(), noiseLevel);

        // OFDM: the cyclic prefix's autocorrelation peak, over the whole window: a bursty OFDM
        // signal (a quiet LTE cell sends single symbols) still repeats its prefix in every burst
        int maxLag = Math.min(n / 2, 16384);
        double ofdmLag = Double.NaN, ofdmPeak = 0, ofdmProm = 0;
        if (maxLag > 48) {
            if (corr.length < maxLag + 1) corr = new float[maxLag + 1];
            kit.autocorrelation(re, im, n, maxLag, corr);
            int tMin = Math.max(16, 4 * l);
            int best = -1;
            for (int t = tMin; t <= maxLag - 1; t++) {
                if (corr[t] >= corr[t - 1] && corr[t] >= corr[t + 1] && (best < 0 || corr[t] > corr[best])) best = t;
            }
            if (best > 0) {
                double around = 0;
                int cnt = 0;
                for (int t = (int) (best * 0.7); t <= Math.min(maxLag, (int) (best * 1.3)); t++) {
                    if (Math.abs(t - best) > Math.max(3, best / 20)) {
                        around += corr[t];
                        cnt++;
                    }
                }
                around = cnt > 0 ? around / cnt : 1;
                ofdmPeak = corr[best];
                ofdmProm = ofdmPeak / Math.max(around, 1e-6);
                // parabolic refinement of the lag
                double a = corr[best - 1], c0 = corr[best], c = corr[best + 1];
                double dd = a - 2 * c0 + c;
                double frac = dd != 0 ? 0.5 * (a - c) / dd : 0;
                ofdmLag = (best + Math.clamp(frac, -0.5, 0.5)) / fs;
            }
        }

        // FSK deviation from the two outer clusters of the instantaneous frequency; FM deviation from its rms
        double fskDev = Double.NaN, transition = Double.NaN;
        if (nf > 16) {
            boolean four = fKurt > 1.45;
            fskDev = fskDeviation(nf, mean, fStd, four, fLine.cyclesPerSample(), fskTiming);
            int mid = 0;
            for (int i = 0; i < nf; i++) if (Math.abs(fr[i] - mean) < 0.5 * fskDev) mid++;
            transition = (double) mid / nf;
        }
        double fmDev = Math.sqrt(2) * fStd;

        return new ModulationFeatures(fs, bandwidthHz, snrDb, duty, runs, pulseWidth, pulsePeriod, bitS, coherence, m / fs,
                envKurt, carrierFraction, sidebandContrast, phaseStd, fStd, fKurt, centreFraction, chirpRate, r2, chirpFraction, wraps,
                freqSpread, envLine.cyclesPerSample() * fs, envLine.prominence(), fLine.cyclesPerSample() * fs, fLine.prominence(),
                (int) cum[0], cum[1], cum[2], cum[3], cum[4], cum[5], cum[6], cum[7],
                ofdmLag, ofdmPeak, ofdmProm, fskDev, transition, fmDev);
    }

    /** The 10 % quantile of the mean of w unit exponentials (Wilson-Hilferty), to unbias a smoothed power's low quantile. */
    static double gammaQuantile10(int w) {
        if (w == 1) return 0.10536;
        double k = 1.0 / (9 * w);
        double c = 1 - k - 1.28155 * Math.sqrt(k);
        return Math.max(0.05, c * c * c);
    }

    private void smoothPower(float[] re, float[] im, int n, int w) {
        double acc = 0;
        int h = w / 2;
        // centred moving average of |x|^2 over w samples (shorter at the ends)
        for (int i = 0; i < Math.min(n, w - h); i++) acc += re[i] * re[i] + im[i] * im[i];
        int lo = 0, hi = Math.min(n, w - h);
        for (int i = 0; i < n; i++) {
            while (hi < Math.min(n, i + w - h)) {
                acc += re[hi] * re[hi] + im[hi] * im[hi];
                hi++;
            }
            while (lo < i - h) {
                acc -= re[lo] * re[lo] + im[lo] * im[lo];
                lo++;
            }
            pw[i] = (float) (acc / (hi - lo));
        }
    }

    /** On-runs of pw: from above {@code hi} until below {@code lo}; gaps shorter than {@code gap} bridged. */
    private int findRuns(int n, float hi, float lo, int gap) {
        int runs = 0;
        int i = 0;
        while (i < n && runs < MAX_RUNS) {
            while (i < n && pw[i] <= hi) i++;
            if (i >= n) break;
            int start = i;
            while (start > 0 && pw[start - 1] > lo) start--;
            while (i < n && pw[i] > lo) i++;
            if (runs > 0 && start - runEnd[runs - 1] < gap) {
                runEnd[runs - 1] = i;
            } else {
                runStart[runs] = start;
                runEnd[runs] = i;
                runs++;
            }
        }
        return runs;
    }

    /** How alike the phase steps inside the runs are (edges left out): 1 for a keyed carrier, near 0 for FSK or PSK. */
    private double runCoherence(float[] re, float[] im, int runs, int edge) {
        double sr = 0, si = 0, sa = 0;
        for (int r = 0; r < runs; r++) {
            for (int i = runStart[r] + edge; i + 1 < runEnd[r] - edge; i++) {
                double a = re[i + 1] * re[i] + im[i + 1] * im[i];
                double c = im[i + 1] * re[i] - re[i + 1] * im[i];
                sr += a;
                si += c;
                sa += Math.sqrt(a * a + c * c);
            }
        }
        return sa > 0 ? Math.hypot(sr, si) / sa : Double.NaN;
    }

    private double phaseStd(int m, double f) {
        if (Double.isNaN(f)) return Double.NaN;
        double w = -2 * Math.PI * f, sr = 0, si = 0, rc = Math.cos(w), rs = Math.sin(w), c = 1, s = 0;
        int cnt = 0;
        for (int i = 0; i < m; i++) {
            if ((i & 1023) == 0) {
                c = Math.cos(w * i);
                s = Math.sin(w * i);
            }
            double a = Math.sqrt(yr[i] * yr[i] + yi[i] * yi[i]);
            if (a > 0) {
                sr += (yr[i] * c - yi[i] * s) / a;
                si += (yr[i] * s + yi[i] * c) / a;
                cnt++;
            }
            double t = c * rc - s * rs;
            s = c * rs + s * rc;
            c = t;
        }
        double r = Math.hypot(sr, si) / Math.max(1, cnt);
        return Math.sqrt(-2 * Math.log(Math.max(r, 1e-12)));
    }

    /** Instantaneous frequency (Hz) of y from the lag-1 product summed over l samples, into fr. */
    private int instFreq(int m, int l, double fs) {
        int np = m - 1;
        for (int i = 0; i < np; i++) {
            pr[i] = yr[i + 1] * yr[i] + yi[i + 1] * yi[i];
            pi[i] = yi[i + 1] * yr[i] - yr[i + 1] * yi[i];
        }
        int nf = np - l + 1;
        double ar = 0, ai = 0;
        for (int i = 0; i < l; i++) {
            ar += pr[i];
            ai += pi[i];
        }
        double k = fs / (2 * Math.PI);
        for (int i = 0; i < nf; i++) {
            fr[i] = (float) (Math.atan2(ai, ar) * k);
            if (i + l < np) {
                ar += pr[i + l] - pr[i];
                ai += pi[i + l] - pi[i];
            }
        }
        return Math.max(0, nf);
    }

    /**
     * The outer tones' offset from the centre: a histogram of the instantaneous frequency, then
     * k-means with 2 (or 4) centres; the outer centres' half distance.
     */
    private double fskDeviation(int nf, double mean, double std, boolean four, double symbolCps, double transition) {
        double lo = mean - 3 * std, hi = mean + 3 * std;
        if (!(hi > lo)) return 0;
        java.util.Arrays.fill(hist, 0f);
        int nb = hist.length;
        double scale = nb / (hi - lo);
        double sps = 1 / symbolCps;
        if (sps >= 4 && !Double.isNaN(transition) && nf / sps >= 32) {
            // the frequency at the symbol centres, half a symbol from the transitions, away from the pulse shaping
            double t0 = ((transition + sps / 2) % sps + sps) % sps;
            for (double t = t0; t < nf - 1; t += sps) {
                int bkt = (int) ((fr[(int) Math.round(t)] - lo) * scale);
                if (bkt >= 0 && bkt < nb) hist[bkt]++;
            }
        } else {
            for (int i = 0; i < nf; i++) {
                int bkt = (int) ((fr[i] - lo) * scale);
                if (bkt >= 0 && bkt < nb) hist[bkt]++;
            }
        }
        int k = four ? 4 : 2;
        double[] c = four ? new double[]{mean - 1.2 * std, mean - 0.4 * std, mean + 0.4 * std, mean + 1.2 * std}
                : new double[]{mean - std, mean + std};
        double[] sum = new double[k], cnt = new double[k];
        for (int it = 0; it < 12; it++) {
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(cnt, 0);
            for (int bkt = 0; bkt < nb; bkt++) {
                if (hist[bkt] == 0) continue;
                double f = lo + (bkt + 0.5) / scale;
                int j = 0;
                for (int q = 1; q < k; q++) if (Math.abs(f - c[q]) < Math.abs(f - c[j])) j = q;
                sum[j] += hist[bkt] * f;
                cnt[j] += hist[bkt];
            }
            for (int q = 0; q < k; q++) if (cnt[q] > 0) c[q] = sum[q] / cnt[q];
        }
        return (c[k - 1] - c[0]) / 2;
    }

    /**
     * Matched filter (RRC at the line's rate), symbol timing from the phase of the line in |z|^2
     * (Oerder-Meyr), the residual carrier from the 2nd or 4th power's line, then the cumulants.
     *
     * @return {symbols, |C20|/S, |C40|/S^2, |C41|/S^2, C42/S^2, |C60|/S^3, C63/S^3, |M80|/S^4}
     */
    private double[] symbolCumulants(int m, double lineCps, double noiseLevel) {
        double[] out = {0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (Double.isNaN(lineCps) || lineCps <= 0) return out;
        double sps = 1 / lineCps;
        if (sps < 2 || sps > 64) return out;
        int half = (int) Math.ceil(MATCHED_SPAN * sps);
        int nt = 2 * half + 1;
        if (m < 4 * nt) return out;
        if (taps.length < nt) taps = new float[nt];
        double e = 0;
        for (int j = 0; j < nt; j++) {
            double v = Rrc.pulse((j - half) / sps, MATCHED_ROLLOFF);
            taps[j] = (float) v;
            e += v * v;
        }
        float norm = (float) (1 / Math.sqrt(e));
        for (int j = 0; j < nt; j++) taps[j] *= norm;
        // the matched filter is itself a low-pass: its output is kept every q-th sample only, at 8 or
        // more samples per symbol, so that wide pulses (many samples per symbol) cost no more than narrow ones
        int q = (int) Math.max(1, Math.floor(sps / 8));
        int nz = (m - nt) / q + 1;
        for (int i = 0; i < nz; i++) {
            int base = i * q;
            float ar = 0, ai = 0;
            for (int j = 0; j < nt; j++) {
                ar += taps[j] * yr[base + j];
                ai += taps[j] * yi[base + j];
            }
            zr[i] = ar;
            zi[i] = ai;
        }
        lineCps *= q;
        sps /= q;
        // timing: |z|^2 peaks where 2 pi f i + arg(X) = 0
        double w = 2 * Math.PI * lineCps, xr = 0, xi = 0, orc = Math.cos(w), ors = Math.sin(w), oc = 1, os = 0;
        for (int i = 0; i < nz; i++) {
            if ((i & 1023) == 0) {
                oc = Math.cos(w * i);
                os = Math.sin(w * i);
            }
            double p = zr[i] * zr[i] + zi[i] * zi[i];
            xr += p * oc;
            xi -= p * os;
            double ot = oc * orc - os * ors;
            os = oc * ors + os * orc;
            oc = ot;
        }
        double t0 = -Math.atan2(xi, xr) / w;
        t0 = ((t0 % sps) + sps) % sps;
        int k = 0;
        for (double t = t0; t + 1 < nz; t += sps, k++) {
            int i = (int) t;
            float fr0 = (float) (t - i);
            dr[k] = zr[i] + fr0 * (zr[i + 1] - zr[i]);
            di[k] = zi[i] + fr0 * (zi[i + 1] - zi[i]);
        }
        if (k < 64) return out;
        double m21 = 0;
        for (int i = 0; i < k; i++) m21 += dr[i] * dr[i] + di[i] * di[i];
        m21 /= k;
        double s = Math.max(m21 - Math.min(noiseLevel, 0.5 * m21), 1e-30);
        // residual carrier: the 2nd power's line for BPSK, else the 4th's
        powerSeq(k, 2);
        SpectralKit.Line l2 = kit.strongestLine(pr, pi, k, -0.5, 0.5);
        double m20 = Math.sqrt(l2.power()) / k;
        double f;
        if (m20 / s > 0.4) {
            f = l2.cyclesPerSample() / 2;
        } else {
            powerSeq(k, 4);
            f = kit.strongestLine(pr, pi, k, -0.5, 0.5).cyclesPerSample() / 4;
        }
        // moments of the derotated symbols
        double a20r = 0, a20i = 0, a40r = 0, a40i = 0, a41r = 0, a41i = 0, a42 = 0, a60r = 0, a60i = 0, a63 = 0, a80r = 0, a80i = 0;
        for (int i = 0; i < k; i++) {
            double ph = -2 * Math.PI * f * i, c = Math.cos(ph), sn = Math.sin(ph);
            double u = dr[i] * c - di[i] * sn, v = dr[i] * sn + di[i] * c;
            double q2r = u * u - v * v, q2i = 2 * u * v;            // d^2
            double mag2 = u * u + v * v;
            double q4r = q2r * q2r - q2i * q2i, q4i = 2 * q2r * q2i;  // d^4
            a20r += q2r;
            a20i += q2i;
            a40r += q4r;
            a40i += q4i;
            a41r += q2r * mag2;
            a41i += q2i * mag2;
            a42 += mag2 * mag2;
            a60r += q4r * q2r - q4i * q2i;
            a60i += q4r * q2i + q4i * q2r;
            a63 += mag2 * mag2 * mag2;
            a80r += q4r * q4r - q4i * q4i;
            a80i += 2 * q4r * q4i;
        }
        a20r /= k; a20i /= k; a40r /= k; a40i /= k; a41r /= k; a41i /= k; a42 /= k; a60r /= k; a60i /= k; a63 /= k; a80r /= k; a80i /= k;
        double m20sq_r = a20r * a20r - a20i * a20i, m20sq_i = 2 * a20r * a20i;
        double c40r = a40r - 3 * m20sq_r, c40i = a40i - 3 * m20sq_i;
        double c41r = a41r - 3 * a20r * m21, c41i = a41i - 3 * a20i * m21;
        double m20abs2 = a20r * a20r + a20i * a20i;
        double c42 = a42 - m20abs2 - 2 * m21 * m21;
        // C60 = M60 - 15 M40 M20 + 30 M20^3
        double m20cube_r = m20sq_r * a20r - m20sq_i * a20i, m20cube_i = m20sq_r * a20i + m20sq_i * a20r;
        double c60r = a60r - 15 * (a40r * a20r - a40i * a20i) + 30 * m20cube_r;
        double c60i = a60i - 15 * (a40r * a20i + a40i * a20r) + 30 * m20cube_i;
        // C63 = M63 - 9 M42 M21 + 12 M21^3 for circular symbols; the non-circular terms
        // (-3 M20 M43 - 3 M22 M41 + 18 M20 M21 M22) taken as 12 |M20|^2 M21, exact for BPSK
        double c63 = a63 - 9 * a42 * m21 + 12 * m21 * m21 * m21 + 12 * m20abs2 * m21;
        // the noise adds nothing to cumulants above second order; the signal power is what normalises
        out[0] = k;
        out[1] = Math.sqrt(m20abs2) / s;
        out[2] = Math.hypot(c40r, c40i) / (s * s);
        out[3] = Math.hypot(c41r, c41i) / (s * s);
        out[4] = c42 / (s * s);
        out[5] = Math.hypot(c60r, c60i) / (s * s * s);
        out[6] = c63 / (s * s * s);
        out[7] = Math.hypot(a80r, a80i) / (s * s * s * s);
        return out;
    }

    /** d^p (p = 2 or 4) of the symbols into pr/pi. */
    private void powerSeq(int k, int p) {
        for (int i = 0; i < k; i++) {
            double u = dr[i], v = di[i];
            double a = u * u - v * v, c = 2 * u * v;
            if (p == 4) {
                double t = a * a - c * c;
                c = 2 * a * c;
                a = t;
            }
            pr[i] = (float) a;
            pi[i] = (float) c;
        }
    }
}
