package dev.g20.synth;

/**
 * What an emitter transmits, in complex baseband centred on 0 Hz at unit mean power. Each
 * variant knows its class label (one of {@code SignalClasses.NAMES}) and its occupied bandwidth,
 * the width of the ground-truth band (docs/synthetic.md gives the definition per variant).
 */
public sealed interface Waveform {

    /** Class label written to {@code core:label}. */
    String className();

    /** Finer modulation name (e.g. bpsk, qpsk, gfsk), written to {@code g20:modulation}. */
    String modulation();

    /** Occupied bandwidth in Hz at sample rate {@code fs}, before the minimum annotation width is applied. */
    double bandwidthHz(double fs);

    /** A fresh generator; all its randomness comes from {@code seed}. */
    Baseband newBaseband(double fs, long seed);

    /**
     * Length of the raised-cosine ramps at the start and end of each emission, in seconds; NaN
     * (the default) for a few reciprocal bandwidths (20 us to 2 ms). Keyed and pulsed waveforms
     * shape their own edges inside the emission and ask for no ramp (0).
     */
    default double edgeSeconds() {
        return Double.NaN;
    }

    /** Unmodulated carrier. */
    record Cw() implements Waveform {
        public String className() {
            return "cw";
        }

        public String modulation() {
            return "cw";
        }

        public double bandwidthHz(double fs) {
            return 0;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.Carrier();
        }
    }

    /** Full-carrier double-sideband AM of voice-like audio band-limited to {@code audioHz}. */
    record Am(double audioHz, double modIndex) implements Waveform {
        public Am {
            if (!(audioHz > 0) || !(modIndex > 0 && modIndex <= 1)) throw new IllegalArgumentException("am: audioHz > 0, modIndex in (0, 1]");
        }

        public String className() {
            return "am";
        }

        public String modulation() {
            return "am-dsb";
        }

        /** Carrier plus both sidebands: 2 x audio bandwidth (holds all the power). */
        public double bandwidthHz(double fs) {
            return 2 * audioHz;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.AmVoice(fs, seed, audioHz, modIndex);
        }
    }

    /** Narrowband FM of voice-like audio band-limited to {@code audioHz}, peak deviation {@code deviationHz}. */
    record Fm(double audioHz, double deviationHz) implements Waveform {
        public Fm {
            if (!(audioHz > 0) || !(deviationHz > 0)) throw new IllegalArgumentException("fm: audioHz and deviationHz must be > 0");
        }

        public String className() {
            return "fm";
        }

        public String modulation() {
            return "nbfm";
        }

        /** Carson's rule: 2 (deviation + audio bandwidth). */
        public double bandwidthHz(double fs) {
            return 2 * (deviationHz + audioHz);
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.FmVoice(fs, seed, audioHz, deviationHz);
        }
    }

    /**
     * 2- or 4-level FSK with Gaussian frequency pulses (GFSK). {@code deviationHz} is the outer
     * tone's deviation; {@code bt} the Gaussian filter's bandwidth-time product.
     */
    record Fsk(double symbolRate, double deviationHz, double bt, int levels) implements Waveform {
        public Fsk {
            if (!(symbolRate > 0) || !(deviationHz > 0) || !(bt >= 0.2 && bt <= 2) || (levels != 2 && levels != 4))
                throw new IllegalArgumentException("fsk: symbolRate, deviationHz > 0, bt in [0.2, 2], levels 2 or 4");
        }

        public String className() {
            return "fsk";
        }

        public String modulation() {
            return (levels == 4 ? "4" : "2") + (bt < 1 ? "gfsk" : "fsk");
        }

        /** Carson's rule: 2 x outer deviation + symbol rate. */
        public double bandwidthHz(double fs) {
            return 2 * deviationHz + symbolRate;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.Gfsk(fs, seed, symbolRate, deviationHz, bt, levels);
        }
    }

    /** BPSK ({@code order} 2) or QPSK ({@code order} 4), root-raised-cosine shaped. */
    record Psk(int order, double symbolRate, double rolloff) implements Waveform {
        public Psk {
            if ((order != 2 && order != 4) || !(symbolRate > 0) || !(rolloff >= 0.1 && rolloff <= 1))
                throw new IllegalArgumentException("psk: order 2 or 4, symbolRate > 0, rolloff in [0.1, 1]");
        }

        public String className() {
            return "psk";
        }

        public String modulation() {
            return order == 2 ? "bpsk" : "qpsk";
        }

        /** The RRC spectrum's full width: (1 + rolloff) x symbol rate. */
        public double bandwidthHz(double fs) {
            return (1 + rolloff) * symbolRate;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.Linear(fs, seed, symbolRate, rolloff, order == 2 ? Basebands.BPSK : Basebands.QPSK);
        }
    }

    /** Square 16-QAM, root-raised-cosine shaped. */
    record Qam16(double symbolRate, double rolloff) implements Waveform {
        public Qam16 {
            if (!(symbolRate > 0) || !(rolloff >= 0.1 && rolloff <= 1)) throw new IllegalArgumentException("qam16: symbolRate > 0, rolloff in [0.1, 1]");
        }

