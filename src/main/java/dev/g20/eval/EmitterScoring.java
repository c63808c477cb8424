package dev.g20.eval;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.detect.GroundTruth;
import dev.g20.emitter.Emitter;
import dev.g20.source.SigMfAnnotation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emitter-level scores against annotated truth. A true emitter is the set of annotations sharing
 * one {@code g20:emitter_id} (synth writes it; a hopper's dwells and a radar's pulses share one);
 * without that key, each annotation label plus band is one emitter. An emitter the pipeline built
 * is represented by its footprint, the boxes of its tracks in every frame they were matched
 * (source samples x Hz); it matches the true emitter on whose emissions most (more than half) of
 * its footprint's area lies (bands narrower than the narrowest frame box, GroundTruth.MIN_WIDTH_BINS
 * of the frame's bins, widened to it, as frame truth is).
 *
 * <p>Recall: true emitters matched by at least one emitter, over all true emitters. Precision:
 * emitters that match a true emitter, over all emitters built. Fragmentation: matched emitters
 * over the true emitters they matched (1 is perfect). Class accuracy: matched emitters whose
 * voted class is the true emitter's label. The same is reported for hoppers and chirps alone,
 * plus how many of them came out as exactly one emitter and, for chirps, how many of those have
 * a PRI within 5 % of the true one (the median start-to-start gap of its pulses).
 */
public final class EmitterScoring {
    /** The annotation key naming the emitter an emission belongs to. */
    public static final String EMITTER_KEY = "g20:emitter_id";
    /** A PRI within this fraction of the truth counts as right. */
    static final double PRI_TOLERANCE = 0.05;

    /** One matched box of an emitter's track in one frame. */
    public record Footprint(long emitterId, double startSample, double endSample, double lowHz, double highHz) {
    }

