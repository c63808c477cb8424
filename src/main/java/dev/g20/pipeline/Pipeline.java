package dev.g20.pipeline;

import dev.g20.track.TrackState;

import dev.g20.config.ConfigException;
import dev.g20.config.DatabaseConfig;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detection;
import dev.g20.detect.Detector;
import dev.g20.pipeline.PipelineListener.ConfigChange;
import dev.g20.source.IqSource;
import dev.g20.source.SourceException;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.store.TrackLogger;
import dev.g20.track.Track;
import dev.g20.track.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

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
 * the items ahead of it.
 */
public final class Pipeline implements ConfigControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final long POLL_MS = 50;

    private final PipelineComponents components;
    private final PipelineOptions options;
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final List<PipelineListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Supplier<String>> statusParts = new CopyOnWriteArrayList<>();
    private final SourceInfo sourceInfo;

    private volatile G20Config config;
    private final AtomicReference<SpectrogramConfig> pendingSpectrogram = new AtomicReference<>();
    private final AtomicReference<PendingDetector> pendingDetector = new AtomicReference<>();
    private final AtomicReference<Tracker> pendingTracker = new AtomicReference<>();

    private final int blockSamples;
    private final ArrayBlockingQueue<IqBlock> freeBlocks;
    private final ArrayBlockingQueue<IqBlock> iqQueue;
    private final Handoff<FrameJob> detectorQueue;
    private final Handoff<TrackJob> trackerQueue;
    /** The most time the warm-up may take. */
    private static final long WARM_UP_MAX_NANOS = 5_000_000_000L;
    private volatile int warmUpFramesRun;
    private final RateLimitedLog iqDropLog = new RateLimitedLog(LOG, "spectrogram stage behind: dropped IQ block(s) from the source", 5000);
    private final RateLimitedLog detectorDropLog = new RateLimitedLog(LOG, "detector behind: dropped oldest frame(s)", 5000);
    private final RateLimitedLog trackerDropLog = new RateLimitedLog(LOG, "tracker behind: dropped oldest detector result(s)", 5000);

    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private volatile boolean started;
    private volatile boolean stopRequested;
    /** The detector's dropped-detection count already added to the metrics (detector thread only). */
    private long cappedSeen;
    private volatile boolean closed;
    private volatile Throwable failure;
    private Thread statusThread;

    // owned by the stage threads after start()
    private Detector detector;
    private Tracker tracker;
    private long currentArrivalNanos;

    public Pipeline(PipelineComponents components, PipelineOptions options) {
        this.components = components;
        this.options = options;
        this.config = components.config();
        this.sourceInfo = components.source().info();
        this.blockSamples = options.blockSamplesFor(sourceInfo.sampleRateHz());
        int blocks = options.iqBlocksFor(sourceInfo.sampleRateHz(), blockSamples);
        this.freeBlocks = new ArrayBlockingQueue<>(blocks);
        for (int i = 0; i < blocks; i++) freeBlocks.add(new IqBlock(blockSamples));
        // room for every block of the pool plus the end marker: putting into it never waits
        this.iqQueue = new ArrayBlockingQueue<>(blocks + 1);
        this.detectorQueue = new Handoff<>(options.detectorQueueFrames(), options.lossless(), metrics.detectorQueueDrops,
                j -> detectorDropLog.hit(metrics.detectorQueueDrops.sum()));
        this.trackerQueue = new Handoff<>(options.trackerQueueFrames(), options.lossless(), metrics.trackerQueueDrops,
                j -> trackerDropLog.hit(metrics.trackerQueueDrops.sum()));
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

    /** True for a radio source (rtl_tcp). */
    public boolean liveSource() {
        return components.liveSource();
    }

    /** Registers a listener; call before {@link #start()}. */
    public void addListener(PipelineListener l) {
        listeners.add(l);
    }

    /** Adds a part to the periodic status line (e.g. the server's client count). */
    public void addStatusPart(Supplier<String> part) {
        statusParts.add(part);
    }

    /** True once the source ended or the pipeline stopped, and every stage drained. */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /** The exception that stopped a stage, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Builds the detector and tracker (so a missing model fails here, on the caller's thread) and
     * starts the stage threads.
     */
    public void start() {
        synchronized (lifecycle) {
            if (started) throw new IllegalStateException("pipeline already started");
            started = true;
            detector = components.detectorFactory().create(config.inference(), config.spectrogram());
            try {
                tracker = components.trackerFactory().apply(config.tracker());
            } catch (RuntimeException e) {
                detector.close();
                throw e;
            }
            if (!options.lossless() && options.warmUpFrames() > 0) warmUp(options.warmUpFrames());
            LOG.info("pipeline: source {} ({} MS/s at {} MHz), detector {}, spectrogram hash {}, {}{}",
                    sourceInfo.description(), fmt(sourceInfo.sampleRateHz() / 1e6), fmt(sourceInfo.centerFreqHz() / 1e6),
                    detector.name(), config.spectrogram().hash(), options.lossless() ? "lossless" : "live (drop oldest when behind)",
                    options.paced() && !components.liveSource() ? ", paced at real time" : "");
            threads.add(Thread.ofPlatform().name("g20-source").start(this::runSource));
            threads.add(Thread.ofPlatform().name("g20-spectrogram").start(this::runSpectrogram));
            threads.add(Thread.ofPlatform().name("g20-detector").start(this::runDetector));
            threads.add(Thread.ofPlatform().name("g20-tracker").start(this::runTracker));
            statusThread = Thread.ofPlatform().name("g20-status").daemon().start(this::runStatus);
        }
    }

    /**
     * Live mode only: runs the spectrogram and detector stages over a few frames of noise before
     * the source starts, so that their first frames, slow until the JIT has compiled the STFT and
     * ONNX Runtime has sized its buffers, are not the radio's (each one costs dropped IQ blocks).
     */
    private void warmUp(int warmUpFrames) {
        long t0 = System.nanoTime();
        int[] frames = {0};
        Random noise = new Random(1);
        float[] iq = new float[2 * blockSamples];
        try (CanonicalSpectrogramGenerator g = new CanonicalSpectrogramGenerator(config.spectrogram(), sourceInfo,
                f -> {
                    frames[0]++;
                    detector.detect(f);
                }, components.stftFactory())) {
            while (frames[0] < warmUpFrames && System.nanoTime() - t0 < WARM_UP_MAX_NANOS) {
                for (int i = 0; i < iq.length; i++) iq[i] = (float) (1e-3 * noise.nextGaussian());
                g.accept(iq, blockSamples);
            }
        } catch (RuntimeException e) {
            LOG.warn("warm-up skipped: {}", e.toString());
        }
        warmUpFramesRun = frames[0];
        LOG.info("warm-up: {} frames of noise through the spectrogram and detector in {} ms", frames[0], (System.nanoTime() - t0) / 1_000_000);
    }

    /** Frames of noise the warm-up ran before the source started (0 without one). */
    public int warmUpFrames() {
        return warmUpFramesRun;
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
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("pipeline failed", failure);
    }

    /** Asks the source to stop; the stages then finish what is queued. Returns at once. */
    public void stop() {
        stopRequested = true;
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
            stopRequested = true;
            if (started) {
                joinOrWake();
                if (statusThread != null) statusThread.interrupt();
            }
            try {
                components.trackLogger().stop();
            } catch (RuntimeException e) {
                LOG.warn("track logger stop failed: {}", e.toString());
            }
            try {
                components.source().close();
            } catch (RuntimeException e) {
                LOG.debug("source close: {}", e.toString());
            }
            PendingDetector d = pendingDetector.getAndSet(null);
            if (d != null) d.detector().close();
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

    // ---- config changes -------------------------------------------------------------------

    @Override
    public G20Config config() {
        return config;
    }

    @Override
    public synchronized ConfigChange applySpectrogram(SpectrogramConfig next) {
        G20Config old = config;
        String oldHash = old.spectrogram().hash();
        String newHash = next.hash();
        if (!oldHash.equals(newHash)) {
            // the detector's input depends on the spectrogram (display range): a new one takes over
            // with the first frame of the new config
            offerDetector(components.detectorFactory().create(old.inference(), next), newHash);
        }
        config = old.withSpectrogram(next);
        pendingSpectrogram.set(next);
        if (!oldHash.equals(newHash)) {
            LOG.warn("config change (spectrogram.yaml): hash {} -> {}; generator, detector and tracker reset at the next frame", oldHash, newHash);
        } else {
            LOG.info("config change (spectrogram.yaml): display-only change, hash {} unchanged", newHash);
        }
        return announce(new ConfigChange("spectrogram", config, oldHash, newHash, true));
    }

    @Override
    public synchronized ConfigChange applyTracker(TrackerConfig next) {
        Tracker t = components.trackerFactory().apply(next);
        config = config.withTracker(next);
        pendingTracker.set(t);
        String h = config.spectrogram().hash();
        LOG.warn("config change (tracker.yaml): tracker restarts with the new parameters, live tracks reset (hash {})", h);
        return announce(new ConfigChange("tracker", config, h, h, true));
    }

    @Override
    public synchronized ConfigChange applyInference(InferenceConfig next) {
        Detector d = components.detectorFactory().create(next, config.spectrogram());
        config = config.withInference(next);
        offerDetector(d, null);
        String h = config.spectrogram().hash();
        LOG.warn("config change (inference.yaml): detector {} takes over at the next frame (hash {})", d.name(), h);
        return announce(new ConfigChange("inference", config, h, h, true));
    }

    /** A detector for the detector thread to switch to, at the first frame of {@code forHash} (null: the next frame). */
    private record PendingDetector(Detector detector, String forHash) {
    }

    private void offerDetector(Detector d, String forHash) {
        PendingDetector previous = pendingDetector.getAndSet(new PendingDetector(d, forHash));
        if (previous != null) previous.detector().close();
    }

    @Override
    public synchronized ConfigChange applyDatabase(DatabaseConfig next) {
        config = config.withDatabase(next);
        String h = config.spectrogram().hash();
        LOG.warn("config change (database.yaml): recorded; the track store uses it from the next start");
        return announce(new ConfigChange("database", config, h, h, false));
    }

    private ConfigChange announce(ConfigChange c) {
        metrics.configChanges.increment();
        for (PipelineListener l : listeners) {
            try {
                l.onConfigChange(c);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on config change: {}", e.toString());
            }
        }
        return c;
    }

    // ---- stages -------------------------------------------------------------------------------

    private void runSource() {
        IqSource src = components.source();
        boolean pace = options.paced() && !components.liveSource();
        double rate = options.paceSamplesPerSecond() > 0 ? options.paceSamplesPerSecond() : sourceInfo.sampleRateHz();
        IqBlock scratch = new IqBlock(blockSamples);
        long pendingGap = 0;
        long read = 0;
        long t0 = System.nanoTime();
        try {
            while (!stopRequested) {
                IqBlock b = options.lossless() ? freeBlocks.poll(POLL_MS, TimeUnit.MILLISECONDS) : freeBlocks.poll();
                if (b == null && options.lossless()) continue;
                boolean drop = b == null;
                if (drop) b = scratch;
                int n = src.read(b.iq, blockSamples);
                if (n < 0) {
                    if (!drop) freeBlocks.add(b);
                    break;
                }
                if (pace) {
                    read += n;
                    long due = t0 + (long) (read * 1e9 / rate);
                    for (long wait; (wait = due - System.nanoTime()) > 0 && !stopRequested; ) {
                        LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                    }
                }
                metrics.samplesIn.add(n);
                metrics.blocksIn.increment();
                if (drop) {
                    metrics.iqBlocksDropped.increment();
                    metrics.iqSamplesDropped.add(n);
                    pendingGap += n;
                    iqDropLog.hit(metrics.iqBlocksDropped.sum());
                    continue;
                }
                b.samples = n;
                b.gapBefore = pendingGap;
                pendingGap = 0;
                b.arrivalNanos = System.nanoTime();
                iqQueue.add(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (!stopRequested) fail("source", t);
        } finally {
            iqQueue.add(IqBlock.END);
        }
    }

    private void runSpectrogram() {
        CanonicalSpectrogramGenerator generator = null;
        try {
            generator = new CanonicalSpectrogramGenerator(config.spectrogram(), sourceInfo, this::onFrame, components.stftFactory());
            pendingSpectrogram.set(null);
            for (; ; ) {
                IqBlock b = iqQueue.take();
                if (b == IqBlock.END) {
                    // the recording's tail (or a recording shorter than one frame): one last, partial frame
                    if (failure == null && !stopRequested) generator.flush();
                    break;
                }
                try {
                    if (failure == null) {
                        SpectrogramConfig next = pendingSpectrogram.getAndSet(null);
                        if (next != null) generator.reconfigure(next);
                        if (b.gapBefore > 0) generator.skip(b.gapBefore);
                        currentArrivalNanos = b.arrivalNanos;
                        generator.accept(b.iq, b.samples);
                    }
                } catch (Throwable t) {
                    fail("spectrogram", t);
                } finally {
                    freeBlocks.add(b);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fail("spectrogram", t);
            drainIq();
        } finally {
            if (generator != null) generator.close();
            putEnd(detectorQueue, FrameJob.END);
        }
    }

    /** Keeps the source's queue moving after a failure so the source can reach its end marker. */
    private void drainIq() {
        try {
            for (IqBlock b; (b = iqQueue.take()) != IqBlock.END; ) freeBlocks.add(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onFrame(SpectrogramFrame frame) {
        metrics.framesGenerated.increment();
        for (PipelineListener l : listeners) {
            try {
                l.onFrame(frame);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on frame {}: {}", frame.frameId(), e.toString());
            }
        }
        try {
            detectorQueue.put(new FrameJob(frame, currentArrivalNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runDetector() {
        try {
            for (; ; ) {
                FrameJob job = detectorQueue.poll(POLL_MS);
                if (job == null) continue;
                if (job == FrameJob.END) break;
                if (failure != null) continue;
                try {
                    PendingDetector next = pendingDetector.get();
                    if (next != null && (next.forHash() == null || next.forHash().equals(job.frame().configHash()))
                            && pendingDetector.compareAndSet(next, null)) {
                        detector.close();
                        detector = next.detector();
                        cappedSeen = 0;
                    }
                    long t = System.nanoTime();
                    List<Detection> dets = detector.detect(job.frame());
                    metrics.inference.recordNanos(System.nanoTime() - t);
                    metrics.framesDetected.increment();
                    metrics.detections.add(dets.size());
                    long capped = detector.droppedDetections();
                    metrics.detectionsCapped.add(capped - cappedSeen);
                    cappedSeen = capped;
                    trackerQueue.put(new TrackJob(job.frame(), dets, job.arrivalNanos()));
                } catch (InterruptedException e) {
                    throw e;
                } catch (Throwable t) {
                    fail("detector", t);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                detector.close();
            } catch (RuntimeException e) {
                LOG.debug("detector close: {}", e.toString());
            }
            putEnd(trackerQueue, TrackJob.END);
        }
    }

    private void runTracker() {
        TrackLogger logger = components.trackLogger();
        String lastHash = null;
        try {
            for (; ; ) {
                TrackJob job = trackerQueue.poll(POLL_MS);
                if (job == null) continue;
                if (job == TrackJob.END) break;
                if (failure != null) continue;
                try {
                    SpectrogramFrame frame = job.frame();
                    Tracker next = pendingTracker.getAndSet(null);
                    if (next != null) {
                        // the new tracker goes on numbering where the old one stopped: ids never repeat in a run
                        next.continueIdsFrom(tracker.nextTrackId());
                        tracker = next;
                    }
                    String hash = frame.configHash();
                    if (lastHash != null && !lastHash.equals(hash)) {
                        tracker.reset();
                        LOG.warn("tracker reset: frame {} has spectrogram hash {} (was {})", frame.frameId(), hash, lastHash);
                    }
                    lastHash = hash;
                    List<Track> tracks = tracker.update(job.detections(), frame);
                    int confirmed = 0, live = 0;
                    int confirmHits = config.tracker().confirmHits();
                    for (int i = 0, n = tracks.size(); i < n; i++) {
                        Track t = tracks.get(i);
                        boolean isConfirmed = t.state() == TrackState.CONFIRMED;
                        boolean isLost = t.state() == TrackState.LOST;
                        if (isConfirmed) confirmed++;
                        if (!isLost) live++;
                        // a confirmed track's rows, including the one that reports it lost
                        if (isConfirmed || (isLost && t.hits() >= confirmHits) || options.logTentative()) {
                            logger.log(t, frame.frameId(), frame.timestampNs(), hash);
                            metrics.trackRowsLogged.increment();
                        }
                    }
                    metrics.tracksActive = live;
                    metrics.tracksConfirmed = confirmed;
                    for (PipelineListener l : listeners) {
                        try {
                            l.onTracks(frame, tracks);
                        } catch (RuntimeException e) {
                            LOG.warn("listener failed on tracks of frame {}: {}", frame.frameId(), e.toString());
                        }
                    }
                    metrics.endToEnd.recordNanos(System.nanoTime() - job.arrivalNanos());
                    metrics.lastFrameId = frame.frameId();
                    metrics.framesTracked.increment();
                } catch (Throwable t) {
                    fail("tracker", t);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Throwable f = failure;
            for (PipelineListener l : listeners) {
                try {
                    l.onEnd(f);
                } catch (RuntimeException e) {
                    LOG.debug("listener failed on end: {}", e.toString());
                }
            }
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

    private void fail(String stage, Throwable t) {
        metrics.stageErrors.increment();
        synchronized (this) {
            if (failure == null) failure = t;
        }
        stopRequested = true;
        if (t instanceof SourceException || t instanceof ConfigException) {
            LOG.error("{} stage stopped: {}", stage, t.getMessage());
        } else {
            LOG.error("{} stage failed", stage, t);
        }
    }

    // ---- status -------------------------------------------------------------------------------

    private void runStatus() {
        long interval = options.statusIntervalMillis();
        long lastLog = System.nanoTime();
        try {
            while (!finished()) {
                Thread.sleep(1000);
                metrics.updateRates();
                if (interval > 0 && System.nanoTime() - lastLog >= interval * 1_000_000L) {
                    lastLog = System.nanoTime();
                    LOG.info("status: {}", statusLine());
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** The one-line summary: frames/s, source rate, tracks, drops, inference and latency percentiles. */
    public String statusLine() {
        LatencyRecorder.Snapshot inf = metrics.inference.snapshot();
        LatencyRecorder.Snapshot lat = metrics.endToEnd.snapshot();
        StringBuilder sb = new StringBuilder(200);
        sb.append(fmt(metrics.framesPerSecond())).append(" frames/s, source ")
                .append(fmt(metrics.sourceSamplesPerSecond() / 1e6)).append(" MS/s, frames ").append(metrics.framesTracked.sum())
                .append(", tracks ").append(metrics.tracksActive).append(" (").append(metrics.tracksConfirmed).append(" confirmed)")
                .append(", drops ").append(metrics.totalDrops())
                .append(" (iq ").append(metrics.iqBlocksDropped.sum())
                .append(", detector ").append(metrics.detectorQueueDrops.sum())
                .append(", tracker ").append(metrics.trackerQueueDrops.sum()).append(')')
                .append(", inference p50 ").append(fmt(inf.p50Ms())).append(" ms p99 ").append(fmt(inf.p99Ms())).append(" ms")
                .append(", latency p50 ").append(fmt(lat.p50Ms())).append(" ms p99 ").append(fmt(lat.p99Ms())).append(" ms");
        for (Supplier<String> p : statusParts) {
            try {
                sb.append(", ").append(p.get());
            } catch (RuntimeException e) {
                // a status part must never break the status line
            }
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A reusable buffer of interleaved IQ handed from the source to the spectrogram stage. */
    private static final class IqBlock {
        static final IqBlock END = new IqBlock(0);
        final float[] iq;
        int samples;
        long gapBefore;
        long arrivalNanos;

        IqBlock(int capacity) {
            iq = new float[2 * capacity];
        }
    }

    private record FrameJob(SpectrogramFrame frame, long arrivalNanos) {
        static final FrameJob END = new FrameJob(null, 0);
    }

    private record TrackJob(SpectrogramFrame frame, List<Detection> detections, long arrivalNanos) {
        static final TrackJob END = new TrackJob(null, List.of(), 0);
    }
}
