package dev.g20.eval;

import dev.g20.track.RFSignalTracker;
import dev.g20.track.Track;

import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detection;
import dev.g20.detect.GroundTruth.LabeledBox;
import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * eval's "tracking" section: runs the tracker on the detections eval scores and compares its
 * confirmed tracks with the annotations (CLEAR MOT, IDF1). A ground-truth identity is one
 * annotation, except that the frame-sized pieces of one drifting signal (annotations with a
 * g20:segment number) share their g20:emitter_id, so a tracker that follows the drift scores well.
 * Hypotheses are the confirmed tracks matched in the frame: a track coasting on without a
 * detection (kept for display up to max_age) has no evidence there and is not scored.
 */
public final class TrackingEvaluation implements EvalObserver {
    private final RFSignalTracker tracker;
    private final TrackingMetrics metrics = new TrackingMetrics();
    private int[] identity = new int[0];
    private int identityBase;
    private int nextIdentity;

    public TrackingEvaluation(TrackerConfig config) {
        this.tracker = new RFSignalTracker(config);
    }

    @Override
    public void recordingStarted(String name, SourceInfo info, List<SigMfAnnotation> annotations) {
        tracker.reset();
        identityBase = nextIdentity;
        identity = new int[annotations.size()];
        Map<Object, Integer> bySegmentedEmitter = new HashMap<>();
        for (int i = 0; i < annotations.size(); i++) {
            Map<String, Object> extras = annotations.get(i).extras();
            Object emitter = extras.get("g20:emitter_id");
            if (emitter != null && extras.containsKey("g20:segment")) {
                Integer id = bySegmentedEmitter.get(emitter);
                if (id == null) {
                    id = nextIdentity++;
                    bySegmentedEmitter.put(emitter, id);
                }
                identity[i] = id;
            } else {
                identity[i] = nextIdentity++;
            }
        }
    }

    @Override
    public void frame(SpectrogramFrame frame, List<Detection> detections, List<LabeledBox> truth) {
        List<Track> tracks = tracker.update(detections, frame);
        List<Track> evidenced = new ArrayList<>(tracks.size());
        for (Track t : tracks) if (t.ageFrames() == 0) evidenced.add(t);
        List<LabeledBox> identified = new ArrayList<>(truth.size());
        for (LabeledBox b : truth) {
            int id = b.annotationIndex() < identity.length ? identity[b.annotationIndex()] : identityBase + b.annotationIndex();
            identified.add(new LabeledBox(b.box(), b.classId(), b.label(), id));
        }
        metrics.addFrame(identified, evidenced);
    }

    @Override
    public String section() {
        return "tracking";
    }

    @Override
    public Object report() {
        return metrics.result();
    }
}
