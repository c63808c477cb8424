package dev.g20.pipeline;

import dev.g20.config.DatabaseConfig;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detector;
import dev.g20.pipeline.PipelineListener.ConfigChange;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.g20.pipeline.StatusLine.fmt;

/**
 * The live data path, one thread per stage with bounded queues between them:
 * <pre>
 * source ──IQ blocks──▶ spectrogram ──frames──▶ detector ──detections──▶ tracker + logger ──▶ listeners
 *                            └──frames──▶ listeners (live server)
 * </pre>
 * In live mode nothing upstream ever waits for a slower stage: the source drops whole IQ blocks
 * when the spectrogram stage is behind (the generator is told about the gap so timestamps stay
 * true), and the detector and tracker queues drop their oldest entry. Every drop is counted in
 * {@link PipelineMetrics} and logged at a limited rate. In lossless mode (offline processing) the
 * same code waits instead and loses nothing.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #awaitCompletion(long)} (the source ended) and/or
 * {@link #stop()}; {@link #close()} stops, drains every queue, flushes the track logger and
 * closes the source. End of stream travels down the queues as a marker, so every stage finishes
 * the items ahead of it. Config changes reach the stages through one {@link Swap} per part.
 */
public final class Pipeline implements ConfigControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineComponents components;
    private final PipelineOptions options;
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final ListenerFanOut listeners = new ListenerFanOut();
    private final StatusLine status = new StatusLine(metrics);
    private final RunState run = new RunState(metrics.stageErrors);
    private final SourceInfo sourceInfo;
    private final LiveConfig live;

    private final int blockSamples;
    private final ArrayBlockingQueue<IqBlock> freeBlocks;
    private final Handoff<IqBlock> iqQueue;
    private final Handoff<FrameJob> detectorQueue;
    private final Handoff<TrackJob> trackerQueue;
    private volatile int warmUpFramesRun;

    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;
    private Thread statusThread;

    public Pipeline(PipelineComponents components, PipelineOptions options) {
        this.components = components;
        this.options = options;
        this.live = new LiveConfig(components, metrics, listeners);
        this.sourceInfo = components.source().info();
        this.blockSamples = options.blockSamplesFor(sourceInfo.sampleRateHz());
        int blocks = options.iqBlocksFor(sourceInfo.sampleRateHz(), blockSamples);
        this.freeBlocks = new ArrayBlockingQueue<>(blocks);
        for (int i = 0; i < blocks; i++) freeBlocks.add(new IqBlock(blockSamples));
        // room for every block of the pool plus the end marker: putting into it never waits
        this.iqQueue = new Handoff<>(blocks + 1);
        this.detectorQueue = Handoff.dropOldest(options.detectorQueueFrames(), options.lossless(), metrics.detectorQueueDrops,
                LOG, "detector behind: dropped oldest frame(s)");
        this.trackerQueue = Handoff.dropOldest(options.trackerQueueFrames(), options.lossless(), metrics.trackerQueueDrops,
                LOG, "tracker behind: dropped oldest detector result(s)");
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public SourceInfo sourceInfo() {
        return sourceInfo;
    }

    public PipelineOptions options() {
        return options;
    }

    /** Registers a listener; call before {@link #start()}. */
    public void addListener(PipelineListener l) {
        listeners.add(l);
    }

    /** Adds a part to the periodic status line (e.g. the server's client count). */
    public void addStatusPart(Supplier<String> part) {
        status.addPart(part);
    }

    /** The one-line summary: frames/s, source rate, tracks, drops, inference and latency percentiles. */
    public String statusLine() {
        return status.text();
    }

    /** True once the source ended or the pipeline stopped, and every stage drained. */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /** The exception that stopped a stage, or null. */
    public Throwable failure() {
        return run.failure();
    }

    /** Frames of noise the warm-up ran before the source started (0 without one). */
    public int warmUpFrames() {
        return warmUpFramesRun;
    }

    /**
     * Builds the detector and tracker (so a missing model fails here, on the caller's thread) and
     * starts the stage threads.
     */
    public void start() {
        synchronized (lifecycle) {
            if (started) throw new IllegalStateException("pipeline already started");
            started = true;
            Detector detector = components.detectorFactory().apply(config().inference(), config().spectrogram());
            Tracker tracker;
            try {
                tracker = components.trackerFactory().apply(config().tracker());
            } catch (RuntimeException e) {
                detector.close();
                throw e;
            }
            if (!options.lossless() && options.warmUpFrames() > 0) {
                warmUpFramesRun = WarmUp.run(options.warmUpFrames(), blockSamples, config().spectrogram(), sourceInfo, detector,
                        components.stftFactory());
            }
            LOG.info("pipeline: source {} ({} MS/s at {} MHz), detector {}, spectrogram hash {}, {}{}",
                    sourceInfo.description(), fmt(sourceInfo.sampleRateHz() / 1e6), fmt(sourceInfo.centerFreqHz() / 1e6),
                    detector.name(), config().spectrogram().hash(), options.lossless() ? "lossless" : "live (drop oldest when behind)",
                    SourceStage.paceRate(options, sourceInfo) > 0 ? ", paced at real time" : "");
            threads.add(Thread.ofPlatform().name("g20-source").start(new SourceStage(components.source(), options, metrics, run,
                    freeBlocks, iqQueue, blockSamples, SourceStage.paceRate(options, sourceInfo))));
            threads.add(Thread.ofPlatform().name("g20-spectrogram").start(this::runSpectrogram));
            threads.add(Thread.ofPlatform().name("g20-detector").start(() -> runDetector(detector)));
            threads.add(Thread.ofPlatform().name("g20-tracker").start(() -> runTracker(tracker)));
            statusThread = status.start(options.statusIntervalMillis(), this::finished);
        }
    }

    /** Waits until the source ends (or the pipeline stops) and every stage has drained. */
    public boolean awaitCompletion(long timeoutMillis) throws InterruptedException {
        return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Synchronous offline run: starts, waits for the source to end and every frame to be tracked,
     * closes; rethrows a stage failure.
     */
    public void runToEnd() {
        try {
            start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
        Throwable failure = run.failure();
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("pipeline failed", failure);
    }

    /** Asks the source to stop; the stages then finish what is queued. Returns at once. */
    public void stop() {
        run.requestStop();
    }

    /**
     * Stops the source, waits for the stages to drain (a live source blocked in a read is closed
     * to wake it), flushes and stops the track logger, closes the source. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            closed = true;
            run.requestStop();
            if (started) {
                joinOrWake();
                if (statusThread != null) statusThread.interrupt();
            }
            quietly("track logger stop", components.trackLogger()::stop);
            quietly("source close", components.source()::close);
            live.detector.clear();
            if (started) {
                metrics.updateRates();
                LOG.info("pipeline stopped: {}", statusLine());
            }
        }
    }

    private void joinOrWake() {
        Thread source = threads.getFirst();
        try {
            source.join(2000);
            if (source.isAlive()) {
                // a radio with nothing to say keeps read() blocked: closing the socket wakes it
                components.source().close();
                source.join(5000);
            }
            for (Thread t : threads) {
                t.join(30_000);
                if (t.isAlive()) LOG.warn("{} did not finish within 30 s", t.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.toString());
        }
    }

    // ---- config changes -------------------------------------------------------------------

    @Override
    public G20Config config() {
        return live.config();
    }

    @Override
    public ConfigChange applySpectrogram(SpectrogramConfig next) {
        return live.applySpectrogram(next);
    }

    @Override
    public ConfigChange applyTracker(TrackerConfig next) {
        return live.applyTracker(next);
    }

    @Override
    public ConfigChange applyInference(InferenceConfig next) {
        return live.applyInference(next);
    }

    @Override
    public ConfigChange applyDatabase(DatabaseConfig next) {
        return live.applyDatabase(next);
    }

    // ---- stages -------------------------------------------------------------------------------


    private void runSpectrogram() {
        // the frames one IQ block completes, handed on with that block's arrival time
        List<SpectrogramFrame> completed = new ArrayList<>(4);
        CanonicalSpectrogramGenerator generator = null;
        try {
            generator = new CanonicalSpectrogramGenerator(config().spectrogram(), sourceInfo, completed::add, components.stftFactory());
            live.spectrogram.clear();
        } catch (Throwable t) {
            // the loop below then only recycles blocks, so the source reaches its end marker
            run.fail("spectrogram", t);
        }
        CanonicalSpectrogramGenerator g = generator;
        long[] lastArrival = {0};
        try {
            boolean ended = StageLoop.run(iqQueue, IqBlock.END, "spectrogram", b -> {
                SpectrogramConfig next = live.spectrogram.take(null);
                if (next != null) g.reconfigure(next);
                if (b.gapBefore > 0) g.skip(b.gapBefore);
                g.accept(b.iq, b.samples);
                lastArrival[0] = b.arrivalNanos;
                publish(completed, b.arrivalNanos);
            }, freeBlocks::add, run);
            // the recording's tail (or a recording shorter than one frame): one last, partial frame
            if (ended && run.failure() == null && !run.stopRequested()) {
                try {
                    g.flush();
                    publish(completed, lastArrival[0]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    run.fail("spectrogram", t);
                }
            }
        } finally {
            if (g != null) g.close();
            putEnd(detectorQueue, FrameJob.END);
        }
    }

    /** Hands on the frames the generator just completed, with the arrival time of the block that completed them. */
    private void publish(List<SpectrogramFrame> completed, long arrivalNanos) throws InterruptedException {
        for (int i = 0, n = completed.size(); i < n; i++) {
            SpectrogramFrame frame = completed.get(i);
            metrics.framesGenerated.increment();
            listeners.onFrame(frame);
            detectorQueue.put(new FrameJob(frame, arrivalNanos));
        }
        completed.clear();
    }

    private void runDetector(Detector first) {
        DetectorStage stage = new DetectorStage(first, live.detector, metrics, trackerQueue);
        try {
            StageLoop.run(detectorQueue, FrameJob.END, "detector", stage::detect, StageLoop::ignore, run);
        } finally {
            quietly("detector close", stage::close);
            putEnd(trackerQueue, TrackJob.END);
        }
    }

    private void runTracker(Tracker first) {
        TrackerStage stage = new TrackerStage(first, live.tracker, () -> config().tracker(),
                () -> config().database().trackRowEveryFrames(), options.logTentative(),
                components.trackLogger(), metrics, listeners);
        try {
            StageLoop.run(trackerQueue, TrackJob.END, "tracker", stage::track, StageLoop::ignore, run);
        } finally {
            listeners.onEnd(run.failure());
            finished.countDown();
        }
    }

    private <T> void putEnd(Handoff<T> q, T end) {
        try {
            q.putAlways(end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
