package dev.g20.config;

/**
 * Emitter-layer parameters (config/emitters.yaml). Time tolerances are in spectrogram rows (the
 * frame's time resolution) or fractions of a measured length, never absolute seconds of one
 * scenario, so that they hold at any sample rate, hop and burst pattern.
 *
 * @param closeAfterS       an emitter unheard this long closes (keyed and bursty signals stay one across shorter gaps)
 * @param settleS           a new emitter may still fold into an older one (a late hop channel, a duplicate) for this long; it is published after
 * @param updateEveryS      a published emitter that changed is re-published at most this often
 * @param sameBandOverlap   share of the narrower band that two tracks' bands must share to be one emitter's
 * @param edgeRows          slack in rows for box edges: bursts closer than this are one, dwells this close are adjacent
 * @param hopGapFraction    the gap allowed between consecutive dwells of a hopper, as a fraction of the dwell (its guard time)
 * @param dwellTolerance    relative difference allowed between two dwells' lengths
 * @param bandwidthRatio    widest over narrowest band allowed between a hopper's dwells
 * @param driftWindowS      time constant of the drift fit (exponential forgetting, so a drift that reverses is followed)
 * @param driftMinBins      a drift is reported when it moves the centre this many bins over the fit window
 * @param priTolerance      a burst interval within this fraction of a multiple of the PRI counts as regular
 */
public record EmitterConfig(double closeAfterS, double settleS, double updateEveryS, double sameBandOverlap, int edgeRows,
                            double hopGapFraction, double dwellTolerance, double bandwidthRatio, double driftWindowS,
                            double driftMinBins, double priTolerance) {

    public static EmitterConfig defaults() {
        return new EmitterConfig(30, 1.0, 1.0, 0.5, 3, 0.3, 0.25, 1.5, 2.0, 2.0, 0.15);
    }

    public static EmitterConfig from(ConfigNode n) {
        EmitterConfig d = defaults();
        double close = positive(n, "close_after_s", d.closeAfterS);
        double settle = nonNegative(n, "settle_s", d.settleS);
        n.require(settle < close, "settle_s", "must be below close_after_s (" + close + "), got " + settle);
        double update = nonNegative(n, "update_every_s", d.updateEveryS);
        double overlap = n.getDouble("same_band_overlap", d.sameBandOverlap);
        n.require(overlap > 0 && overlap <= 1, "same_band_overlap", "must be in (0, 1], got " + overlap);
        int edge = n.getInt("edge_rows", d.edgeRows);
        n.require(edge >= 0, "edge_rows", "must be >= 0, got " + edge);
        double gap = nonNegative(n, "hop_gap_fraction", d.hopGapFraction);
        double dwell = nonNegative(n, "dwell_tolerance", d.dwellTolerance);
        double bw = n.getDouble("bandwidth_ratio", d.bandwidthRatio);
        n.require(bw >= 1, "bandwidth_ratio", "must be >= 1, got " + bw);
        double window = positive(n, "drift_window_s", d.driftWindowS);
        double bins = positive(n, "drift_min_bins", d.driftMinBins);
        double pri = n.getDouble("pri_tolerance", d.priTolerance);
        n.require(pri > 0 && pri < 0.5, "pri_tolerance", "must be in (0, 0.5), got " + pri);
        return new EmitterConfig(close, settle, update, overlap, edge, gap, dwell, bw, window, bins, pri);
    }

    private static double positive(ConfigNode n, String k, double def) {
        double v = n.getDouble(k, def);
        n.require(v > 0 && Double.isFinite(v), k, "must be > 0, got " + v);
        return v;
    }

    private static double nonNegative(ConfigNode n, String k, double def) {
        double v = n.getDouble(k, def);
        n.require(v >= 0 && Double.isFinite(v), k, "must be >= 0, got " + v);
        return v;
    }
}
