package dev.g20.track;

import dev.g20.config.AssociationMethod;
import dev.g20.config.ClassAssociation;

import dev.g20.config.TrackerConfig;
import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.util.UnionFind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The tracker (docs/tracker.md): IoU-or-frequency association (within a class, or,
 * with classes: vote, across confusable classes on a shared band, with same-frame duplicates of a
 * confusable class folded and the track's class voted by its detections), EMA truth box,
 * extra-smoothed display box, asymmetric confidence, tentative -> confirmed -> lost lifecycle and
 * optional drift detection with predict-then-correct.
 *
 * <p>Differences from the first version, all deliberate: association is an optimal global assignment by
 * default ({@code association.method: hungarian}; {@code greedy} is the original per-track best match
 * in id order); only x (frequency) is smoothed, y (time within the frame) is the latest matched
 * detection's; drift is measured on the centre x; {@code first_seen_frame_id} and {@code last_seen_frame_id} are the frames of the
 * first and the latest matched detection; Hz come from the frame's centre frequency and sample
 * rate; {@code drift_rate_hz_per_sec} is the centre-x velocity (canonical units per frame) times
 * fs / frame duration; with {@code confirm_hits: 1} a track is confirmed at birth.
 *
 * <p><b>Lost tracks.</b> A track whose age exceeds {@code max_age} is returned once more, with
 * state {@code lost}, in the frame in which it is lost, and then pruned, so that the store and the
 * live clients see every track end explicitly. The list returned by {@link #update} therefore holds
 * every live track plus those lost in this frame, in ascending track id.
 *
 * <p>Tracks are kept in a list ordered by id (ids are a counter, new tracks are appended), so all
 * iteration and output order is deterministic; nothing is keyed on object identity. Per-frame work
 * reuses primitive buffers; the only per-frame allocations are the returned records.
 */
public final class RFSignalTracker implements Tracker {
    /** Multiplicative confidence decay of an unmatched track per frame (seed). */
    static final double UNMATCHED_DECAY = 0.95;
    /** Drift velocity EMA weight of the new displacement, and velocity decay without motion (seed). */
    static final double VELOCITY_ALPHA = 0.3, VELOCITY_DECAY = 0.8;
    /** A cross-class pair scores its frequency IoU times this (at most 0.5). */
    static final double CROSS_CLASS_SCORE = 0.5;
    /**
     * Added to every same-class pair's score, so that it outweighs any cross-class pair: among the
     * assignments with the most pairs, the one with the most same-class pairs wins, and a track takes
     * a detection of another class only where the same-class rule offers it nothing. Two crossing
     * carriers of a confusable pair therefore keep their identities, as with classes: strict.
     */
    static final double SAME_CLASS_PREFERENCE = 1.0;
    /**
     * Two detections of a confusable pair in one frame whose boxes overlap this much are one signal
     * that the detector reported under both classes (its NMS is per class): the weaker one is folded
     * into the stronger, adding only its vote, so that it cannot start a second track on the band.
     */
    static final double DUPLICATE_IOU = 0.7;

    private final double iouThreshold, freqTol;
    private final boolean hungarian;
    private final boolean classVote;
    private final double crossClassFreqIou;
    /** Where the class vote weights come from (class_vote_weights). */
    private final TrackerConfig voteWeights;

    /** Class names that may share a track: pair k is confusableA[k] / confusableB[k]. */
    private final String[] confusableA, confusableB;
    private final int confirmHits, maxAge;
    private final double boxAlpha, displayAlpha, confRise, confFall;
    private final boolean driftEnabled;
    private final int driftFrames;
    private final double driftMinDisp;

    private final ArrayList<TrackSlot> tracks = new ArrayList<>();
    private final ArrayList<TrackSlot> pool = new ArrayList<>();
    private long nextId;

    // Per-frame buffers, grown on demand and reused.
    private double[] dx1 = new double[0], dy1 = new double[0], dx2 = new double[0], dy2 = new double[0], dconf = new double[0];
    private int[] dcls = new int[0], detMatched = new int[0], trackMatch = new int[0];
    /** Whether detection d's class is in any confusable pair (classes: vote), so most pairs skip the names. */
    private boolean[] dConfusable = new boolean[0];
    /** Per detection, the detection it was folded into (a stronger duplicate of a confusable class), or -1. */
    private int[] foldedInto = new int[0];
    /** The folded detections of this frame, foldedCount of them. */
    private int[] folded = new int[0];
    private int foldedCount;
    private int[] edgeT = new int[64], edgeD = new int[64];
    private double[] edgeS = new double[64];
    private int edges;
    private final UnionFind components = new UnionFind(16);
    private int[] compOf = new int[0], local = new int[0];
    private int[] compStart = new int[0], compEdges = new int[0], compFill = new int[0];
    private int[] rowsBuf = new int[0], colsBuf = new int[0], assign = new int[0];
    private double[][] weight = new double[0][0];
    private final Hungarian solver = new Hungarian();
    private final BandSnr snr = new BandSnr();

    /** A tracker with every parameter of {@code config/tracker.yaml}; ids start at 0. */
    public RFSignalTracker(TrackerConfig c) {
        this(c, 0);
    }

    /** A tracker whose first track gets id {@code firstId} (e.g. the next id of the tracker it replaces). */
    public RFSignalTracker(TrackerConfig c, long firstId) {
        Objects.requireNonNull(c, "config");
        if (firstId < 0) throw new IllegalArgumentException("firstId must be >= 0, got " + firstId);
        nextId = firstId;
        iouThreshold = c.iouThreshold();
        freqTol = c.freqToleranceNormalized();
        hungarian = c.associationMethod() == AssociationMethod.HUNGARIAN;
        classVote = c.classAssociation() == ClassAssociation.VOTE;
        crossClassFreqIou = c.crossClassFreqIou();
        voteWeights = c;
        int np = c.confusableClasses().size();
        confusableA = new String[np];
        confusableB = new String[np];
        for (int k = 0; k < np; k++) {
            String[] ab = c.confusableClasses().get(k).split("/", -1);
            confusableA[k] = ab[0];
            confusableB[k] = ab[1];
        }
        confirmHits = c.confirmHits();
        maxAge = c.maxAge();
        boxAlpha = c.boxEmaAlpha();
        displayAlpha = c.displayEmaAlpha();
        confRise = c.confRiseAlpha();
        confFall = c.confFallAlpha();
        driftEnabled = c.driftEnabled();
        driftFrames = c.driftFramesRequired();
        driftMinDisp = c.driftMinDisplacement();
    }

    /**
     * Associates this frame's detections with the tracks, updates and ages them, starts tracks for
     * unmatched detections, and returns every live track plus those lost in this frame (state
     * {@code lost}, returned once, then pruned), sorted by track id.
     */
    @Override
    public List<Track> update(List<Detection> detections, SpectrogramFrame frame) {
        int nd = detections.size();
        loadDetections(detections, nd);
        foldDuplicates(nd, detections);
        int nt = tracks.size();
        if (trackMatch.length < nt) trackMatch = new int[Math.max(nt, 2 * trackMatch.length)];
        Arrays.fill(trackMatch, 0, nt, -1);
        gate(nt, nd, detections);
        if (hungarian) assignOptimal(nt, nd);
        else assignGreedy(nt);

        long frameId = frame.frameId();
        for (int i = 0; i < nt; i++) {
            TrackSlot t = tracks.get(i);
            int d = trackMatch[i];
            if (d >= 0) {
                updateMatched(t, d, detections.get(d), frameId);
                voteFolded(t, d, detections);
            } else {
                ageUnmatched(t);
            }
        }
        for (int d = 0; d < nd; d++) {
            if (detMatched[d] >= 0 || foldedInto[d] >= 0) continue;
            Detection det = detections.get(d);
            TrackSlot t = pool.isEmpty() ? new TrackSlot() : pool.removeLast();
            t.init(nextId++, det.classId(), det.className(), dx1[d], dy1[d], dx2[d], dy2[d], det.confidence(),
                    voteWeight(det), frameId, confirmHits <= 1);
            voteFolded(t, d, detections);
            tracks.add(t);
        }
        List<Track> out = export(frame);
        prune();
        return out;
    }

    /** Forgets every track; ids keep counting up so that they stay unique across resets. */
    @Override
    public void reset() {
        pool.addAll(tracks);
        tracks.clear();
    }

    @Override
    public long nextTrackId() {
        return nextId;
    }

    @Override
    public void continueIdsFrom(long id) {
        nextId = Math.max(nextId, id);
    }

    private void loadDetections(List<Detection> detections, int nd) {
        if (dx1.length < nd) {
            int n = Math.max(nd, 2 * dx1.length);
            dx1 = new double[n];
            dy1 = new double[n];
            dx2 = new double[n];
            dy2 = new double[n];
            dconf = new double[n];
            dcls = new int[n];
            detMatched = new int[n];
            dConfusable = new boolean[n];
            foldedInto = new int[n];
            folded = new int[n];
        }
        for (int d = 0; d < nd; d++) {
            Detection det = detections.get(d);
            Box b = det.box();
            dx1[d] = b.x1();
            dy1[d] = b.y1();
            dx2[d] = b.x2();
            dy2[d] = b.y2();
            dcls[d] = det.classId();
            dconf[d] = det.confidence();
            dConfusable[d] = classVote && inAnyPair(det.className());
            detMatched[d] = -1;
        }
    }

    /**
     * With classes: vote, marks each detection that duplicates a stronger detection of a confusable
     * class (IoU >= DUPLICATE_IOU; equal confidence: the later one folds) and points it at the
     * strongest detection of its chain.
     */
    private void foldDuplicates(int nd, List<Detection> detections) {
        foldedCount = 0;
        for (int d = 0; d < nd; d++) foldedInto[d] = -1;
        if (!classVote) return;
        for (int d = 0; d < nd; d++) {
            if (!dConfusable[d]) continue;
            double conf = dconf[d], x1 = dx1[d], x2 = dx2[d];
            int best = -1;
            double bestConf = conf;
            for (int e = 0; e < nd; e++) {
                if (!dConfusable[e] || dcls[e] == dcls[d] || dx1[e] >= x2 || dx2[e] <= x1) continue;
                double ce = dconf[e];
                boolean stronger = ce > conf || (ce == conf && e < d);
                if (!stronger || (best >= 0 && ce <= bestConf) || detections.get(d).box().iou(detections.get(e).box()) < DUPLICATE_IOU) continue;
                if (!confusable(detections.get(d).className(), detections.get(e).className())) continue;
                best = e;
                bestConf = ce;
            }
            if (best >= 0) {
                foldedInto[d] = best;
                folded[foldedCount++] = d;
            }
        }
        // a chain d -> e -> f ends at the strongest (confidence rises along it, so it ends)
        for (int k = 0; k < foldedCount; k++) {
            int d = folded[k], root = foldedInto[d];
            while (foldedInto[root] >= 0) root = foldedInto[root];
            foldedInto[d] = root;
        }
    }

    /**
     * How much detection {@code det} counts in its track's class vote (class_vote_weights). By name,
     * not class id: a model swapped in at run time may number its classes differently.
     */
    private double voteWeight(Detection det) {
        return voteWeights.classVoteWeight(det.className());
    }

    /** Adds the votes of the detections folded into detection {@code d} to the track that took it. */
    private void voteFolded(TrackSlot t, int d, List<Detection> detections) {
        for (int k = 0; k < foldedCount; k++) {
            int f = folded[k];
            if (foldedInto[f] == d) {
                Detection det = detections.get(f);
                t.vote(det.classId(), det.className(), det.confidence() * voteWeight(det));
            }
        }
    }

    /**
     * Collects the admissible (track, detection) pairs in track-then-detection order. Same class:
     * IoU >= iou_threshold or centre distance <= freq_tolerance, and a positive seed score
     * iou + max(0, tol - dist) (the greedy search only accepts scores above 0). Another class
     * (with classes: vote): a confusable pair (confusable_classes) whose frequency extents overlap by
     * IoU >= cross_class_freq_iou, scored CROSS_CLASS_SCORE x that IoU, while same-class pairs get
     * SAME_CLASS_PREFERENCE on top of that score. Only the band counts there,
     * because the detector's class flips keep the band, while the centre-distance rule would let a
     * lost carrier's track swallow a wideband neighbour; and only confusable pairs, because two
     * emitters of unrelated classes can share a band at different times (a qam16 burst on one of a
     * hopper's channels) and must not share a track.
     */
    private void gate(int nt, int nd, List<Detection> detections) {
        edges = 0;
        for (int i = 0; i < nt; i++) {
            TrackSlot t = tracks.get(i);
            double[] b = t.truth;
            double tx1 = b[0], ty1 = b[1], tx2 = b[2], ty2 = b[3], tcx = (tx1 + tx2) * 0.5;
            double tArea = Math.max(0, tx2 - tx1) * Math.max(0, ty2 - ty1);
            int cls = t.classId;
            boolean trackConfusable = classVote && inAnyPair(t.className);
            for (int d = 0; d < nd; d++) {
                if (foldedInto[d] >= 0) continue;
                if (dcls[d] != cls) {
                    if (trackConfusable && dConfusable[d]) gateCrossClass(i, d, tx1, tx2, t.className, detections);
                    continue;
                }
                double fd = Math.abs(tcx - (dx1[d] + dx2[d]) * 0.5);
                double iw = Math.min(tx2, dx2[d]) - Math.max(tx1, dx1[d]);
                // Without overlap in x the IoU is 0, so only the frequency term can admit the pair.
                if (iw <= 0 && fd >= freqTol) continue;
                double iou = 0;
                double ih = Math.min(ty2, dy2[d]) - Math.max(ty1, dy1[d]);
                if (iw > 0 && ih > 0) {
                    double inter = iw * ih;
                    double union = tArea + Math.max(0, dx2[d] - dx1[d]) * Math.max(0, dy2[d] - dy1[d]) - inter;
                    iou = union > 0 ? inter / union : 0;
                }
                if (iou < iouThreshold && fd > freqTol) continue;
                double score = iou + Math.max(0, freqTol - fd);
                if (!(score > 0)) continue;
                addEdge(i, d, SAME_CLASS_PREFERENCE + score);
            }
        }
    }

    private void gateCrossClass(int i, int d, double tx1, double tx2, String trackClass, List<Detection> detections) {
        double inter = Math.min(tx2, dx2[d]) - Math.max(tx1, dx1[d]);
        if (inter <= 0) return;
        double union = Math.max(tx2, dx2[d]) - Math.min(tx1, dx1[d]);
        double freqIou = union > 0 ? inter / union : 0;
        // names last: most pairs of different classes do not even share a band
        if (freqIou >= crossClassFreqIou && confusable(trackClass, detections.get(d).className())) {
            addEdge(i, d, CROSS_CLASS_SCORE * freqIou);
        }
    }

    private boolean inAnyPair(String name) {
        for (int k = 0; k < confusableA.length; k++) if (confusableA[k].equals(name) || confusableB[k].equals(name)) return true;
        return false;
    }

    private boolean confusable(String a, String b) {
        for (int k = 0; k < confusableA.length; k++) {
            if ((confusableA[k].equals(a) && confusableB[k].equals(b)) || (confusableA[k].equals(b) && confusableB[k].equals(a))) {
                return true;
            }
        }
        return false;
    }

    private void addEdge(int i, int d, double score) {
        if (edges == edgeT.length) growEdges();
        edgeT[edges] = i;
        edgeD[edges] = d;
        edgeS[edges] = score;
        edges++;
    }

    private void growEdges() {
        int n = 2 * edgeT.length;
        edgeT = Arrays.copyOf(edgeT, n);
        edgeD = Arrays.copyOf(edgeD, n);
        edgeS = Arrays.copyOf(edgeS, n);
    }

    /** The original association: each track in id order takes its best-scoring unused detection. */
    private void assignGreedy(int nt) {
        int e = 0;
        for (int i = 0; i < nt; i++) {
            int best = -1;
            double bestScore = 0;
            for (; e < edges && edgeT[e] == i; e++) {
                int d = edgeD[e];
                if (detMatched[d] < 0 && edgeS[e] > bestScore) {
                    bestScore = edgeS[e];
                    best = d;
                }
            }
            if (best >= 0) {
                trackMatch[i] = best;
                detMatched[best] = i;
            }
        }
    }

    /**
     * Optimal assignment: the most admissible pairs, and among those the highest total seed score.
     * Solved separately per connected component of the admissibility graph (usually one track and
     * one detection), so that a busy band costs little more than its contested pairs.
     */
    private void assignOptimal(int nt, int nd) {
        if (edges == 0) return;
        int nodes = nt + nd;
        if (compOf.length < nodes) {
            int n = Math.max(nodes, 2 * compOf.length);
            compOf = new int[n];
            local = new int[n];
        }
        components.reset(nodes);
        for (int k = 0; k < nodes; k++) {
            compOf[k] = -1;
            local[k] = -1;
        }
        for (int e = 0; e < edges; e++) components.union(edgeT[e], nt + edgeD[e]);

        // Number the components in order of their first edge, then bucket the edges by component.
        int comps = 0;
        for (int e = 0; e < edges; e++) {
            int r = components.find(edgeT[e]);
            if (compOf[r] < 0) compOf[r] = comps++;
        }
        if (compStart.length < comps + 1) compStart = new int[Math.max(comps + 1, 2 * compStart.length)];
        if (compFill.length < comps) compFill = new int[Math.max(comps, 2 * compFill.length)];
        if (compEdges.length < edges) compEdges = new int[Math.max(edges, 2 * compEdges.length)];
        Arrays.fill(compStart, 0, comps + 1, 0);
        for (int e = 0; e < edges; e++) compStart[compOf[components.find(edgeT[e])] + 1]++;
        for (int c = 0; c < comps; c++) compStart[c + 1] += compStart[c];
        System.arraycopy(compStart, 0, compFill, 0, comps);
        for (int e = 0; e < edges; e++) compEdges[compFill[compOf[components.find(edgeT[e])]]++] = e;

        for (int c = 0; c < comps; c++) {
            int from = compStart[c], to = compStart[c + 1];
            if (to - from == 1) {
                int e = compEdges[from];
                match(edgeT[e], edgeD[e]);
                continue;
            }
            solveComponent(from, to, nt);
        }
    }

    private void solveComponent(int from, int to, int nt) {
        int rows = 0, cols = 0;
        int n = to - from;
        if (rowsBuf.length < n) {
            rowsBuf = new int[Math.max(n, 2 * rowsBuf.length)];
            colsBuf = new int[rowsBuf.length];
        }
        // Edges are in track-then-detection order, so rows come out in id order.
        for (int k = from; k < to; k++) {
            int e = compEdges[k];
            int t = edgeT[e], dn = nt + edgeD[e];
            if (local[t] < 0) {
                local[t] = rows;
                rowsBuf[rows++] = t;
            }
            if (local[dn] < 0) {
                local[dn] = cols;
                colsBuf[cols++] = dn;
            }
        }
        if (weight.length < rows || (weight.length > 0 && weight[0].length < cols)) {
            int r = Math.max(rows, weight.length), cl = Math.max(cols, weight.length > 0 ? weight[0].length : 0);
            weight = new double[r][cl];
        }
        for (int i = 0; i < rows; i++) Arrays.fill(weight[i], 0, cols, 0);
        for (int k = from; k < to; k++) {
            int e = compEdges[k];
            weight[local[edgeT[e]]][local[nt + edgeD[e]]] = edgeS[e];
        }
        if (assign.length < rows) assign = new int[Math.max(rows, 2 * assign.length)];
        solver.maxWeight(weight, rows, cols, assign, true);
        for (int i = 0; i < rows; i++) {
            if (assign[i] >= 0) match(rowsBuf[i], colsBuf[assign[i]] - nt);
        }
    }

    private void match(int t, int d) {
        trackMatch[t] = d;
        detMatched[d] = t;
    }

    private void updateMatched(TrackSlot t, int d, Detection det, long frameId) {
        double detConf = det.confidence();
        t.vote(det.classId(), det.className(), detConf * voteWeight(det));
        double[] tb = t.truth, db = t.display, v = t.velocity;
        double n0 = dx1[d], n2 = dx2[d];
        if (driftEnabled) updateDrift(t, (n0 + n2 - tb[0] - tb[2]) * 0.5);
        // x (frequency) is smoothed as it always was; predict-then-correct moves both edges by the centre velocity
        double a = boxAlpha, b = 1 - boxAlpha;
        double shift = driftEnabled && t.drifting ? v[0] : 0;
        tb[0] = a * n0 + b * (tb[0] + shift);
        tb[2] = a * n2 + b * (tb[2] + shift);
        double da = displayAlpha, dbb = 1 - displayAlpha;
        db[0] = da * tb[0] + dbb * db[0];
        db[2] = da * tb[2] + dbb * db[2];
        // y is time within this frame: a burst's rows in one frame say nothing about the next, so
        // both boxes take y from the latest matched detection (smoothing it would misplace bursts)
        tb[1] = db[1] = dy1[d];
        tb[3] = db[3] = dy2[d];

        double ca = detConf > t.confidence ? confRise : confFall;
        t.confidence = ca * detConf + (1 - ca) * t.confidence;

        t.age = 0;
        t.hits++;
        t.lastSeenFrameId = frameId;
        if (t.state == TrackState.TENTATIVE && t.hits >= confirmHits) t.state = TrackState.CONFIRMED;
    }

    /**
     * The original drift rule on the centre-x displacement {@code dcx} = detection - truth box (not the
     * first version's x1/y1 corner: y is time within the frame, so its jitter must not look like motion): a
     * move larger than min_displacement in the direction of the velocity (always, at zero evidence)
     * adds evidence and feeds the velocity EMA; one against it removes 2; a small one removes 1 and
     * decays the velocity. The velocity (canonical x per frame) is kept in {@code velocity[0]}.
     */
    private void updateDrift(TrackSlot t, double dcx) {
        double[] v = t.velocity;
        if (Math.abs(dcx) > driftMinDisp) {
            boolean consistent = t.driftEvidence <= 0 || dcx * v[0] > 0;
            if (consistent) {
                t.driftEvidence++;
                v[0] = VELOCITY_ALPHA * dcx + (1 - VELOCITY_ALPHA) * v[0];
            } else {
                t.driftEvidence = Math.max(0, t.driftEvidence - 2);
            }
        } else {
            t.driftEvidence = Math.max(0, t.driftEvidence - 1);
            v[0] *= VELOCITY_DECAY;
        }
        if (t.driftEvidence >= driftFrames) {
            t.drifting = true;
        } else if (t.driftEvidence == 0) {
            t.drifting = false;
            v[0] = 0;
        }
    }

    private void ageUnmatched(TrackSlot t) {
        t.age++;
        t.confidence *= UNMATCHED_DECAY;
        t.driftEvidence = Math.max(0, t.driftEvidence - 1);
        if (t.age > maxAge) t.state = TrackState.LOST;
    }

    private List<Track> export(SpectrogramFrame frame) {
        double fs = frame.sampleRateHz();
        double hzPerSecPerUnit = fs / frame.durationSeconds();
        int n = tracks.size();
        ArrayList<Track> out = new ArrayList<>(n);
        snr.prepare(frame);
        long frameId = frame.frameId();
        for (int i = 0; i < n; i++) {
            TrackSlot t = tracks.get(i);
            double[] tb = t.truth, db = t.display, v = t.velocity;
            // measured where the track was seen this frame; a coasting track keeps its last reading
            if (t.lastSeenFrameId == frameId) t.snrDb = snr.snrDb(tb[0], tb[1], tb[2], tb[3]);
            double cx = (db[0] + db[2]) * 0.5;
            out.add(new Track(t.id, t.classId, t.className,
                    new Box(tb[0], tb[1], tb[2], tb[3]), new Box(db[0], db[1], db[2], db[3]),
                    t.confidence, t.state, t.age, t.hits,
                    t.drifting ? MotionMode.DRIFTING : MotionMode.STATIONARY,
                    v[0] * hzPerSecPerUnit,
                    Math.min(1.0, (double) t.driftEvidence / driftFrames),
                    frame.freqAt(cx), (db[2] - db[0]) * fs,
                    t.firstSeenFrameId, t.lastSeenFrameId, t.snrDb));
        }
        return out;
    }

    private void prune() {
        int w = 0, n = tracks.size();
        for (int r = 0; r < n; r++) {
            TrackSlot t = tracks.get(r);
            if (t.state == TrackState.LOST) pool.add(t);
            else tracks.set(w++, t);
        }
        for (int r = n - 1; r >= w; r--) tracks.remove(r);
    }

    /** Live tracks held (lost ones already pruned). */
    public int size() {
        return tracks.size();
    }
}
