package dev.g20.cli;

import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterBuilder;
import dev.g20.track.TrackState;

import dev.g20.detect.Box;
import dev.g20.pipeline.PipelineListener;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What {@code process} keeps of a pipeline run: per confirmed track its final record and its
 * extent in samples, and (for the PNG) the box of every frame in which it was matched. Called on
 * the tracker thread only; read after the run.
 */
final class ProcessRecorder implements PipelineListener {

    /**
     * A confirmed track's box for drawing, in source samples and Hz: its matched boxes in
     * consecutive frames that meet at the frame boundary are joined, so a continuous signal is one
     * box; only a track's first box carries its label. Class and label are the track's final
     * ones, as in the tracks file and the annotations: the class vote can settle frames after
     * the first box was drawn.
     */
    record Segment(double startSample, double endSample, double lowHz, double highHz, int classId, String label) {
    }

    /** Where a track was matched: joined boxes in source samples and Hz, before its class is known. */
    private record Extent(double startSample, double endSample, double lowHz, double highHz) {
    }

    /** Per track id: the latest record, the latest matched record and the sample extent of its matched boxes. */
    private static final class Seen {
        Track last, lastMatched;
        boolean confirmed;
        double startSample = Double.NaN, endSample;
        String configHash;
        final List<Extent> boxes = new ArrayList<>();
        long lastBoxFrame = Long.MIN_VALUE;
        boolean lastReachedBottom;
    }

    private final Map<Long, Seen> tracks = new TreeMap<>();
    private final boolean keepBoxes;
    private boolean unconfirmed;
    private final Consumer<SpectrogramFrame> progress;
    /** The emitter stage that ran before this listener in the same frame (null: no emitter annotations). */
    private final EmitterBuilder emitters;
    /** Every matched box of a confirmed track with its emitter then (track id, emitter id, samples, Hz). */
    private final List<EmitterBox> emitterBoxes = new ArrayList<>();
    private double edgeSamples;

    private record EmitterBox(long trackId, long emitterId, double start, double end, double lo, double hi) {
    }

    ProcessRecorder(boolean keepBoxes, Consumer<SpectrogramFrame> progress) {
        this(keepBoxes, progress, null);
    }

    /** @param emitters the emitter stage's builder, added to the pipeline before this recorder */
    ProcessRecorder(boolean keepBoxes, Consumer<SpectrogramFrame> progress, EmitterBuilder emitters) {
        this.keepBoxes = keepBoxes;
        this.progress = progress;
        this.emitters = emitters;
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> list) {
        long span = frame.spanSamples();
        edgeSamples = 3.0 * frame.hop();
        for (int i = 0, n = list.size(); i < n; i++) {
            Track t = list.get(i);
            Seen s = tracks.computeIfAbsent(t.trackId(), k -> new Seen());
            s.last = t;
            if (t.state() == TrackState.CONFIRMED) s.confirmed = true;
            if (t.lastSeenFrameId() != frame.frameId()) continue;
            // matched in this frame: its truth box's y is this frame's detection (time within the frame)
            Box b = t.truthBox();
            double start = frame.firstSample() + clamp01(b.y1()) * span;
            double end = frame.firstSample() + clamp01(b.y2()) * span;
            if (Double.isNaN(s.startSample)) s.startSample = start;
            s.endSample = Math.max(s.endSample, end);
            s.lastMatched = t;
            s.configHash = frame.configHash();
            if (keepBoxes) addBox(s, t, frame);
            if (emitters != null && t.state() == TrackState.CONFIRMED) {
                long e = emitters.emitterOf(t.trackId());
                if (e >= 0) emitterBoxes.add(new EmitterBox(t.trackId(), e, start, end, frame.freqAt(b.x1()), frame.freqAt(b.x2())));
            }
        }
        if (progress != null) progress.accept(frame);
    }

    private static void addBox(Seen s, Track t, SpectrogramFrame frame) {
        Box d = t.displayBox();
        long span = frame.spanSamples();
        double start = frame.firstSample() + clamp01(d.y1()) * span, end = frame.firstSample() + clamp01(d.y2()) * span;
        double lo = frame.freqAt(d.x1()), hi = frame.freqAt(d.x2());
        boolean joins = !s.boxes.isEmpty() && s.lastBoxFrame == frame.frameId() - 1 && s.lastReachedBottom && d.y1() <= EDGE;
        if (joins) {
            Extent p = s.boxes.removeLast();
            s.boxes.add(new Extent(p.startSample(), end, Math.min(p.lowHz(), lo), Math.max(p.highHz(), hi)));
        } else {
            s.boxes.add(new Extent(start, end, lo, hi));
        }
        s.lastBoxFrame = frame.frameId();
        s.lastReachedBottom = d.y2() >= 1 - EDGE;
    }

    /** How close to a frame's top or bottom edge a box must be to continue into the next frame. */
    private static final double EDGE = 0.02;

    private static double clamp01(double v) {
        return Math.clamp(v, 0.0, 1.0);
    }

    /**
     * Also report tracks that were never confirmed (matched at least once): for a recording too
     * short for the tracker to confirm anything (fewer frames than confirm_hits), so that a
     * one-frame capture still gets its bursts. They keep their tentative state in the tracks file,
     * carry {@code g20:confirmed: false} in the annotations and a "?" in the PNG label.
     */
    void reportUnconfirmed(boolean on) {
        unconfirmed = on;
    }

    private boolean reported(Seen s) {
        return s.confirmed || unconfirmed && s.lastMatched != null;
    }