        public String className() {
            return "qam16";
        }

        public String modulation() {
            return "qam16";
        }

        /** (1 + rolloff) x symbol rate. */
        public double bandwidthHz(double fs) {
            return (1 + rolloff) * symbolRate;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.Linear(fs, seed, symbolRate, rolloff, Basebands.QAM16);
        }
    }

    /**
     * OFDM with an {@code fftSize}-point IFFT at the scene rate (subcarrier spacing fs / fftSize),
     * {@code usedCarriers} occupied subcarriers around an unused DC carrier, a cyclic prefix of
     * {@code cpFraction} x fftSize samples, QPSK or 16-QAM subcarriers.
     */
    record Ofdm(int fftSize, int usedCarriers, double cpFraction, boolean qam16) implements Waveform {
        public Ofdm {
            if (fftSize < 16 || Integer.bitCount(fftSize) != 1 || usedCarriers < 2 || usedCarriers % 2 != 0 || usedCarriers >= fftSize
                    || !(cpFraction >= 0 && cpFraction <= 0.5))
                throw new IllegalArgumentException("ofdm: fftSize a power of two >= 16, usedCarriers even in [2, fftSize), cpFraction in [0, 0.5]");
        }

        public String className() {
            return "ofdm";
        }

        public String modulation() {
            return qam16 ? "ofdm-qam16" : "ofdm-qpsk";
        }

        /** Subcarriers +-1..+-used/2: (used + 1) x spacing between the outer carriers' half-spacing edges. */
        public double bandwidthHz(double fs) {
            return (usedCarriers + 1) * fs / fftSize;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.OfdmGen(seed, fftSize, usedCarriers, cpFraction, qam16);
        }
    }

    /** Linear FM pulse sweeping {@code sweepHz} (centred on the carrier) over each emission. */
    record Chirp(double sweepHz, boolean up) implements Waveform {
        public Chirp {
            if (!(sweepHz > 0)) throw new IllegalArgumentException("chirp: sweepHz must be > 0");
        }

        public String className() {
            return "chirp";
        }

        public String modulation() {
            return up ? "lfm-up" : "lfm-down";
        }

        /** The swept band. */
        public double bandwidthHz(double fs) {
            return sweepHz;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new Basebands.Lfm(fs, seed, sweepHz, up);
        }
    }

    // ---- real-world families: parameters in physical units (Hz, seconds), docs/synthetic.md gives the ranges ----

    /** How an on-off keyed remote or sensor encodes its bits. */
    enum Keying {
        /** Pulse-width: each bit is one on-pulse of 1/3 (0) or 2/3 (1) of the bit period, then off (PT2262/EV1527 remotes). */
        PWM,
        /** Manchester: each bit is on-off (1) or off-on (0), halves of the bit period (many weather sensors). */
        MANCHESTER;

        /** The shortest on-time, in bit periods. */
        double shortestOn() {
            return this == PWM ? 1.0 / 3 : 0.5;
        }
    }

    /**
     * On-off keyed carrier: a fixed code word of {@code bits} bits at {@code bitRate}, keyed by
     * {@code keying}, with raised-cosine key edges of {@code riseS} seconds (a few microseconds:
     * the keying splatter of a cheap transmitter). Unit power while keyed on; each emission is one
     * transmission of the code word, repeated emission after emission as remotes do.
     */
    record Ook(double bitRate, Keying keying, int bits, double riseS) implements Waveform {
        public Ook {
            if (!(bitRate > 0) || keying == null || bits < 1 || !(riseS >= 0))
                throw new IllegalArgumentException("ook: bitRate > 0, keying, bits >= 1, riseS >= 0");
        }

        public String className() {
            return "ook";
        }

        public String modulation() {
            return "ook-" + keying.name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Main lobe of the shortest on-pulse (2 / its length), at most fs. */
        public double bandwidthHz(double fs) {
            return Math.min(fs, 2 * bitRate / keying.shortestOn());
        }

        /** The code word's duration. */
        public double durationS() {
            return bits / bitRate;
        }

        public double edgeSeconds() {
            return 0;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new RealBasebands.OokGen(fs, seed, this);
        }
    }

    /**
     * A train of unmodulated carrier pulses without chirp (a search or ATC radar, a beacon):
     * pulses of {@code widthS} every {@code priS}, raised-cosine edges of {@code riseS}. Unit power
     * during a pulse; each emission is one dwell (the beam passing) or a continuous train.
     */
    record RadarPulses(double widthS, double priS, double riseS) implements Waveform {
        public RadarPulses {
            if (!(widthS > 0) || !(priS > widthS) || !(riseS >= 0)) throw new IllegalArgumentException("radar pulses: 0 < width < pri, rise >= 0");
        }

        public String className() {
            return "pulse";
        }

        public String modulation() {
            return "pulse-radar";
        }

        /** Main lobe of one pulse, 2 / width, at most fs. */
        public double bandwidthHz(double fs) {
            return Math.min(fs, 2 / widthS);
        }

