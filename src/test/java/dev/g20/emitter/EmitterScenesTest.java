package dev.g20.emitter;

import dev.g20.config.EmitterConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.detect.Box;
import dev.g20.detect.Detector;
import dev.g20.eval.EmitterScoring;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.synth.SyntheticSource;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emitter layer on synthetic truth, through the real chain (synth scene, canonical
 * spectrogram, energy detector, tracker), at 4 MS/s rather than the 10 MS/s the tolerances were
 * first tried at, so that nothing depends on one frame geometry: most true emitters are found,
 * hardly any twice, the chirp radar is one emitter with its PRI within 5 %, and drifting carriers
 * report their drift. The full measurement (10 MS/s, three scenarios, three seeds) is in
 * docs/emitters.md.
 */
class EmitterScenesTest {
    static final double FS = 4e6, FC = 915e6, SECONDS = 6;

    record Run(EmitterScoring.Result scores, Map<Long, Emitter> emitters, List<SigMfAnnotation> truth) {
    }

    static Run run(String scenario, long seed) {
        SyntheticSource source = new SyntheticSource(scenario, seed, FS, FC, SECONDS);
        SpectrogramConfig sc = SpectrogramConfig.defaults();
        RFSignalTracker tracker = new RFSignalTracker(TrackerConfig.defaults());
        Map<Long, Emitter> finals = new LinkedHashMap<>();
        EmitterBuilder builder = new EmitterBuilder(EmitterConfig.defaults(), "test", e -> finals.put(e.emitterId(), e), true);
        List<EmitterScoring.Footprint> footprints = new ArrayList<>();
        try (Detector det = new dev.g20.detect.EnergyDetector();
             CanonicalSpectrogramGenerator gen = new CanonicalSpectrogramGenerator(sc, source.info(), frame -> {
                 List<Track> tracks = tracker.update(det.detect(frame), frame);
                 builder.update(tracks, frame);
                 for (Track t : tracks) {
                     if (t.state() != TrackState.CONFIRMED || t.ageFrames() != 0) continue;
                     Box b = t.truthBox();
                     double span = frame.spanSamples();
                     footprints.add(new EmitterScoring.Footprint(builder.emitterOf(t.trackId()), frame.firstSample() + b.y1() * span,
                             frame.firstSample() + b.y2() * span, frame.freqAt(b.x1()), frame.freqAt(b.x2())));
                 }
             })) {
            float[] buf = new float[2 * 65536];
            int n;
            while ((n = source.read(buf, 65536)) > 0) gen.accept(buf, n);
        }
        builder.closeAll();
        List<EmitterScoring.Footprint> resolved = new ArrayList<>();
        for (EmitterScoring.Footprint f : footprints)
            resolved.add(new EmitterScoring.Footprint(builder.resolve(f.emitterId()), f.startSample(), f.endSample(), f.lowHz(), f.highHz()));
        List<SigMfAnnotation> truth = source.annotations();
        EmitterScoring scoring = new EmitterScoring().sampleRate(FS);
        scoring.addRecording(scenario + "-" + seed, truth, resolved, finals);
        return new Run(scoring.result(), finals, truth);
    }

    @Test
    void mixedSceneGivesAboutOneEmitterPerTransmitterAndTheRadarsPri() {
        EmitterScoring.Result r = run("mixed", 5).scores();
        assertThat(r.trueEmitters()).isEqualTo(13);
        assertThat(r.recall()).as("emitter recall " + r).isGreaterThanOrEqualTo(0.75);
        assertThat(r.fragmentation()).as("emitters per true emitter " + r).isLessThanOrEqualTo(1.1);
        assertThat(r.precision()).as("precision " + r).isGreaterThanOrEqualTo(0.8);
        assertThat(r.pulseTrains().singleEmitter()).as("chirps as one emitter " + r.pulseTrains()).isEqualTo(r.pulseTrains().trueEmitters());
        assertThat(r.priWithinTolerance()).as("PRI within 5 % " + r.priRelativeErrors()).isEqualTo(r.pulseTrains().trueEmitters());
    }

    @ParameterizedTest
    @CsvSource({"drift, 3"})
    void driftingCarriersStayOneAndReportTheirDrift(String scenario, long seed) {
        Run run = run(scenario, seed);
        int drifting = 0;
        for (Emitter e : run.emitters().values()) if (e.driftHzPerS() != null && e.bursts() >= 1) drifting++;
        assertThat(drifting).as("emitters with a drift").isGreaterThanOrEqualTo(3);
    }
}