    /** Scores of one set of true emitters (all, hoppers, chirps). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Scores(int trueEmitters, int emittersMatched, int trueEmittersFound, double recall, double fragmentation,
                         double classAccuracy, int singleEmitter) {
    }

    /** One recording's counts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RecordingScores(String recording, int emittersFound, int trueEmitters, double precision, double recall,
                                  double fragmentation, double classAccuracy, boolean emitterIdsAnnotated) {
    }

    /**
     * The whole section.
     *
     * @param priWithinTolerance chirps found as one emitter whose PRI is within 5 % of the truth
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int emittersFound, int trueEmitters, double precision, double recall, double fragmentation,
                         double classAccuracy, Scores hoppers, Scores pulseTrains, int priWithinTolerance,
                         List<Double> priRelativeErrors, List<RecordingScores> recordings) {
    }

    private final Tally all = new Tally(), hoppers = new Tally(), chirps = new Tally();
    private int found, matchedEmitters, priOk;
    private final List<Double> priErrors = new ArrayList<>();
    private final List<RecordingScores> recordings = new ArrayList<>();

    private static final class Tally {
        int truth, matched, truthFound, classRight, single;

        Scores scores() {
            return new Scores(truth, matched, truthFound, ratio(truthFound, truth), truthFound == 0 ? 0 : (double) matched / truthFound,
                    ratio(classRight, matched), single);
        }
    }

    /**
     * Scores one recording.
     *
     * @param annotations its ground truth (sample indices from the capture's first sample)
     * @param footprints  every emitter's matched boxes, by final emitter id
     * @param emitters    the final record of every emitter built, by id
     */
    public void addRecording(String name, List<SigMfAnnotation> annotations, List<Footprint> footprints, Map<Long, Emitter> emitters) {
        // true emitters
        Map<String, Integer> truthIndex = new LinkedHashMap<>();
        List<String> truthLabel = new ArrayList<>();
        int[] truthOf = new int[annotations.size()];
        boolean annotated = false;
        for (int i = 0; i < annotations.size(); i++) {
            SigMfAnnotation a = annotations.get(i);
            Object id = a.extras().get(EMITTER_KEY);
            annotated |= id != null;
            String key = id != null ? "id:" + id : "band:" + a.label() + "|" + a.freqLowerEdge() + "|" + a.freqUpperEdge();
            Integer t = truthIndex.get(key);
            if (t == null) {
                t = truthIndex.size();
                truthIndex.put(key, t);
                truthLabel.add(a.label());
            }
            truthOf[i] = t;
        }
        int nt = truthIndex.size();
        // footprint area and overlap with each true emitter, per emitter
        Map<Long, double[]> overlap = new LinkedHashMap<>();
        Map<Long, double[]> area = new LinkedHashMap<>();
        for (Long id : emitters.keySet()) {
            overlap.put(id, new double[nt]);
            area.put(id, new double[1]);
        }
        SigMfAnnotation[] anns = annotations.toArray(new SigMfAnnotation[0]);
        Integer[] order = new Integer[anns.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Long.compare(anns[x].sampleStart(), anns[y].sampleStart()));
        long[] starts = new long[anns.length];
        long maxCount = 0;
        for (int i = 0; i < order.length; i++) {
            starts[i] = anns[order[i]].sampleStart();
            maxCount = Math.max(maxCount, anns[order[i]].sampleCount());
        }
        // a band narrower than a frame box can be (a carrier) is widened as GroundTruth.inFrame widens it
        double minWidth = (double) GroundTruth.MIN_WIDTH_BINS / bins * sampleRate;
        for (Footprint f : footprints) {
            double[] ov = overlap.get(f.emitterId());
            if (ov == null) continue;
            double w = Math.max(0, f.highHz() - f.lowHz()), d = Math.max(0, f.endSample() - f.startSample());
            area.get(f.emitterId())[0] += w * d;
            // annotations that can overlap in time start after f.start - maxCount and before f.end
            int from = lowerBound(starts, (long) Math.floor(f.startSample()) - maxCount);
            for (int k = from; k < starts.length && starts[k] < f.endSample(); k++) {
                SigMfAnnotation a = anns[order[k]];
                double it = Math.min(f.endSample(), a.sampleStart() + a.sampleCount()) - Math.max(f.startSample(), a.sampleStart());
                if (it <= 0) continue;
                double lo = a.freqLowerEdge(), hi = a.freqUpperEdge();
                if (hi - lo < minWidth) {
                    double c = 0.5 * (lo + hi);
                    lo = c - 0.5 * minWidth;
                    hi = c + 0.5 * minWidth;
                }
                double iff = Math.min(f.highHz(), hi) - Math.max(f.lowHz(), lo);
                if (iff <= 0) continue;
                ov[truthOf[order[k]]] += it * iff;
            }
        }
        int[] emittersPerTruth = new int[nt];

        Map<Integer, Emitter> onlyEmitter = new LinkedHashMap<>();
        int recFound = emitters.size(), recMatched = 0, recClass = 0;
        for (Map.Entry<Long, Emitter> e : emitters.entrySet()) {
            double[] ov = overlap.get(e.getKey());
            double a = area.get(e.getKey())[0];
            int best = -1;
            for (int t = 0; t < nt; t++) if (best < 0 || ov[t] > ov[best]) best = t;
            if (best < 0 || !(a > 0) || ov[best] <= 0.5 * a) continue;
            recMatched++;
            emittersPerTruth[best]++;
            onlyEmitter.put(best, e.getValue());
            String label = truthLabel.get(best);
            boolean right = label.equals(e.getValue().className());
            if (right) recClass++;
            for (Tally tally : tallies(label)) {
                tally.matched++;
                if (right) tally.classRight++;
            }
        }
        int recTruthFound = 0;
        for (int t = 0; t < nt; t++) {
            String label = truthLabel.get(t);
            boolean hit = emittersPerTruth[t] > 0;
            if (hit) recTruthFound++;
            for (Tally tally : tallies(label)) {
                tally.truth++;
                if (hit) tally.truthFound++;
                if (emittersPerTruth[t] == 1) tally.single++;
            }
            if (label.equals("chirp") && emittersPerTruth[t] == 1) {
                double truePri = truthPri(annotations, truthOf, t);
                Double pri = onlyEmitter.get(t).priS();
                if (!Double.isNaN(truePri) && pri != null) {
                    double err = Math.abs(pri - truePri) / truePri;
                    priErrors.add(Math.round(err * 1e4) / 1e4);
                    if (err <= PRI_TOLERANCE) priOk++;
                }
            }
        }
        found += recFound;
        matchedEmitters += recMatched;
        recordings.add(new RecordingScores(name, recFound, nt, ratio(recMatched, recFound), ratio(recTruthFound, nt),
                recTruthFound == 0 ? 0 : (double) recMatched / recTruthFound, ratio(recClass, recMatched), annotated));
    }

    private List<Tally> tallies(String label) {
        List<Tally> l = new ArrayList<>(2);
        l.add(all);
        if (label.equals("hopper")) l.add(hoppers);
        if (label.equals("chirp")) l.add(chirps);
        return l;
    }

    /** The median start-to-start gap of true emitter t's emissions, in seconds. */
    private double truthPri(List<SigMfAnnotation> annotations, int[] truthOf, int t) {
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < annotations.size(); i++) if (truthOf[i] == t) s.add(annotations.get(i).sampleStart());
        if (s.size() < 3) return Double.NaN;
        s.sort(null);
        double[] gaps = new double[s.size() - 1];
        for (int i = 1; i < s.size(); i++) gaps[i - 1] = s.get(i) - s.get(i - 1);
        Arrays.sort(gaps);
        return gaps[gaps.length / 2] / sampleRate;
    }

    private double sampleRate = 1;
    private int bins = 4096;

    /** The frames' bins (fft_size), for the truth's minimum width in Hz; 4096 unless told. */
    public EmitterScoring bins(int n) {
        this.bins = n;
        return this;
    }

    /** The sample rate of the recording about to be added (for PRI in seconds). */
    public EmitterScoring sampleRate(double hz) {
        this.sampleRate = hz;
        return this;
    }

    private static int lowerBound(long[] a, long v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    public Result result() {
        Scores s = all.scores();
        return new Result(found, all.truth, ratio(matchedEmitters, found), s.recall(), s.fragmentation(), s.classAccuracy(),
                hoppers.scores(), chirps.scores(), priOk, List.copyOf(priErrors), List.copyOf(recordings));
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
