package dev.g20.pipeline;

import dev.g20.source.IqSource;
import dev.g20.source.SourceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The source thread: reads blocks from the source into free buffers of the pool and queues them
 * for the spectrogram stage. In live mode a read never waits for a buffer: with none free the
 * block is read into a scratch buffer and dropped (counted), and the gap is told to the
 * generator with the next block so timestamps stay true. Optionally paced at real time.
 */
final class SourceStage implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final long POLL_MS = 50;

    private final IqSource source;
    private final PipelineOptions options;
    private final PipelineMetrics metrics;
    private final RunState run;
    private final ArrayBlockingQueue<IqBlock> freeBlocks;
    private final Handoff<IqBlock> out;
    private final int blockSamples;
    private final double paceRate;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, "spectrogram stage behind: dropped IQ block(s) from the source", 5000);

    /** @param paceRate samples per second to pace at, or 0 to read as fast as the source delivers */
    SourceStage(IqSource source, PipelineOptions options, PipelineMetrics metrics, RunState run,
                ArrayBlockingQueue<IqBlock> freeBlocks, Handoff<IqBlock> out, int blockSamples, double paceRate) {
        this.source = source;
        this.options = options;
        this.metrics = metrics;
        this.run = run;
        this.freeBlocks = freeBlocks;
        this.out = out;
        this.blockSamples = blockSamples;
        this.paceRate = paceRate;
    }

    /** The pacing rate for {@code info}: the configured rate, else the sample rate; 0 when not paced. */
    static double paceRate(PipelineOptions options, SourceInfo info) {
        if (!options.paced() || info.live()) return 0;
        return options.paceSamplesPerSecond() > 0 ? options.paceSamplesPerSecond() : info.sampleRateHz();
    }

    @Override
    public void run() {
        IqBlock scratch = new IqBlock(blockSamples);
        long pendingGap = 0;
        long read = 0;
        long t0 = System.nanoTime();
        try {
            while (!run.stopRequested()) {
                IqBlock b = options.lossless() ? freeBlocks.poll(POLL_MS, TimeUnit.MILLISECONDS) : freeBlocks.poll();
                if (b == null && options.lossless()) continue;
                boolean drop = b == null;
                if (drop) b = scratch;
                int n = source.read(b.iq, blockSamples);
                if (n < 0) {
                    if (!drop) freeBlocks.add(b);
                    break;
                }
                if (paceRate > 0) {
                    read += n;
                    long due = t0 + (long) (read * 1e9 / paceRate);
                    for (long wait; (wait = due - System.nanoTime()) > 0 && !run.stopRequested(); ) {
                        LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                    }
                }
                metrics.samplesIn.add(n);
                metrics.blocksIn.increment();
                if (drop) {
                    metrics.iqBlocksDropped.increment();
                    metrics.iqSamplesDropped.add(n);
                    pendingGap += n;
                    dropLog.hit(metrics.iqBlocksDropped.sum());
                    continue;
                }
                b.samples = n;
                b.gapBefore = pendingGap;
                pendingGap = 0;
                b.arrivalNanos = System.nanoTime();
                out.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (!run.stopRequested()) run.fail("source", t);
        } finally {
            try {
                out.putAlways(IqBlock.END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
