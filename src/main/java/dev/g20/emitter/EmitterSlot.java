package dev.g20.emitter;

import java.util.Arrays;

/**
 * Mutable state of one emitter in {@link EmitterBuilder}: this frame's on-intervals (one per member
 * track matched in it), a ring of recent ones (for linking new tracks and hops), and running sums
 * for everything the {@link Emitter} record reports. Times are source sample indices, bands Hz.
 * Recycled through a pool; every array is reused and grown only on demand.
 */
final class EmitterSlot {
    /** Recent intervals kept for linking and PRI. */
    static final int RING = 64;
    /** Channel centres kept for a hopper. */
    static final int MAX_CHANNELS = 128;

    long id;
    boolean published, changed;
    /** Young emitters that joined this one as hops: more than 0 makes it a hopper. */
    int hopLinks;
    double lastPublishSample;

    // this frame's intervals, not yet integrated
    int frameCount;
    double[] fStart = new double[4], fEnd = new double[4], fLo = new double[4], fHi = new double[4], fSnr = new double[4];
    boolean[] fClipped = new boolean[4];
    String[] fClass = new String[4];

    // recent integrated intervals, oldest overwritten
    final double[] rStart = new double[RING], rEnd = new double[RING], rLo = new double[RING], rHi = new double[RING];
    final boolean[] rClipped = new boolean[RING];
    int ringSize, ringNext;

    // extent
    double firstSample, lastSample;
    long firstSeenNs, lastSeenNs, firstFrameId, lastFrameId;
    double freqMin, freqMax, bwSum, centreSum, lastLo, lastHi;
    int bandN;
    double snrPeak, snrSum;
    int snrN;

    // bursts: union of on-time over all bands
    double onSamples, burstStart, burstEnd, burstLenSum;
    int bursts;
    final double[] burstGaps = new double[RING];
    int gapCount, gapNext;

    // dwells: continuous on-time on one band (a hop ends one)
    double dwellStart, dwellEnd, dwellLo, dwellHi, dwellLenSum;
    int dwells;
    final double[] channels = new double[MAX_CHANNELS];
    int channelCount;

    // drift: exponentially forgetting least squares of centre (Hz) on time (s), times relative to fitT
    double s0, st, sc, stt, stc, fitT, fitStartT, centreRef;
    boolean fitStarted;

    // class votes: on-time per class name
    String[] voteNames = new String[8];
    double[] votes = new double[8];
    int voteCount;

    long[] trackIds = new long[4];
    int trackCount;

    void init(long id) {
        this.id = id;
        published = changed = false;
        hopLinks = 0;
        lastPublishSample = Double.NEGATIVE_INFINITY;
        frameCount = ringSize = ringNext = 0;
        firstSample = Double.NaN;
        lastSample = Double.NEGATIVE_INFINITY;
        freqMin = Double.POSITIVE_INFINITY;
        freqMax = Double.NEGATIVE_INFINITY;
        bwSum = centreSum = 0;
        bandN = 0;
        snrPeak = Double.NEGATIVE_INFINITY;
        snrSum = 0;
        snrN = 0;
        onSamples = burstLenSum = 0;
        burstStart = burstEnd = Double.NaN;
        bursts = 0;
        gapCount = gapNext = 0;
        dwellStart = dwellEnd = Double.NaN;
        dwellLenSum = 0;
        dwells = 0;
        channelCount = 0;
        s0 = st = sc = stt = stc = 0;
        fitStarted = false;
        voteCount = 0;
        trackCount = 0;
    }

    void addFrameInterval(double start, double end, double lo, double hi, boolean clipped, String cls, double snrDb) {
        if (frameCount == fStart.length) {
            int n = 2 * frameCount;
            fStart = Arrays.copyOf(fStart, n);
            fEnd = Arrays.copyOf(fEnd, n);
            fLo = Arrays.copyOf(fLo, n);
            fHi = Arrays.copyOf(fHi, n);
            fSnr = Arrays.copyOf(fSnr, n);
            fClipped = Arrays.copyOf(fClipped, n);
            fClass = Arrays.copyOf(fClass, n);
        }
        int k = frameCount++;
        fStart[k] = start;
        fEnd[k] = end;
        fLo[k] = lo;
        fHi[k] = hi;
        fClipped[k] = clipped;
        fClass[k] = cls;
        fSnr[k] = snrDb;
    }

