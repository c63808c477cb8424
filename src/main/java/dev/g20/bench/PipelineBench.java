package dev.g20.bench;

import dev.g20.config.G20Config;
import dev.g20.config.TrackerConfig;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.Detector;
import dev.g20.pipeline.LatencyRecorder;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.source.IqSource;
import dev.g20.source.SourceInfo;
import dev.g20.synth.Scene;
import dev.g20.synth.SyntheticSource;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Tracker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * End-to-end pipeline benchmark for `g20 bench`, in two phases over the same components:
 * <ol>
 * <li>throughput: lossless and unpaced, so the source runs exactly as fast as STFT + detector +
 * tracker can consume; the sample rate achieved is the sustainable rate;</li>
 * <li>latency: live mode paced at the source's own sample rate (or at 80 % of the sustainable
 * rate if the machine cannot keep up with the source), measuring the time from the arrival of the
 * IQ block that completes a frame to that frame's tracks being published.</li>
 * </ol>
 */
public final class PipelineBench {
    private PipelineBench() {
    }

    /**
     * @param source  opens a fresh source per phase (unbounded or long enough for {@code seconds})
     * @param seconds wall time per phase
     * @return JSON-ready figures (rates in samples/s, times in ms)
     */
    public static Map<String, Object> run(Supplier<IqSource> source, G20Config config,
                                          BiFunction<InferenceConfig, SpectrogramConfig, Detector> detectorFactory,
                                          Function<TrackerConfig, Tracker> trackerFactory, double seconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        long ms = Math.max(100, Math.round(seconds * 1000));

        // phase 1: as fast as possible, nothing dropped
        IqSource s1 = source.get();
        double fs = s1.info().sampleRateHz();
        Pipeline p1 = new Pipeline(PipelineComponents.of(s1, config, detectorFactory, trackerFactory, null),
                PipelineOptions.offline());
        long t0 = System.nanoTime();
        runFor(p1, ms);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        PipelineMetrics m1 = p1.metrics();
        double rate = m1.samplesIn.sum() / elapsed;
        LatencyRecorder.Snapshot inf = m1.inference.snapshot();
        out.put("source", s1.info().description());
        out.put("source_sample_rate", fs);
        out.put("fft_size", config.spectrogram().fftSize());
        out.put("rows_per_frame", config.spectrogram().rowsPerFrame());
        out.put("sustainable_samples_per_second", Math.round(rate));
        out.put("realtime_factor", round(rate / fs));
        out.put("frames_per_second", round(m1.framesTracked.sum() / elapsed));
        out.put("frames", m1.framesTracked.sum());
        out.put("inference_ms_p50", round(inf.p50Ms()));
        out.put("inference_ms_p99", round(inf.p99Ms()));

        // phase 2: paced like a radio, latency under a sustainable load
        IqSource s2 = source.get();
        double pace = rate >= fs ? fs : 0.8 * rate;
        PipelineOptions live = PipelineOptions.live(true).withPaced(true, pace).withStatusInterval(0);
        Pipeline p2 = new Pipeline(PipelineComponents.of(s2, config, detectorFactory, trackerFactory, null), live);
        runFor(p2, ms);
        PipelineMetrics m2 = p2.metrics();
        LatencyRecorder.Snapshot lat = m2.endToEnd.snapshot();
        out.put("latency_paced_samples_per_second", Math.round(pace));
        out.put("latency_frames", lat.count());
        out.put("latency_ms_p50", round(lat.p50Ms()));
        out.put("latency_ms_p99", round(lat.p99Ms()));
        out.put("latency_ms_max", round(lat.maxMs()));
        out.put("latency_run_drops", m2.totalDrops());
        if (p1.failure() != null || p2.failure() != null) {
            Throwable f = p1.failure() != null ? p1.failure() : p2.failure();
            throw new IllegalStateException("benchmark pipeline failed: " + f, f);
        }
        return out;
    }

    /**
     * The shipped parts: the synthetic {@code mixed} scene at 10 MS/s (generated ahead into memory
     * so its generation cost is not measured), the configured detector, the tracker; for `g20 bench`.
     *
     * @param detectorFactory the shipped detectors (dev.g20.wiring.DetectorRegistry)
     */
    public static Map<String, Object> runDefault(G20Config config, BiFunction<InferenceConfig, SpectrogramConfig, Detector> detectorFactory,
                                                 double seconds) {
        Map<String, Object> out = run(() -> PreGenerated.of(SyntheticSource.create(SyntheticSource.DEFAULT_SCENARIO, 1,
                        SyntheticSource.DEFAULT_SAMPLE_RATE_HZ, SyntheticSource.DEFAULT_CENTER_FREQ_HZ, 0,
                        Scene.DEFAULT_SEGMENT_SAMPLES, 0), 2.0),
                config, detectorFactory, RFSignalTracker::new, seconds);
        out.put("detector", config.inference().detector().wireName());
        return out;
    }

    /** A source replaying a few seconds generated up front, endlessly (looping at a frame-aligned length). */
    static final class PreGenerated implements IqSource {
        private final SourceInfo info;
        private final float[] iq;
        private final int samples;
        private int pos;

        private PreGenerated(SourceInfo info, float[] iq, int samples) {
            this.info = info;
            this.iq = iq;
            this.samples = samples;
        }

        static PreGenerated of(IqSource src, double seconds) {
            try (src) {
                int n = (int) Math.min(Math.round(seconds * src.info().sampleRateHz()), 1 << 25);
                float[] buf = new float[2 * n];
                float[] block = new float[2 * 65536];
                int got = 0;
                while (got < n) {
                    int r = src.read(block, Math.min(65536, n - got));
                    if (r < 0) break;
                    System.arraycopy(block, 0, buf, 2 * got, 2 * r);
                    got += r;
                }
                SourceInfo i = src.info();
                return new PreGenerated(new SourceInfo(i.sampleRateHz(), i.centerFreqHz(), i.startTimeNs(), -1,
                        i.description() + " (pre-generated " + seconds + " s, looped)"), buf, got);
            }
        }

        @Override
        public SourceInfo info() {
            return info;
        }

        @Override
        public int read(float[] dst, int maxSamples) {
            int n = Math.min(maxSamples, samples - pos);
            System.arraycopy(iq, 2 * pos, dst, 0, 2 * n);
            pos = (pos + n) % samples;
            return n;
        }

        @Override
        public void close() {
        }
    }

    private static void runFor(Pipeline p, long ms) {
        p.start();
        try {
            p.awaitCompletion(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            p.close();
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
