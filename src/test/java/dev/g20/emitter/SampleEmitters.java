package dev.g20.emitter;

import java.util.List;
import java.util.Map;

/** Emitter snapshots for the tests of the parts that consume them (store, query, feed, alerts). */
public final class SampleEmitters {
    private SampleEmitters() {
    }

    public static final long T0 = 1_714_564_800_000_000_000L;

    /**
     * An FSK burst emitter of the ISM band: seen from {@code T0 + firstS} to {@code T0 + lastS},
     * centre {@code centreHz}, 25 kHz wide.
     */
    public static Emitter fsk(long id, double centreHz, double firstS, double lastS, EmitterState state) {
        return of(id, "fsk", centreHz, 25e3, firstS, lastS, state, 12.5);
    }

    /** An emitter with every field set from the arguments; the optional hopper / pulse fields null. */
    public static Emitter of(long id, String cls, double centreHz, double bwHz, double firstS, double lastS,
                             EmitterState state, double snrDb) {
        long first = T0 + (long) (firstS * 1e9);
        long last = T0 + (long) (lastS * 1e9);
        return new Emitter(id, "sensor-a", cls, Map.of(cls, 0.875, cls.equals("am") ? "fm" : "am", 0.125), state, first, last,
                (long) (firstS * 19), (long) (lastS * 19), centreHz, bwHz, centreHz - bwHz / 2, centreHz + bwHz / 2,
                snrDb + 6, snrDb, 4, 0.25, 0.125, null, null, null, null, null, List.of(id * 10, id * 10 + 1),
                "80c62598fd8f1d6c");
    }

    /** A hopper with the optional hop fields and a PRI set, over 902..928 MHz. */
    public static Emitter hopper(long id, double firstS, double lastS, EmitterState state) {
        long first = T0 + (long) (firstS * 1e9);
        long last = T0 + (long) (lastS * 1e9);
        return new Emitter(id, null, "hopper", Map.of("hopper", 1.0), state, first, last, 0, 190, 915e6, 150e3, 902e6, 928e6,
                20, 14.25, 120, 0.5, 0.02, 0.04, 60, 50.0, 0.02, -1.5, List.of(1L, 2L, 3L, 4L), null);
    }

    /** The same emitter seen later, with another state. */
    public static Emitter later(Emitter e, double lastS, EmitterState state) {
        return new Emitter(e.emitterId(), e.sensorId(), e.className(), e.classVotes(), state, e.firstSeenNs(),
                T0 + (long) (lastS * 1e9), e.firstFrameId(), (long) (lastS * 19), e.freqCenterHz(), e.bandwidthHz(),
                e.freqMinHz(), e.freqMaxHz(), e.snrDbPeak(), e.snrDbMean(), e.bursts() + 1, e.dutyCycle(), e.burstS(),
                e.priS(), e.hopCount(), e.hopRateHz(), e.dwellS(), e.driftHzPerS(), e.trackIds(), e.configHash());
    }
}
