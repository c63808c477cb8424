package dev.g20.testing;

import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import dev.g20.track.Tracker;

import java.util.ArrayList;
import java.util.List;

/**
 * TEST FIXTURE, not the shipped RFSignalTracker: links a detection to the live track with the
 * nearest centre frequency (within {@code tolerance} of the span), confirms after
 * {@code confirmHits} hits, forgets a track after {@code maxAge} frames without one.
 */
public final class NearestTestTracker implements Tracker {
    private final double tolerance;
    private final int confirmHits;
    private final int maxAge;
    private final List<State> live = new ArrayList<>();
    private long nextId;
    private int resets;

    private static final class State {
        long id;
        Detection det;
        int hits = 1;
        int age;
        long firstSeen;
    }

    public NearestTestTracker() {
        this(0.02, 2, 3);
    }

    public NearestTestTracker(double tolerance, int confirmHits, int maxAge) {
        this.tolerance = tolerance;
        this.confirmHits = confirmHits;
        this.maxAge = maxAge;
    }

    public synchronized int resets() {
        return resets;
    }

    @Override
    public synchronized List<Track> update(List<Detection> detections, SpectrogramFrame frame) {
        boolean[] used = new boolean[detections.size()];
        for (State s : live) {
            int best = -1;
            double bestD = tolerance;
            for (int i = 0; i < detections.size(); i++) {
                if (used[i]) continue;
                double d = Math.abs(detections.get(i).box().centerX() - s.det.box().centerX());
                if (d <= bestD) {
                    bestD = d;
                    best = i;
                }
            }
            if (best >= 0) {
                used[best] = true;
                s.det = detections.get(best);
                s.hits++;
                s.age = 0;
            } else {
                s.age++;
            }
        }
        live.removeIf(s -> s.age > maxAge);
        for (int i = 0; i < detections.size(); i++) {
            if (used[i]) continue;
            State s = new State();
            s.id = nextId++;
            s.det = detections.get(i);
            s.firstSeen = frame.frameId();
            live.add(s);
        }
        List<Track> out = new ArrayList<>();
        for (State s : live) {
            Box b = s.det.box();
            out.add(new Track(s.id, s.det.classId(), s.det.className(), b, b, s.det.confidence(),
                    s.hits >= confirmHits ? "confirmed" : "tentative", s.age, s.hits, "stationary", 0, 0,
                    frame.freqAt(b.centerX()), b.width() * frame.sampleRateHz(), s.firstSeen, frame.frameId()));
        }
        return out;
    }

    @Override
    public synchronized void reset() {
        live.clear();
        resets++;
    }
}