        public double edgeSeconds() {
            return 0;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new RealBasebands.PulseTrainGen(fs, seed, widthS, priS, riseS);
        }
    }

    /**
     * Mode S pulse-position modulation at 1 Mbit/s (ADS-B on 1090 MHz): the 8 us preamble (0.5 us
     * pulses at 0, 1, 3.5 and 4.5 us) then 112 bits (extended squitter, 120 us in all) or 56 bits
     * (short replies, 64 us), each bit a 0.5 us pulse in the first (1) or second (0) half of its
     * microsecond. Random bits per message; unit power during a pulse.
     */
    record ModeS(boolean extended, double riseS) implements Waveform {
        /** Pulse length. */
        public static final double PULSE_S = 0.5e-6;

        public ModeS {
            if (!(riseS >= 0 && riseS < PULSE_S / 2)) throw new IllegalArgumentException("mode s: rise in [0, 0.25 us)");
        }

        public String className() {
            return "pulse";
        }

        public String modulation() {
            return extended ? "ppm-modes-112" : "ppm-modes-56";
        }

        /** Main lobe of a 0.5 us pulse (4 MHz), at most fs. */
        public double bandwidthHz(double fs) {
            return Math.min(fs, 2 / PULSE_S);
        }

        /** 8 us preamble plus 1 us per bit. */
        public double durationS() {
            return (8 + (extended ? 112 : 56)) * 1e-6;
        }

        public double edgeSeconds() {
            return 0;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new RealBasebands.ModeSGen(fs, seed, this);
        }
    }

    /**
     * LoRa-like chirp spread spectrum: up-chirps over {@code bandwidthHz} of 2^sf chips each, a
     * preamble of 8 plain up-chirps, 2 sync symbols, 2.25 down-chirps, then payload symbols, each a
     * cyclic shift of the up-chirp (the frequency jumps where the shifted sweep wraps).
     */
    record Css(double bandwidthHz, int sf) implements Waveform {
        public Css {
            if (!(bandwidthHz > 0) || sf < 5 || sf > 12) throw new IllegalArgumentException("css: bandwidth > 0, sf in [5, 12]");
        }

        public String className() {
            return "css";
        }

        public String modulation() {
            return "css-sf" + sf;
        }

        public double bandwidthHz(double fs) {
            return bandwidthHz;
        }

        /** One symbol: 2^sf / bandwidth. */
        public double symbolS() {
            return (1 << sf) / bandwidthHz;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new RealBasebands.CssGen(fs, seed, this);
        }
    }

    /**
     * OFDM with a physical numerology: subcarrier spacing {@code spacingHz} (symbol 1 / spacing),
     * {@code usedCarriers} occupied around an unused DC carrier, cyclic prefix {@code cpFraction}
     * of the symbol, QPSK or 16-QAM carriers. Works at any sample rate (the symbol is computed on
     * an oversampled grid and read at the scene's sample times). {@code family} names the
     * numerology (wifi, lte, dvb, ofdm) in {@code g20:modulation}.
     */
    record OfdmNumerology(String family, double spacingHz, int usedCarriers, double cpFraction, boolean qam16) implements Waveform {
        public OfdmNumerology {
            if (family == null || !(spacingHz > 0) || usedCarriers < 2 || usedCarriers % 2 != 0 || !(cpFraction >= 0 && cpFraction <= 0.5))
                throw new IllegalArgumentException("ofdm: family, spacing > 0, usedCarriers even >= 2, cpFraction in [0, 0.5]");
        }

        public String className() {
            return "ofdm";
        }

        public String modulation() {
            return family + (qam16 ? "-qam16" : "-qpsk");
        }

        /** (used + 1) x spacing, as {@link Ofdm}. */
        public double bandwidthHz(double fs) {
            return (usedCarriers + 1) * spacingHz;
        }

        public Baseband newBaseband(double fs, long seed) {
            return new RealBasebands.OfdmAnyRate(fs, seed, this);
        }
    }

    /**
     * Broadcast FM: a multiplex of mono audio (voice and a music-like bed to 15 kHz), a 19 kHz pilot
     * (10 % of the deviation) and, when {@code stereo}, the 38 kHz difference subcarrier, at peak
     * deviation {@code deviationHz} (75 kHz in Europe and the Americas).
     */
    record WbFm(double deviationHz, boolean stereo) implements Waveform {
        public WbFm {
            if (!(deviationHz > 0)) throw new IllegalArgumentException("wbfm: deviation > 0");
        }

        public String className() {
            return "fm";
        }

        public String modulation() {
            return stereo ? "wbfm-stereo" : "wbfm";
        }

        /** The channel: 2 (deviation + 25 kHz), 200 kHz at 75 kHz deviation (holds about 99 % of the power). */
        public double bandwidthHz(double fs) {
            return Math.min(fs, 2 * (deviationHz + 25e3));
        }

        public Baseband newBaseband(double fs, long seed) {
            return new RealBasebands.WbFmGen(fs, seed, this);
        }
    }
}
