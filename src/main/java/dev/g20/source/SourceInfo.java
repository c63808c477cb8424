package dev.g20.source;

/**
 * What a source delivers.
 *
 * @param totalSamples complex samples in the source, or -1 when unbounded (live streams)
 * @param startTimeNs  UTC time of sample 0 in ns since the epoch (0 when unknown)
 * @param live         true for a radio: it delivers in real time by itself, is never paced, and
 *                     what it drops while the pipeline is behind is gone
 */
public record SourceInfo(double sampleRateHz, double centerFreqHz, long startTimeNs, long totalSamples, String description,
                         boolean live) {
    public SourceInfo {
        if (!(sampleRateHz > 0) || !Double.isFinite(sampleRateHz))
            throw new SourceException(description + ": sample rate must be > 0, got " + sampleRateHz);
    }

    /** A recording or a generated scene: not live. */
    public SourceInfo(double sampleRateHz, double centerFreqHz, long startTimeNs, long totalSamples, String description) {
        this(sampleRateHz, centerFreqHz, startTimeNs, totalSamples, description, false);
    }

    /** Timestamp of complex sample {@code index}, exact to the nanosecond. */
    public long timestampNs(long index) {
        return startTimeNs + Math.round(index * 1e9 / sampleRateHz);
    }
}
