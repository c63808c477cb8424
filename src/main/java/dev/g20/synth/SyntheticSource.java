package dev.g20.synth;

import dev.g20.source.IqSource;
import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceException;
import dev.g20.source.SourceInfo;

import java.util.List;

/**
 * A synthetic scene as an {@link IqSource}: samples are generated on demand (no pacing; the
 * pipeline paces), deterministically by seed, in constant memory, and the ground truth of what has
 * been read so far is available through {@link #annotations()}. Unbounded when no duration is
 * given (the built-in source of {@code g20 run}); then ground truth older than
 * {@link #RETAIN_SECONDS} is forgotten.
 */
public final class SyntheticSource implements IqSource {
    public static final double DEFAULT_SAMPLE_RATE_HZ = 10e6;
    public static final double DEFAULT_CENTER_FREQ_HZ = 915e6;
    public static final String DEFAULT_SCENARIO = "mixed";
    /** Ground truth kept for an unbounded source, in seconds behind the read position. */
    public static final double RETAIN_SECONDS = 120;

    private final Scene scene;
    private final SourceInfo info;
    private final long total;
    private final float[] block = new float[2 * Scene.BLOCK];
    private int blockPos = Scene.BLOCK;
    private volatile long position;
    private final long retainSamples;

    /**
     * A named scenario.
     *
     * @param durationSeconds length of the source; 0, negative or infinite for unbounded
     * @throws SourceException for an unknown scenario or bad rate (a user error)
     */
    public SyntheticSource(String scenario, long seed, double sampleRateHz, double centerFreqHz, double durationSeconds) {
        this(scenarioScene(scenario, seed, sampleRateHz, centerFreqHz), samplesFor(durationSeconds, sampleRateHz), 0,
                "synthetic scene '" + scenario + "' seed " + seed);
    }

    /** The default live demo: scenario {@value #DEFAULT_SCENARIO} at 10 MS/s around 915 MHz, unbounded, wall-clock start. */
    public static SyntheticSource live(long seed) {
        return create(DEFAULT_SCENARIO, seed, DEFAULT_SAMPLE_RATE_HZ, DEFAULT_CENTER_FREQ_HZ, 0, Scene.DEFAULT_SEGMENT_SAMPLES,
                System.currentTimeMillis() * 1_000_000L);
    }

    /**
     * Every knob.
     *
     * @param durationSeconds 0, negative or infinite for unbounded
     * @param segmentSamples  drifting emissions are annotated in pieces aligned to multiples of this:
     *                        pass the canonical frame span (rows_per_frame x hop) so each frame gets one box
     * @param startTimeNs     UTC time of sample 0 (ns since the epoch)
     */
    public static SyntheticSource create(String scenario, long seed, double sampleRateHz, double centerFreqHz, double durationSeconds,
                                         long segmentSamples, long startTimeNs) {
        Scenario sc = scenarioNamed(scenario);
        checkRates(sampleRateHz, centerFreqHz);
        if (segmentSamples < 1) throw new SourceException("segment length must be >= 1 sample, got " + segmentSamples);
        Scene scene = sc.newScene(seed, Scene.Settings.of(sampleRateHz, centerFreqHz).withSegmentSamples(segmentSamples));
        return new SyntheticSource(scene, samplesFor(durationSeconds, sampleRateHz), startTimeNs, "synthetic scene '" + scenario + "' seed " + seed);
    }

    /**
     * Any scene.
     *
     * @param totalSamples samples to deliver, or -1 for unbounded
     */
    public SyntheticSource(Scene scene, long totalSamples, long startTimeNs, String description) {
        this.scene = scene;
        this.total = totalSamples;
        Scene.Settings s = scene.settings();
        this.info = new SourceInfo(s.sampleRateHz(), s.centerFreqHz(), startTimeNs, totalSamples, description);
        this.retainSamples = (long) (RETAIN_SECONDS * s.sampleRateHz());
    }

    static Scene scenarioScene(String scenario, long seed, double fs, double fc) {
        Scenario sc = scenarioNamed(scenario);
        checkRates(fs, fc);
        return sc.newScene(seed, Scene.Settings.of(fs, fc));
    }

    private static Scenario scenarioNamed(String scenario) {
        return Scenario.named(scenario).orElseThrow(() ->
                new SourceException("unknown scenario '" + scenario + "' (known: " + String.join(", ", Scenario.names()) + ")"));
    }

    private static void checkRates(double fs, double fc) {
        if (!(fs > 0) || !Double.isFinite(fs)) throw new SourceException("sample rate must be > 0, got " + fs);
        if (!Double.isFinite(fc)) throw new SourceException("centre frequency must be finite, got " + fc);
    }

    static long samplesFor(double seconds, double fs) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) return -1;
        return Math.round(seconds * fs);
    }

    public Scene scene() {
        return scene;
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    /** Complex samples delivered so far. */
    public long position() {
        return position;
    }

    @Override
    public int read(float[] iq, int maxSamples) {
        long pos = position;
        if (total >= 0 && pos >= total) return -1;
        int want = maxSamples;
        if (total >= 0) want = (int) Math.min(want, total - pos);
        int done = 0;
        while (done < want) {
            if (blockPos == Scene.BLOCK) {
                scene.renderNext(block);
                blockPos = 0;
                if (total < 0 && scene.rendered() % (256L * Scene.BLOCK) == 0) scene.forgetBefore(pos - retainSamples);
            }
            int take = Math.min(want - done, Scene.BLOCK - blockPos);
            System.arraycopy(block, 2 * blockPos, iq, 2 * done, 2 * take);
            blockPos += take;
            done += take;
        }
        position = pos + done;
        return done;
    }

    /** Ground truth of everything read so far (events still under way are clipped to the read position). */
    public List<SigMfAnnotation> annotations() {
        return scene.annotations(position, 0, Long.MAX_VALUE);
    }

    /**
     * Ground truth of one frame spanning samples [from, to) as that frame shows it: an AM or FM
     * emitter whose speech is audible for less than 2 of 256 rows' worth of the span (a frame in a
     * speech pause) shows only its carrier and is labelled cw at the carrier's width.
     */
    public List<SigMfAnnotation> annotationsAsShown(long fromSample, long toSample) {
        return scene.annotationsAsShown(position, fromSample, toSample, (long) Math.ceil((toSample - fromSample) * MIN_AUDIBLE_FRACTION));
    }

    /** Share of a frame in which speech must be audible for the frame to show AM or FM modulation: 2 of 256 rows. */
    public static final double MIN_AUDIBLE_FRACTION = 2.0 / 256;

    /** Ground truth overlapping samples [from, to) among what has been read so far. */
    public List<SigMfAnnotation> annotations(long fromSample, long toSample) {
        return scene.annotations(position, fromSample, toSample);
    }

    @Override
    public void close() {
        // nothing held
    }
}
