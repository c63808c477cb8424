package dev.g20.emitter;

import dev.g20.config.EmitterConfig;
import dev.g20.detect.Box;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The emitter stage (docs/emitters.md): groups confirmed tracks into emitters, one per transmitter
 * over time, and publishes {@link Emitter} snapshots to a sink when one opens, changes (at most
 * every {@code update_every_s}) and closes (after {@code close_after_s} of silence).
 *
 * <p>Each frame, every confirmed track matched in it gives an on-interval (its box's rows in
 * samples, its band in Hz). A newly confirmed track starts a young emitter; a young one (younger
 * than {@code settle_s}, not yet published) folds into an older emitter when its intervals of this
 * frame
 * <ul>
 *   <li>lie on that emitter's band (most of the narrower band shared, with its drift carried
 *       forward) and the classes are of one {@link EmitterFamily}: bursts on one band, a track
 *       restarted after a gap, a class flip; or share the band at the same time, any class: the
 *       detector's duplicates;</li>
 *   <li>or follow one of its dwells in time on another band, with the same family, a dwell of the
 *       same length and a band of the same width, and overlap none of its intervals of this frame:
 *       a hop.</li>
 * </ul>
 * Tolerances are in spectrogram rows and fractions of measured lengths (EmitterConfig), so they
 * hold for any sample rate and burst pattern. Called once per frame from one thread; the per-frame
 * work allocates nothing (snapshots are built only when published).
 */
public final class EmitterBuilder {
    /** How a young emitter joined an older one. */
    private enum Link { NONE, DUPLICATE, SAME_BAND, HOP }

    private final EmitterConfig config;
    private final String sensorId;
    private final EmitterSink sink;
    private final ArrayList<EmitterSlot> active = new ArrayList<>();
    private final ArrayList<EmitterSlot> pool = new ArrayList<>();
    private final TrackIndex byTrack = new TrackIndex();
    /** Folded emitter id -> the emitter it joined (null unless asked for: it grows with every fold). */
    private final Map<Long, Long> folded;
    private long nextId;

    // geometry of the latest frame
    private double fs = 1, edgeSamples, nowSample, binHz = 1, spanSamples = 1;
    private long frameId, frameStartNs, frameFirstSample;
    private String configHash = "";
    private SpectrogramFrame lastFrame;

    /**
     * @param keepFoldHistory remember which young emitter folded into which ({@link #resolve}), for
     *                        scoring; leave off in a long-running pipeline
     */
    public EmitterBuilder(EmitterConfig config, String sensorId, EmitterSink sink, boolean keepFoldHistory) {
        this.config = Objects.requireNonNull(config, "config");
        this.sensorId = sensorId;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.folded = keepFoldHistory ? new HashMap<>() : null;
    }

    /** First emitter id to hand out (continuing a replaced builder's numbering). */
    public EmitterBuilder firstId(long id) {
        nextId = Math.max(nextId, id);
        return this;
    }

    public long nextId() {
        return nextId;
    }

    /** Emitters open now. */
    public int activeCount() {
        return active.size();
    }

    /** The emitter live track {@code trackId} belongs to now, or -1. */
    public long emitterOf(long trackId) {
        EmitterSlot s = byTrack.get(trackId);
        return s == null ? -1 : s.id;
    }

    /** The emitter that {@code emitterId} ended up in (itself unless it folded into another; needs the fold history). */
    public long resolve(long emitterId) {
        if (folded == null) return emitterId;
        Long to = folded.get(emitterId);
        while (to != null) {
            emitterId = to;
            to = folded.get(emitterId);
        }
        return emitterId;
    }

