package dev.g20.synth;

/** When an emitter is on. Each on-period is one emission, and one ground-truth annotation. */
public sealed interface Timing {

    /** On from {@code startS} to {@code stopS} seconds (stop may be infinite). */
    record Continuous(double startS, double stopS) implements Timing {
        public static final Continuous ALWAYS = new Continuous(0, Double.POSITIVE_INFINITY);

        public Continuous {
            if (!(stopS > startS)) throw new IllegalArgumentException("continuous: stop must be after start");
        }
    }

    /**
     * Random on/off: on-periods uniform in [onMinS, onMaxS], gaps uniform in [offMinS, offMaxS].
     * The pattern starts at a random phase, so a burst may already be under way at time 0.
     * Short periods make bursts (FSK packets); long ones make intermittent transmitters.
     */
    record Bursts(double onMinS, double onMaxS, double offMinS, double offMaxS) implements Timing {
        public Bursts {
            if (!(onMinS > 0 && onMaxS >= onMinS && offMinS >= 0 && offMaxS >= offMinS))
                throw new IllegalArgumentException("bursts: need 0 < onMin <= onMax and 0 <= offMin <= offMax");
        }
    }

    /** Periodic pulses of {@code widthS} every {@code periodS} (radar-like), random phase. */
    record Pulses(double widthS, double periodS) implements Timing {
        public Pulses {
            if (!(widthS > 0 && periodS > widthS)) throw new IllegalArgumentException("pulses: need 0 < width < period");
        }
    }

    /**
     * Frequency hopping: a hop every {@code dwellS}, on for dwell - guard, on one of
     * {@code channels} channels spread evenly over {@code spanHz} around the emitter's centre.
     */
    record Hops(double dwellS, double guardS, double spanHz, int channels) implements Timing {
        public Hops {
            if (!(dwellS > 0 && guardS >= 0 && guardS < dwellS && spanHz > 0 && channels >= 2))
                throw new IllegalArgumentException("hops: need dwell > guard >= 0, span > 0, channels >= 2");
        }

        /** Offset of channel {@code c} from the centre. */
        public double channelOffsetHz(int c) {
            return (c - (channels - 1) / 2.0) * spanHz / (channels - 1);
        }
    }

    /**
     * Groups of {@code count} emissions of {@code onS} separated by {@code gapS} (a remote
     * repeating its code word while the button is held, a sensor sending a packet several times),
     * the groups separated by idle gaps uniform in [idleMinS, idleMaxS]; random phase at the start.
     */
    record Repeats(double onS, double gapS, int count, double idleMinS, double idleMaxS) implements Timing {
        public Repeats {
            if (!(onS > 0 && gapS >= 0 && count >= 1 && idleMinS >= 0 && idleMaxS >= idleMinS))
                throw new IllegalArgumentException("repeats: need on > 0, gap >= 0, count >= 1, 0 <= idleMin <= idleMax");
        }
    }
}