    /** The final record of every reported track (ever confirmed, or see {@link #reportUnconfirmed}), in id order. */
    List<Track> confirmedTracks() {
        List<Track> out = new ArrayList<>();
        for (Seen s : tracks.values()) if (reported(s)) out.add(s.last);
        return out;
    }

    /** The boxes of every confirmed track, per frame matched, in its final class. */
    List<Segment> confirmedBoxes() {
        List<Segment> out = new ArrayList<>();
        for (Seen s : tracks.values()) {
            if (!reported(s)) continue;
            Track t = s.last;
            for (int i = 0; i < s.boxes.size(); i++) {
                Extent b = s.boxes.get(i);
                out.add(new Segment(b.startSample(), b.endSample(), b.lowHz(), b.highHz(), t.classId(),
                        i == 0 ? t.className() + (s.confirmed ? " #" : "? #") + t.trackId() : ""));
            }
        }
        return out;
    }

    /**
     * One annotation per confirmed track: from the start of its first matched box to the end of
     * its latest, over the band of its latest matched record.
     *
     * @param sampleOffset added to sample indices (the input's capture sample_start)
     */
    List<SigMfAnnotation> annotations(long sampleOffset) {
        List<SigMfAnnotation> out = new ArrayList<>();
        for (Map.Entry<Long, Seen> e : tracks.entrySet()) {
            Seen s = e.getValue();
            if (!reported(s) || s.lastMatched == null) continue;
            Track t = s.lastMatched;
            long start = Math.round(s.startSample);
            long count = Math.max(1, Math.round(s.endSample) - start);
            double half = t.freqBandwidthHz() / 2;
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("g20:track_id", t.trackId());
            extras.put("g20:confidence", round(t.confidence()));
            extras.put("g20:motion_mode", s.last.motionMode().wireName());
            extras.put("g20:drift_rate_hz_per_sec", round(s.last.driftRateHzPerSec()));
            extras.put("g20:config_hash", s.configHash);
            if (!s.confirmed) extras.put("g20:confirmed", false);
            out.add(new SigMfAnnotation(sampleOffset + start, count, t.freqCenterHz() - half, t.freqCenterHz() + half,
                    t.className(), extras));
        }
        return out;
    }

    /**
     * One annotation per emitter burst or hop: the matched boxes of an emitter's tracks, in time
     * order, joined while they stay on one band without a gap (a continuous carrier is one, each
     * dwell of a hopper and each burst is its own), labelled with the emitter's final class and
     * carrying g20:emitter_id besides the per-track keys of the track that opened it.
     *
     * @param finals the final record of every emitter, by id (the emitter stage's output)
     */
    List<SigMfAnnotation> emitterAnnotations(long sampleOffset, Map<Long, Emitter> finals) {
        List<EmitterBox> boxes = new ArrayList<>(emitterBoxes.size());
        for (EmitterBox b : emitterBoxes) {
            boxes.add(new EmitterBox(b.trackId(), emitters.resolve(b.emitterId()), b.start(), b.end(), b.lo(), b.hi()));
        }
        boxes.sort(java.util.Comparator.comparingDouble(EmitterBox::start));
        Map<Long, double[]> open = new java.util.HashMap<>();      // emitter -> {start, end, lo, hi, track id}
        List<double[]> done = new ArrayList<>();
        List<Long> doneEmitter = new ArrayList<>();
        for (EmitterBox b : boxes) {
            double[] o = open.get(b.emitterId());
            if (o != null && b.start() <= o[1] + edgeSamples && bandShare(o[2], o[3], b.lo(), b.hi()) >= 0.5) {
                o[1] = Math.max(o[1], b.end());
                o[2] = Math.min(o[2], b.lo());
                o[3] = Math.max(o[3], b.hi());
                continue;
            }
            if (o != null) {
                done.add(o);
                doneEmitter.add(b.emitterId());
            }
            open.put(b.emitterId(), new double[]{b.start(), b.end(), b.lo(), b.hi(), b.trackId()});
        }
        for (Map.Entry<Long, double[]> e : open.entrySet()) {
            done.add(e.getValue());
            doneEmitter.add(e.getKey());
        }
        List<SigMfAnnotation> out = new ArrayList<>(done.size());
        for (int i = 0; i < done.size(); i++) {
            double[] o = done.get(i);
            Emitter em = finals.get(doneEmitter.get(i));
            Seen s = tracks.get((long) o[4]);
            if (em == null || s == null) continue;
            long start = Math.round(o[0]);
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("g20:emitter_id", em.emitterId());
            extras.put("g20:track_id", (long) o[4]);
            extras.put("g20:confidence", round(s.last.confidence()));
            extras.put("g20:motion_mode", s.last.motionMode().wireName());
            extras.put("g20:drift_rate_hz_per_sec", round(s.last.driftRateHzPerSec()));
            extras.put("g20:config_hash", s.configHash);
            out.add(new SigMfAnnotation(sampleOffset + start, Math.max(1, Math.round(o[1]) - start), o[2], o[3], em.className(), extras));
        }
        out.sort(java.util.Comparator.comparingLong(SigMfAnnotation::sampleStart));
        return out;
    }

    private static double bandShare(double lo1, double hi1, double lo2, double hi2) {
        double inter = Math.min(hi1, hi2) - Math.max(lo1, lo2), narrower = Math.min(hi1 - lo1, hi2 - lo2);
        return inter <= 0 || narrower <= 0 ? 0 : inter / narrower;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** Confirmed tracks per class name. */
    Map<String, Integer> perClass() {
        Map<String, Integer> m = new TreeMap<>();
        for (Track t : confirmedTracks()) m.merge(t.className(), 1, Integer::sum);
        return m;
    }

}