    /** Feeds one frame's tracks (the tracker's output for it: live, tentative and lost). */
    public void update(List<Track> tracks, SpectrogramFrame frame) {
        noteGeometry(frame);
        int rows = frame.rows();
        double edge = rows == 0 ? 0 : (double) config.edgeRows() / rows;
        double span = frame.spanSamples();
        for (int i = 0, n = tracks.size(); i < n; i++) {
            Track t = tracks.get(i);
            if (t.state() == TrackState.LOST) {
                byTrack.remove(t.trackId());
                continue;
            }
            if (t.state() != TrackState.CONFIRMED || t.lastSeenFrameId() != frameId) continue;
            Box b = t.truthBox();
            double y1 = clamp01(b.y1()), y2 = clamp01(b.y2());
            double start = frameFirstSample + y1 * span, end = frameFirstSample + y2 * span;
            double lo = frame.freqAt(b.x1()), hi = frame.freqAt(b.x2());
            EmitterSlot s = byTrack.get(t.trackId());
            if (s == null) {
                s = newSlot();
                s.addTrack(t.trackId());
                byTrack.put(t.trackId(), s);
            }
            s.addFrameInterval(start, end, lo, hi, y1 <= edge || y2 >= 1 - edge, t.className(), t.snrDb());
        }
        // young emitters with evidence in this frame may fold into older ones (ascending id)
        for (int i = 0; i < active.size(); i++) {
            EmitterSlot s = active.get(i);
            if (!s.published && s.frameCount > 0 && tryFold(s)) i--;
        }
        for (int i = 0, n = active.size(); i < n; i++) {
            EmitterSlot s = active.get(i);
            if (s.frameCount > 0) integrate(s);
        }
        publishAndClose();
    }

    /** Closes every open emitter (end of stream), publishing each as closed. */
    public void closeAll() {
        for (EmitterSlot s : active) {
            sink.onEmitter(snapshot(s, EmitterState.CLOSED));
            pool.add(s);
        }
        active.clear();
        byTrack.clear();
    }

    private void noteGeometry(SpectrogramFrame frame) {
        lastFrame = frame;
        fs = frame.sampleRateHz();
        frameId = frame.frameId();
        frameFirstSample = frame.firstSample();
        frameStartNs = frame.timestampNs();
        nowSample = frame.firstSample() + frame.spanSamples();
        edgeSamples = (double) config.edgeRows() * frame.hop();
        spanSamples = Math.max(1, frame.spanSamples());
        binHz = frame.bins() > 0 ? fs / frame.bins() : fs;
        configHash = frame.configHash();
    }

    private EmitterSlot newSlot() {
        EmitterSlot s = pool.isEmpty() ? new EmitterSlot() : pool.removeLast();
        s.init(nextId++);
        active.add(s);
        return s;
    }

    /** Folds young {@code b} into the best older emitter it links to; true when it did (b is gone). */
    private boolean tryFold(EmitterSlot b) {
        EmitterSlot best = null;
        Link bestLink = Link.NONE;
        double bestScore = 0;
        for (int i = 0, n = active.size(); i < n; i++) {
            EmitterSlot a = active.get(i);
            if (a.id >= b.id) break;
            double same = sameBandScore(b, a);
            Link link;
            double score;
            if (same > 0) {
                link = same > 1 ? Link.DUPLICATE : Link.SAME_BAND;
                score = 2 + same;
            } else if (hops(b, a)) {
                link = Link.HOP;
                score = 1 + (a.hopLinks > 0 ? 0.5 : 0);
            } else {
                continue;
            }
            if (score > bestScore) {
                bestScore = score;
                best = a;
                bestLink = link;
            }
        }
        if (best == null) return false;
        fold(b, best, bestLink);
        return true;
    }

    private static String classOf(EmitterSlot s) {
        String v = s.votedClass();
        return v != null ? v : s.frameCount > 0 ? s.fClass[0] : null;
    }

    /**
     * 0 when b's intervals of this frame are not on a's band; else the best band overlap (share of
     * the narrower band), plus 1 when the two are on air at the same time there (a duplicate).
     */
    private double sameBandScore(EmitterSlot b, EmitterSlot a) {
        boolean family = EmitterFamily.compatible(classOf(a), classOf(b));
        double thr = config.sameBandOverlap();
        double slope = a.hopLinks == 0 ? a.driftSlope() : Double.NaN;
        double best = 0;
        for (int k = 0; k < b.frameCount; k++) {
            double bs = b.fStart[k], be = b.fEnd[k], bl = b.fLo[k], bh = b.fHi[k];
            for (int j = 0; j < a.frameCount; j++) {
                double ov = bandOverlap(bl, bh, a.fLo[j], a.fHi[j]);
                if (ov < thr) continue;
                boolean together = timeOverlap(bs, be, a.fStart[j], a.fEnd[j]) >= 0.5 * Math.min(be - bs, a.fEnd[j] - a.fStart[j]);
                if (together) best = Math.max(best, 1 + ov);
                else if (family) best = Math.max(best, ov);
            }
            if (!family) continue;
            for (int j = 0; j < a.ringSize; j++) {
                double shift = 0, dt = (bs - a.rEnd[j]) / fs;
                if (!Double.isNaN(slope) && dt > 0 && dt <= config.driftWindowS()) shift = slope * dt;
                double ov = bandOverlap(bl, bh, a.rLo[j] + shift, a.rHi[j] + shift);
                if (ov >= thr) best = Math.max(best, ov);
            }
        }
        return best;
    }

