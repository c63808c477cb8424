package dev.g20.pipeline;

/**
 * How a pipeline runs.
 *
 * @param lossless             true: a full queue makes the producer wait (offline processing, benchmarks);
 *                             false: live mode, a full queue drops its oldest item and counts it
 * @param paced                read non-live sources at real time (sample rate), as a radio would deliver them
 * @param paceSamplesPerSecond pacing rate; 0 = the source's sample rate
 * @param blockSamples         complex samples per source read; 0 = about 5 ms of samples
 * @param iqQueueBlocks        IQ blocks buffered before the spectrogram stage; 0 = about 0.25 s
 * @param detectorQueueFrames  frames buffered before the detector
 * @param trackerQueueFrames   detector results buffered before the tracker
 * @param statusIntervalMillis period of the one-line status log; 0 = none
 * @param logTentative         also log tentative tracks to the store (default: confirmed tracks only,
 *                             including the final row reporting a confirmed track lost)
 * @param warmUpFrames         live mode: frames of noise run through the spectrogram and detector
 *                             before the source starts (at most 5 s), so that JIT compilation does
 *                             not cost the first second of signal; 0 = none
 */
public record PipelineOptions(boolean lossless, boolean paced, double paceSamplesPerSecond, int blockSamples,
                              int iqQueueBlocks, int detectorQueueFrames, int trackerQueueFrames,
                              long statusIntervalMillis, boolean logTentative, int warmUpFrames) {

    public PipelineOptions {
        if (detectorQueueFrames < 1 || trackerQueueFrames < 1) throw new IllegalArgumentException("queues need room for one frame");
        if (blockSamples < 0 || iqQueueBlocks < 0 || paceSamplesPerSecond < 0 || warmUpFrames < 0) throw new IllegalArgumentException("negative option");
    }

    /** `run`: live semantics (drops instead of waits), paced at real time when {@code realtime}. */
    public static PipelineOptions live(boolean realtime) {
        return new PipelineOptions(false, realtime, 0, 0, 0, 4, 8, 5000, false, 0);
    }

    /** `process` and benchmarks: nothing dropped, as fast as possible, no status line. */
    public static PipelineOptions offline() {
        return new PipelineOptions(true, false, 0, 0, 0, 4, 8, 0, false, 0);
    }

    public PipelineOptions withPaced(boolean p, double rate) {
        return new PipelineOptions(lossless, p, rate, blockSamples, iqQueueBlocks, detectorQueueFrames, trackerQueueFrames, statusIntervalMillis, logTentative, warmUpFrames);
    }

    public PipelineOptions withQueues(int iqBlocks, int detectorFrames, int trackerFrames) {
        return new PipelineOptions(lossless, paced, paceSamplesPerSecond, blockSamples, iqBlocks, detectorFrames, trackerFrames, statusIntervalMillis, logTentative, warmUpFrames);
    }

    public PipelineOptions withBlockSamples(int n) {
        return new PipelineOptions(lossless, paced, paceSamplesPerSecond, n, iqQueueBlocks, detectorQueueFrames, trackerQueueFrames, statusIntervalMillis, logTentative, warmUpFrames);
    }

    public PipelineOptions withStatusInterval(long millis) {
        return new PipelineOptions(lossless, paced, paceSamplesPerSecond, blockSamples, iqQueueBlocks, detectorQueueFrames, trackerQueueFrames, millis, logTentative, warmUpFrames);
    }

    public PipelineOptions withLogTentative(boolean b) {
        return new PipelineOptions(lossless, paced, paceSamplesPerSecond, blockSamples, iqQueueBlocks, detectorQueueFrames, trackerQueueFrames, statusIntervalMillis, b, warmUpFrames);
    }

    public PipelineOptions withWarmUpFrames(int frames) {
        return new PipelineOptions(lossless, paced, paceSamplesPerSecond, blockSamples, iqQueueBlocks, detectorQueueFrames, trackerQueueFrames, statusIntervalMillis, logTentative, frames);
    }

    /** The block size used for a source of {@code sampleRate}: a power of two near 5 ms, in [1024, 65536]. */
    int blockSamplesFor(double sampleRate) {
        if (blockSamples > 0) return blockSamples;
        int n = Integer.highestOneBit((int) Math.clamp(sampleRate / 200, 1024, 65536));
        return Math.clamp(n, 1024, 65536);
    }

    /** IQ queue length in blocks: about 0.25 s, within [4, 64] blocks. */
    int iqBlocksFor(double sampleRate, int block) {
        if (iqQueueBlocks > 0) return iqQueueBlocks;
        return (int) Math.clamp(Math.ceil(0.25 * sampleRate / block), 4, 64);
    }
}
