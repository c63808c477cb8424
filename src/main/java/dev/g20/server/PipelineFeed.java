package dev.g20.server;

import dev.g20.pipeline.PipelineListener;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the pipeline publishes, on its way to the clients without ever slowing the pipeline: the
 * listener calls only queue (a small {@link DropOldestQueue}, oldest frame dropped and counted
 * when full), and one encoder thread turns frames into waterfall rows and messages into JSON for
 * the {@link ClientHub}, with a stats message to each client every second.
 */
final class PipelineFeed implements PipelineListener {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineFeed.class);
    private static final int MAX_FRAMES = 4;
    private static final int MAX_MESSAGES = 1024;
    private static final long STATS_INTERVAL_NS = 1_000_000_000L;

    private final DropOldestQueue<Object> events = new DropOldestQueue<>(e -> e instanceof SpectrogramFrame, MAX_FRAMES, MAX_MESSAGES);
    private final WaterfallEncoder encoder;
    private final ClientHub clients;
    private final PipelineMetrics pipelineMetrics;
    private final ServerMetrics metrics;
    private volatile boolean running;
    private volatile String endReason;
    private Thread thread;

    PipelineFeed(WaterfallEncoder encoder, ClientHub clients, PipelineMetrics pipelineMetrics, ServerMetrics metrics) {
        this.encoder = encoder;
        this.clients = clients;
        this.pipelineMetrics = pipelineMetrics;
        this.metrics = metrics;
    }

    /** Null while the pipeline runs; then "source ended" or "failed: ...". */
    String endReason() {
        return endReason;
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().name("g20-ws-encoder").daemon().start(this::encodeLoop);
    }

    void stop() {
        running = false;
        synchronized (events) {
            events.notifyAll();
        }
        if (thread != null) thread.interrupt();
    }

    // ---- pipeline listener (called on pipeline threads: never block) ------------------------------

    @Override
    public void onFrame(SpectrogramFrame frame) {
        enqueue(frame);
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
        enqueue(ServerMessage.Tracks.of(frame, tracks));
    }

    @Override
    public void onConfigChange(ConfigChange change) {
        enqueue(ServerMessage.Config.of(change));
    }

    @Override
    public void onEnd(Throwable failure) {
        ServerMessage.End end = ServerMessage.End.of(failure);
        endReason = end.reason();
        enqueue(end);
    }

    /** Queues another part's message for every client (same bound and drop counting). */
    void send(ServerMessage m) {
        enqueue(m);
    }

    private void enqueue(Object event) {
        synchronized (events) {
            Object dropped = events.offer(event);
            if (dropped instanceof SpectrogramFrame) metrics.framesDropped.increment();
            else if (dropped != null) metrics.textDropped.increment();
            events.notifyAll();
        }
    }

    // ---- encoder thread -------------------------------------------------------------------------

    private void encodeLoop() {
        long nextStats = System.nanoTime();
        while (running) {
            Object ev;
            try {
                synchronized (events) {
                    long wait = (nextStats - System.nanoTime()) / 1_000_000;
                    if (events.isEmpty() && wait > 0) events.wait(wait);
                    ev = events.poll();
                }
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (ev instanceof SpectrogramFrame f) {
                    WaterfallEncoder.Encoded enc = encoder.encode(f);
                    metrics.framesEncoded.increment();
                    clients.offerRows(enc);
                } else if (ev instanceof ServerMessage m) {
                    clients.offerText(ProtocolJson.write(m));
                }
                if (System.nanoTime() - nextStats >= 0) {
                    nextStats = System.nanoTime() + STATS_INTERVAL_NS;
                    clients.offerStats(rowsSkipped -> ServerMessage.Stats.of(pipelineMetrics, metrics, rowsSkipped));
                }
            } catch (RuntimeException e) {
                LOG.warn("encoder: {}", e.toString());
            }
        }
    }
}