    /**
     * Whether one of b's dwells of this frame follows (or precedes) one of a's on another band: same
     * family, lengths within dwell_tolerance, bands within bandwidth_ratio, gap within the guard
     * allowance; and b overlaps none of a's intervals of this frame (one transmitter, one channel
     * at a time).
     */
    private boolean hops(EmitterSlot b, EmitterSlot a) {
        if (!EmitterFamily.compatible(classOf(a), classOf(b))) return false;
        for (int k = 0; k < b.frameCount; k++) {
            for (int j = 0; j < a.frameCount; j++) {
                if (timeOverlap(b.fStart[k], b.fEnd[k], a.fStart[j], a.fEnd[j]) > edgeSamples) return false;
            }
        }
        double wa = a.bandN > 0 ? a.bwSum / a.bandN : meanWidth(a);
        for (int k = 0; k < b.frameCount; k++) {
            double bs = b.fStart[k], be = b.fEnd[k], bl = b.fLo[k], bh = b.fHi[k], wb = bh - bl;
            if (!(wb > 0 && wa > 0) || Math.max(wa, wb) > config.bandwidthRatio() * Math.min(wa, wb)) continue;
            for (int j = 0; j < a.frameCount; j++) {
                if (dwellFollows(bs, be, bl, bh, a.fStart[j], a.fEnd[j], a.fLo[j], a.fHi[j])) return true;
            }
            for (int j = 0; j < a.ringSize; j++) {
                if (dwellFollows(bs, be, bl, bh, a.rStart[j], a.rEnd[j], a.rLo[j], a.rHi[j])) return true;
            }
        }
        return false;
    }

    /**
     * Whether dwell b follows or precedes dwell a on another band. An edge at a frame's top or
     * bottom is where the frame cut the dwell, not where it began or ended: such an edge links
     * nothing, and a cut dwell's length is only a lower bound (it may not be longer than the other,
     * plus the tolerance). An interval cut at both edges is a continuous signal's, never a dwell.
     */
    private boolean dwellFollows(double bs, double be, double bl, double bh, double as, double ae, double al, double ah) {
        boolean bTop = cutTop(bs), bBottom = cutBottom(be), aTop = cutTop(as), aBottom = cutBottom(ae);
        if ((bTop && bBottom) || (aTop && aBottom)) return false;
        boolean bCut = bTop || bBottom, aCut = aTop || aBottom;
        double lb = be - bs, la = ae - as, longer = Math.max(lb, la);
        double tol = Math.max(edgeSamples, config.dwellTolerance() * longer);
        if (!aCut && !bCut && Math.abs(lb - la) > tol) return false;
        if (aCut && !bCut && la > lb + tol) return false;
        if (bCut && !aCut && lb > la + tol) return false;
        if (bandOverlap(bl, bh, al, ah) >= config.sameBandOverlap()) return false;
        double gapMax = edgeSamples + config.hopGapFraction() * longer;
        double after = bs - ae, before = as - be;
        boolean follows = !bTop && !aBottom && after >= -edgeSamples && after <= gapMax;
        boolean precedes = !bBottom && !aTop && before >= -edgeSamples && before <= gapMax;
        return follows || precedes;
    }

    /** Whether a sample is at a frame's first row (frames tile the source from sample 0). */
    private boolean cutTop(double sample) {
        return Math.floorMod(Math.round(sample), Math.round(spanSamples)) <= edgeSamples;
    }

    /** Whether a sample is at a frame's last row. */
    private boolean cutBottom(double sample) {
        long m = Math.floorMod(Math.round(sample), Math.round(spanSamples));
        return m == 0 || spanSamples - m <= edgeSamples;
    }

