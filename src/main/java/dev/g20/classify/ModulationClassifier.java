package dev.g20.classify;

/**
 * Names one signal from its IQ: channelizes its band, measures the {@link ModulationFeatures}
 * and applies the {@link ModulationRules}. Buffers are sized for {@code maxSamples} input samples
 * and reused; not thread-safe (one per classifying thread).
 */
public final class ModulationClassifier {
    /** Channelized samples an estimate aims for: enough symbols for the cumulants, a few OFDM symbols. */
    static final int OUTPUT_TARGET = 16384;
    /** Most input samples one estimate reads (bounds the channelizer's cost for narrow bands at high rates). */
    public static final int MAX_INPUT = 1 << 19;
    private final Channelizer channelizer;
    private final FeatureExtractor extractor = new FeatureExtractor();
    private final FeatureExtractor.ChannelShape shape;
    private ModulationFeatures last;

    public ModulationClassifier(int maxSamples) {
        this.channelizer = new Channelizer(maxSamples);
        this.shape = channelizer::powerResponse;
    }

    /** Input samples worth reading for a band of {@code bandwidthHz} at {@code fs}. */
    public static int inputSamples(double fs, double bandwidthHz) {
        int d = Channelizer.decimation(fs, bandwidthHz);
        return (int) Math.min(MAX_INPUT, (long) (OUTPUT_TARGET + Channelizer.TAPS_PER_DECIMATION) * d);
    }

    /**
     * Classifies {@code count} interleaved samples at {@code fs} of the band centred
     * {@code offsetHz} from the stream's centre, {@code bandwidthHz} wide; null when too little
     * is left after channelizing.
     */
    public ModulationEstimate classify(float[] iq, int count, double fs, double offsetHz, double bandwidthHz) {
        int n = channelizer.channelize(iq, count, fs, offsetHz, bandwidthHz);
        if (n < 32) return null;
        last = extractor.extract(channelizer.re(), channelizer.im(), n, channelizer.outputRateHz(), bandwidthHz, shape);
        return ModulationRules.decide(last);
    }

    /** The features behind the latest estimate (for diagnostics and the docs' tables). */
    public ModulationFeatures lastFeatures() {
        return last;
    }
}
