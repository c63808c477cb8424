package dev.g20.eval;

import dev.g20.config.EmitterConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.detect.GroundTruth.LabeledBox;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterBuilder;
import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Track;
import dev.g20.track.TrackState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * eval's "emitters" section: runs the tracker and the emitter layer on the detections eval scores
 * and compares the emitters with the annotated transmitters ({@link EmitterScoring}). It also
 * reports IDF1 against the true emitters twice, once with each track as its own identity and
 * once with the tracks relabelled by their emitter, so the gain of grouping shows on one scale.
 */
public final class EmitterEvaluation implements EvalObserver {
    private final RFSignalTracker tracker;
    private final EmitterConfig config;
    private final EmitterScoring scoring = new EmitterScoring();
    private final TrackingMetrics trackIdentity = new TrackingMetrics(), emitterIdentity = new TrackingMetrics();
    private EmitterBuilder builder;
    private long nextEmitterId;
    private String name;
    private List<SigMfAnnotation> annotations;
    private int[] truthIdentity = new int[0];
    private int identityBase;
    private final List<EmitterScoring.Footprint> footprints = new ArrayList<>();
    private final Map<Long, Emitter> finals = new LinkedHashMap<>();

    public EmitterEvaluation(TrackerConfig tracker, EmitterConfig emitters) {
        this.tracker = new RFSignalTracker(tracker);
        this.config = emitters;
    }

    @Override
    public void recordingStarted(String name, SourceInfo info, List<SigMfAnnotation> annotations) {
        tracker.reset();
        this.name = name;
        this.annotations = annotations;
        footprints.clear();
        finals.clear();
        builder = new EmitterBuilder(config, "eval", e -> finals.put(e.emitterId(), e), true).firstId(nextEmitterId);
        scoring.sampleRate(info.sampleRateHz());
        // identities for IDF1: one per true emitter (g20:emitter_id, else label + band), unique across recordings
        Map<String, Integer> ids = new HashMap<>();
        truthIdentity = new int[annotations.size()];
        for (int i = 0; i < annotations.size(); i++) {
            SigMfAnnotation a = annotations.get(i);
            Object id = a.extras().get(EmitterScoring.EMITTER_KEY);
            String key = id != null ? "id:" + id : "band:" + a.label() + "|" + a.freqLowerEdge() + "|" + a.freqUpperEdge();
            Integer k = ids.get(key);
            if (k == null) {
                k = identityBase + ids.size();
                ids.put(key, k);
            }
            truthIdentity[i] = k;
        }
        identityBase += ids.size();
    }

    @Override
    public void frame(SpectrogramFrame frame, List<Detection> detections, List<LabeledBox> truth) {
        scoring.bins(frame.bins());
        List<Track> tracks = tracker.update(detections, frame);
        builder.update(tracks, frame);
        List<Track> evidenced = new ArrayList<>(tracks.size()), relabelled = new ArrayList<>(tracks.size());
        double span = frame.spanSamples();
        for (Track t : tracks) {
            if (t.state() != TrackState.CONFIRMED || t.ageFrames() != 0) continue;
            long e = builder.emitterOf(t.trackId());
            if (e < 0) continue;
            Box b = t.truthBox();
            footprints.add(new EmitterScoring.Footprint(e, frame.firstSample() + clamp01(b.y1()) * span,
                    frame.firstSample() + clamp01(b.y2()) * span, frame.freqAt(b.x1()), frame.freqAt(b.x2())));
            evidenced.add(t);
            relabelled.add(new Track(e, t.classId(), t.className(), t.truthBox(), t.displayBox(), t.confidence(), t.state(),
                    t.ageFrames(), t.hits(), t.motionMode(), t.driftRateHzPerSec(), t.driftConfidence(), t.freqCenterHz(),
                    t.freqBandwidthHz(), t.firstSeenFrameId(), t.lastSeenFrameId(), t.snrDb()));
        }
        List<LabeledBox> identified = new ArrayList<>(truth.size());
        for (LabeledBox b : truth) {
            int i = b.annotationIndex();
            identified.add(new LabeledBox(b.box(), b.classId(), b.label(), i < truthIdentity.length ? truthIdentity[i] : -1 - i));
        }
        trackIdentity.addFrame(identified, evidenced);
        emitterIdentity.addFrame(identified, relabelled);
    }

    @Override
    public void recordingFinished() {
        builder.closeAll();
        nextEmitterId = builder.nextId();
        List<EmitterScoring.Footprint> resolved = new ArrayList<>(footprints.size());
        for (EmitterScoring.Footprint f : footprints) {
            resolved.add(new EmitterScoring.Footprint(builder.resolve(f.emitterId()), f.startSample(), f.endSample(), f.lowHz(), f.highHz()));
        }
        scoring.addRecording(name, annotations, resolved, finals);
    }

    /** The scores so far. */
    public EmitterScoring.Result scores() {
        return scoring.result();
    }

    @Override
    public String section() {
        return "emitters";
    }

    @Override
    public Object report() {
        Map<String, Object> j = new LinkedHashMap<>();
        EmitterScoring.Result r = scoring.result();
        j.put("scores", r);
        j.put("idf1_tracks", round(trackIdentity.result().idf1()));
        j.put("idf1_emitters", round(emitterIdentity.result().idf1()));
        return j;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private static double clamp01(double v) {
        return Math.clamp(v, 0.0, 1.0);
    }
}