    private static double meanWidth(EmitterSlot s) {
        double w = 0;
        for (int k = 0; k < s.frameCount; k++) w += s.fHi[k] - s.fLo[k];
        return s.frameCount == 0 ? 0 : w / s.frameCount;
    }

    /** Moves young b (its tracks, votes, history and this frame's intervals) into a, and drops b. */
    private void fold(EmitterSlot b, EmitterSlot a, Link link) {
        for (int i = 0; i < b.trackCount; i++) {
            a.addTrack(b.trackIds[i]);
            byTrack.put(b.trackIds[i], a);
        }
        for (int i = 0; i < b.voteCount; i++) a.vote(b.voteNames[i], b.votes[i]);
        for (int k = 0; k < b.frameCount; k++)
            a.addFrameInterval(b.fStart[k], b.fEnd[k], b.fLo[k], b.fHi[k], b.fClipped[k], b.fClass[k], b.fSnr[k]);
        if (!Double.isNaN(b.firstSample)) {
            // b's earlier frames (within settle_s)
            if (Double.isNaN(a.firstSample) || b.firstSample < a.firstSample) {
                a.firstSample = b.firstSample;
                a.firstSeenNs = b.firstSeenNs;
                a.firstFrameId = b.firstFrameId;
            }
            a.freqMin = Math.min(a.freqMin, b.freqMin);
            a.freqMax = Math.max(a.freqMax, b.freqMax);
            a.snrPeak = Math.max(a.snrPeak, b.snrPeak);
            a.snrSum += b.snrSum;
            a.snrN += b.snrN;
            if (link != Link.DUPLICATE) {
                // another band or another time: b's on-air periods and dwells add to a's
                a.bwSum += b.bwSum;
                a.centreSum += b.centreSum;
                a.bandN += b.bandN;
                a.onSamples += b.onSamples;
                int openBurst = Double.isNaN(b.burstStart) ? 0 : 1;
                a.bursts += b.bursts + openBurst;
                a.burstLenSum += b.burstLenSum + (openBurst == 1 ? b.burstEnd - b.burstStart : 0);
                int openDwell = Double.isNaN(b.dwellStart) ? 0 : 1;
                a.dwells += b.dwells + openDwell;
                a.dwellLenSum += b.dwellLenSum + (openDwell == 1 ? b.dwellEnd - b.dwellStart : 0);
                for (int j = 0; j < b.ringSize; j++) a.pushRing(b.rStart[j], b.rEnd[j], b.rLo[j], b.rHi[j], b.rClipped[j]);
                for (int j = 0; j < b.channelCount; j++) a.noteChannel(b.channels[j], 0.25 * (a.bandN > 0 ? a.bwSum / a.bandN : 0));
            }
        }
        if (link == Link.HOP) a.hopLinks++;
        a.changed = true;
        if (folded != null) folded.put(b.id, a.id);
        active.remove(b);
        pool.add(b);
    }

