package dev.g20.classify;

import dev.g20.pipeline.PipelineListener;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import dev.g20.track.TrackState;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names each confirmed track's modulation from its IQ, on the tracker thread: when a track is
 * matched in a frame and was not classified in the last {@code everyFrames} frames, the newest
 * stretch of its band is read back from the {@link IqHistory} and classified; at most
 * {@code perFrame} tracks are classified per frame (the others wait their turn), which bounds the
 * stage's cost per frame. A track's answer is the modulation with the largest summed confidence
 * over its estimates, with that modulation's latest parameters.
 */
public final class TrackClassifier implements PipelineListener {
    private final IqHistory history;
    private final int everyFrames;
    private final int perFrame;
    private final ModulationClassifier classifier = new ModulationClassifier(ModulationClassifier.MAX_INPUT);
    private final float[] span = new float[2 * ModulationClassifier.MAX_INPUT];
    private final Map<Long, Votes> votes = new HashMap<>();
    private long classified, missed;

    /** Per track: summed confidence and latest estimate per modulation, and when it was last classified. */
    private static final class Votes {
        final EnumMap<Modulation, double[]> sum = new EnumMap<>(Modulation.class);
        final EnumMap<Modulation, ModulationEstimate> latest = new EnumMap<>(Modulation.class);
        long lastFrame = Long.MIN_VALUE / 2; // far in the past, without overflowing the difference
    }

    private boolean tentativeToo;

    /**
     * Also classifies tentative tracks: for a capture too short for any track to confirm, whose
     * tentative tracks are what gets reported.
     */
    public TrackClassifier classifyTentative(boolean on) {
        tentativeToo = on;
        return this;
    }

    public TrackClassifier(IqHistory history, int everyFrames, int perFrame) {
        if (everyFrames < 1 || perFrame < 1) throw new IllegalArgumentException("everyFrames and perFrame must be >= 1");
        this.history = history;
        this.everyFrames = everyFrames;
        this.perFrame = perFrame;
    }

    /** History samples a pipeline needs for its tracker to find a frame's IQ still held: its queues' worth of frames and one estimate's read. */
    public static int historySamples(long frameSpanSamples, int framesInFlight, double sampleRateHz) {
        long s = frameSpanSamples * (framesInFlight + 2) + (long) (0.5 * sampleRateHz) + ModulationClassifier.MAX_INPUT;
        return (int) Math.min(1 << 25, s);
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
        int done = 0;
        for (int i = 0, n = tracks.size(); i < n && done < perFrame; i++) {
            Track t = tracks.get(i);
            if (t.state() == TrackState.LOST || (t.state() == TrackState.TENTATIVE && !tentativeToo)
                    || t.lastSeenFrameId() != frame.frameId()) continue;
            Votes v = votes.computeIfAbsent(t.trackId(), k -> new Votes());
            if (frame.frameId() - v.lastFrame < everyFrames) continue;
            v.lastFrame = frame.frameId();
            done++;
            ModulationEstimate e = classify(frame, t);
            if (e == null) {
                missed++;
                continue;
            }
            classified++;
            v.sum.computeIfAbsent(e.modulation(), k -> new double[1])[0] += Math.max(0.01, e.confidence());
            v.latest.put(e.modulation(), e);
        }
    }

    private ModulationEstimate classify(SpectrogramFrame frame, Track t) {
        double fs = frame.sampleRateHz();
        double bw = Math.max(t.freqBandwidthHz(), fs / frame.bins());
        long spanSamples = frame.spanSamples();
        long end = frame.firstSample() + Math.round(Math.clamp(t.truthBox().y2(), 0, 1) * spanSamples);
        long start = frame.firstSample() + Math.round(Math.clamp(t.truthBox().y1(), 0, 1) * spanSamples);
        int want = ModulationClassifier.inputSamples(fs, bw);
        // the newest stretch of the track's band: from its start in this frame (or earlier, for a short one) to its end
        long from = Math.max(0, Math.min(start, end - want));
        int count = (int) Math.min(want, end - from);
        if (count < 64) return null;
        if (!history.read(from, count, span)) return null;
        return classifier.classify(span, count, fs, t.freqCenterHz() - frame.centerFreqHz(), bw);
    }

    /** The track's modulation so far, or null if it was never classified. */
    public ModulationEstimate estimate(long trackId) {
        Votes v = votes.get(trackId);
        if (v == null || v.sum.isEmpty()) return null;
        Modulation best = null;
        double bs = -1;
        for (Map.Entry<Modulation, double[]> e : v.sum.entrySet()) {
            if (e.getValue()[0] > bs) {
                bs = e.getValue()[0];
                best = e.getKey();
            }
        }
        return v.latest.get(best);
    }

    /** Estimates made, and reads that found the IQ gone or too short. */
    public long classifiedCount() {
        return classified;
    }

    public long missedCount() {
        return missed;
    }

    /**
     * SigMF annotation keys for an estimate: {@code g20:modulation} (the same key synth writes for
     * the transmitted modulation; here the classifier's name of it) and each parameter that applies,
     * with its confidence.
     */
    public static Map<String, Object> annotationExtras(ModulationEstimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e == null) return m;
        m.put("g20:modulation", e.modulation().wireName());
        m.put("g20:modulation_confidence", e.confidence());
        put(m, "g20:symbol_rate_hz", e.symbolRateHz(), e.symbolRateConfidence());
        put(m, "g20:fsk_deviation_hz", e.fskDeviationHz(), e.fskDeviationConfidence());
        put(m, "g20:fm_deviation_hz", e.fmDeviationHz(), e.fmDeviationConfidence());
        put(m, "g20:ofdm_symbol_s", e.ofdmSymbolS(), e.ofdmSymbolConfidence());
        put(m, "g20:chirp_rate_hz_per_s", e.chirpRateHzPerS(), e.chirpRateConfidence());
        put(m, "g20:pulse_width_s", e.pulseWidthS(), e.pulseWidthConfidence());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Double v, Double conf) {
        if (v == null) return;
        m.put(key, v);
        m.put(key + "_confidence", conf);
    }
}