    void addTrack(long trackId) {
        for (int i = 0; i < trackCount; i++) if (trackIds[i] == trackId) return;
        if (trackCount == trackIds.length) trackIds = Arrays.copyOf(trackIds, 2 * trackCount);
        trackIds[trackCount++] = trackId;
        changed = true;
    }

    void vote(String cls, double weight) {
        if (cls == null || !(weight > 0)) return;
        for (int i = 0; i < voteCount; i++) {
            if (voteNames[i].equals(cls)) {
                votes[i] += weight;
                return;
            }
        }
        if (voteCount == votes.length) {
            votes = Arrays.copyOf(votes, 2 * voteCount);
            voteNames = Arrays.copyOf(voteNames, 2 * voteCount);
        }
        voteNames[voteCount] = cls;
        votes[voteCount++] = weight;
        changed = true;
    }

    /** The class with the most votes (the first reached on a tie), or null before any vote. */
    String votedClass() {
        int best = -1;
        for (int i = 0; i < voteCount; i++) if (best < 0 || votes[i] > votes[best]) best = i;
        return best < 0 ? null : voteNames[best];
    }

    /** Sorts this frame's intervals by start (insertion sort: a handful per emitter). */
    void sortFrameIntervals() {
        for (int i = 1; i < frameCount; i++) {
            for (int j = i; j > 0 && fStart[j] < fStart[j - 1]; j--) swapFrame(j, j - 1);
        }
    }

    private void swapFrame(int a, int b) {
        double t = fStart[a]; fStart[a] = fStart[b]; fStart[b] = t;
        t = fEnd[a]; fEnd[a] = fEnd[b]; fEnd[b] = t;
        t = fLo[a]; fLo[a] = fLo[b]; fLo[b] = t;
        t = fHi[a]; fHi[a] = fHi[b]; fHi[b] = t;
        t = fSnr[a]; fSnr[a] = fSnr[b]; fSnr[b] = t;
        boolean c = fClipped[a]; fClipped[a] = fClipped[b]; fClipped[b] = c;
        String s = fClass[a]; fClass[a] = fClass[b]; fClass[b] = s;
    }

    void pushRing(double start, double end, double lo, double hi, boolean clipped) {
        int k = ringNext;
        rStart[k] = start;
        rEnd[k] = end;
        rLo[k] = lo;
        rHi[k] = hi;
        rClipped[k] = clipped;
        ringNext = (k + 1) % RING;
        if (ringSize < RING) ringSize++;
    }

    void pushGap(double gap) {
        burstGaps[gapNext] = gap;
        gapNext = (gapNext + 1) % RING;
        if (gapCount < RING) gapCount++;
    }

    /** Whether a channel centred at {@code centre} is known (within {@code tol} Hz); adds it if not. */
    boolean noteChannel(double centre, double tol) {
        for (int i = 0; i < channelCount; i++) if (Math.abs(channels[i] - centre) <= tol) return false;
        if (channelCount < MAX_CHANNELS) channels[channelCount++] = centre;
        return true;
    }

    /** Adds a centre measurement to the drift fit, forgetting with time constant {@code tau} seconds. */
    void fitDrift(double tSec, double centreHz, double tau) {
        if (!fitStarted) {
            fitStarted = true;
            fitT = fitStartT = tSec;
            centreRef = centreHz;
        }
        double c = centreHz - centreRef;
        double d = tSec - fitT;
        if (d > 0) {
            double k = Math.exp(-d / tau);
            // re-centre the sums on the new time, then forget
            stt = (stt - 2 * d * st + d * d * s0) * k;
            stc = (stc - d * sc) * k;
            st = (st - d * s0) * k;
            s0 *= k;
            sc *= k;
            fitT = tSec;
        }
        double t = tSec - fitT;
        s0 += 1;
        st += t;
        sc += c;
        stt += t * t;
        stc += t * c;
    }

    /** The fitted slope in Hz/s, or NaN while the fit has no spread in time. */
    double driftSlope() {
        double den = s0 * stt - st * st;
        if (!(den > 1e-12 * s0 * s0)) return Double.NaN;
        return (s0 * stc - st * sc) / den;
    }
}