    /** Adds this frame's intervals of s (in time order) to its running sums, then clears them. */
    private void integrate(EmitterSlot s) {
        s.sortFrameIntervals();
        double thr = config.sameBandOverlap();
        for (int k = 0; k < s.frameCount; k++) {
            double st = s.fStart[k], en = s.fEnd[k], lo = s.fLo[k], hi = s.fHi[k];
            if (Double.isNaN(s.firstSample)) {
                s.firstSample = st;
                s.firstFrameId = frameId;
                s.firstSeenNs = nsAt(st);
            }
            if (en > s.lastSample) {
                s.lastSample = en;
                s.lastSeenNs = nsAt(en);
            }
            s.lastFrameId = frameId;
            s.freqMin = Math.min(s.freqMin, lo);
            s.freqMax = Math.max(s.freqMax, hi);
            s.bwSum += hi - lo;
            s.centreSum += 0.5 * (lo + hi);
            s.bandN++;
            s.lastLo = lo;
            s.lastHi = hi;
            double snr = s.fSnr[k];
            if (Double.isFinite(snr)) {
                s.snrPeak = Math.max(s.snrPeak, snr);
                s.snrSum += snr;
                s.snrN++;
            }
            s.vote(s.fClass[k], Math.max(en - st, 1));
            // on-air periods over all bands
            if (Double.isNaN(s.burstStart)) {
                s.burstStart = st;
                s.burstEnd = en;
                s.onSamples += en - st;
            } else if (st <= s.burstEnd + edgeSamples) {
                if (en > s.burstEnd) {
                    s.onSamples += en - Math.max(st, s.burstEnd);
                    s.burstEnd = en;
                }
            } else {
                s.bursts++;
                s.burstLenSum += s.burstEnd - s.burstStart;
                s.pushGap(st - s.burstStart);
                s.burstStart = st;
                s.burstEnd = en;
                s.onSamples += en - st;
            }
            // dwells: continuous on one band
            boolean sameBand = !Double.isNaN(s.dwellStart) && bandOverlap(lo, hi, s.dwellLo, s.dwellHi) >= thr;
            if (sameBand && st <= s.dwellEnd + edgeSamples) {
                s.dwellEnd = Math.max(s.dwellEnd, en);
            } else {
                if (!Double.isNaN(s.dwellStart)) {
                    s.dwells++;
                    s.dwellLenSum += s.dwellEnd - s.dwellStart;
                }
                s.dwellStart = st;
                s.dwellEnd = en;
                s.noteChannel(0.5 * (lo + hi), 0.25 * (hi - lo));
            }
            s.dwellLo = lo;
            s.dwellHi = hi;
            if (s.hopLinks == 0) s.fitDrift(0.5 * (st + en) / fs, 0.5 * (lo + hi), config.driftWindowS());
            s.pushRing(st, en, lo, hi, s.fClipped[k]);
        }
        s.frameCount = 0;
        s.changed = true;
    }

    private void publishAndClose() {
        double closeAfter = config.closeAfterS() * fs, settle = config.settleS() * fs, every = config.updateEveryS() * fs;
        int w = 0, n = active.size();
        for (int r = 0; r < n; r++) {
            EmitterSlot s = active.get(r);
            boolean silent = !Double.isNaN(s.firstSample) && nowSample - s.lastSample > closeAfter;
            if (silent) {
                sink.onEmitter(snapshot(s, EmitterState.CLOSED));
                for (int i = 0; i < s.trackCount; i++) if (byTrack.get(s.trackIds[i]) == s) byTrack.remove(s.trackIds[i]);
                pool.add(s);
                continue;
            }
            active.set(w++, s);
            if (Double.isNaN(s.firstSample)) continue;
            if (!s.published) {
                if (nowSample - s.firstSample >= settle) {
                    s.published = true;
                    publish(s);
                }
            } else if (s.changed && nowSample - s.lastPublishSample >= every) {
                publish(s);
            }
        }
        for (int r = n - 1; r >= w; r--) active.remove(r);
    }

    private void publish(EmitterSlot s) {
        s.changed = false;
        s.lastPublishSample = nowSample;
        sink.onEmitter(snapshot(s, EmitterState.ACTIVE));
    }

    private long nsAt(double sample) {
        return frameStartNs + Math.round((sample - frameFirstSample) / fs * 1e9);
    }

