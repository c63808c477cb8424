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
}