    /** The record of s now (allocates: called only when publishing). */
    Emitter snapshot(EmitterSlot s, EmitterState state) {
        String cls = s.votedClass();
        double total = 0;
        for (int i = 0; i < s.voteCount; i++) total += s.votes[i];
        Map<String, Double> shares = new LinkedHashMap<>();
        for (int i = 0; i < s.voteCount; i++) shares.put(s.voteNames[i], total > 0 ? round(s.votes[i] / total, 1e4) : 0.0);
        boolean hopper = s.hopLinks > 0 && s.channelCount >= 2;
        double lifeSamples = Math.max(s.lastSample - s.firstSample, 1);
        double lifeS = lifeSamples / fs;
        int openBurst = Double.isNaN(s.burstStart) ? 0 : 1;
        int bursts = s.bursts + openBurst;
        double burstSamples = s.burstLenSum + (openBurst == 1 ? s.burstEnd - s.burstStart : 0);
        int openDwell = Double.isNaN(s.dwellStart) ? 0 : 1;
        int dwells = s.dwells + openDwell;
        double dwellSamples = s.dwellLenSum + (openDwell == 1 ? s.dwellEnd - s.dwellStart : 0);
        Double drift = hopper ? null : drift(s, lifeS);
        double centre = hopper ? 0.5 * (s.freqMin + s.freqMax)
                : drift != null ? 0.5 * (s.lastLo + s.lastHi)
                : s.bandN > 0 ? s.centreSum / s.bandN : 0;
        List<Long> tracks = new ArrayList<>(s.trackCount);
        for (int i = 0; i < s.trackCount; i++) tracks.add(s.trackIds[i]);
        List<Double> channels = List.of();
        if (hopper) {
            double[] c = Arrays.copyOf(s.channels, s.channelCount);
            Arrays.sort(c);
            List<Double> l = new ArrayList<>(c.length);
            for (double v : c) l.add(round(v, 1));
            channels = l;
        }
        Double pri = hopper ? null : pri(s, bursts);
        return new Emitter(s.id, sensorId, cls, shares, state, s.firstSeenNs, s.lastSeenNs, s.firstFrameId, s.lastFrameId,
                round(centre, 1), round(s.bandN > 0 ? s.bwSum / s.bandN : 0, 1), round(s.freqMin, 1), round(s.freqMax, 1),
                s.snrN > 0 ? round(s.snrPeak, 100) : Double.NaN, s.snrN > 0 ? round(s.snrSum / s.snrN, 100) : Double.NaN,
                bursts, round(Math.min(1, s.onSamples / lifeSamples), 1e4), bursts > 0 ? round(burstSamples / bursts / fs, 1e6) : 0,
                pri, hopper ? dwells : null, hopper ? round(dwells / lifeS, 1e3) : null,
                hopper && dwells > 0 ? round(dwellSamples / dwells / fs, 1e6) : null, drift,
                tracks, configHash, EmitterFamily.of(cls), drift != null ? MotionMode.DRIFTING : MotionMode.STATIONARY,
                hopper ? round(s.freqMax - s.freqMin, 1) : null, channels);
    }

    /** The fitted drift when it moves the centre at least drift_min_bins over the fit window, else null. */
    private Double drift(EmitterSlot s, double lifeS) {
        double slope = s.driftSlope();
        double window = Math.min(lifeS, config.driftWindowS());
        if (Double.isNaN(slope) || window < 0.25 * config.driftWindowS()) return null;
        return Math.abs(slope) * window >= config.driftMinBins() * binHz ? round(slope, 1) : null;
    }

    private final double[] gapScratch = new double[EmitterSlot.RING];

    /**
     * The burst repetition interval when the bursts repeat regularly: the median start-to-start gap
     * refined over the gaps within pri_tolerance of a multiple (1-4) of it (a missed pulse doubles a
     * gap); null unless at least 70 % of the gaps (3 or more) agree.
     */
    private Double pri(EmitterSlot s, int bursts) {
        int n = s.gapCount;
        if (bursts < 4 || n < 3) return null;
        System.arraycopy(s.burstGaps, 0, gapScratch, 0, n);
        Arrays.sort(gapScratch, 0, n);
        double median = gapScratch[n / 2];
        if (!(median > 0)) return null;
        double tol = config.priTolerance() * median, sum = 0;
        int multiples = 0, agree = 0;
        for (int i = 0; i < n; i++) {
            double d = gapScratch[i];
            long k = Math.round(d / median);
            if (k >= 1 && k <= 4 && Math.abs(d - k * median) <= tol) {
                sum += d;
                multiples += (int) k;
                agree++;
            }
        }
        if (agree < 3 || agree < 0.7 * n) return null;
        return round(sum / multiples / fs, 1e7);
    }

    static double bandOverlap(double lo1, double hi1, double lo2, double hi2) {
        double inter = Math.min(hi1, hi2) - Math.max(lo1, lo2);
        double narrower = Math.min(hi1 - lo1, hi2 - lo2);
        return inter <= 0 || narrower <= 0 ? 0 : Math.min(1, inter / narrower);
    }

    private static double timeOverlap(double s1, double e1, double s2, double e2) {
        return Math.min(e1, e2) - Math.max(s1, s2);
    }

    private static double clamp01(double v) {
        return Math.clamp(v, 0.0, 1.0);
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    /** The latest frame seen (null before the first). */
    public SpectrogramFrame lastFrame() {
        return lastFrame;
    }
}
