package dev.g20.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Random emitters of the real-world families, with parameters in physical units drawn from the
 * ranges real devices use (docs/synthetic.md lists them). Each returns null when the family does
 * not fit the span at sample rate {@code fs}, so a mixed scene can skip it.
 */
public final class RealEmitters {
    /** Widest share of the span a signal may occupy. */
    static final double MAX_SPAN_SHARE = 0.8;

    /** The families, as the realworld scenario draws them. */
    public enum Family {
        FSK, BLE, PAGER, OOK, RADAR, ADSB, LORA, WIFI, LTE, DVB, DAB, OFDM, WBFM, NBFM, AM, CW, PSK, QAM16, CHIRP, HOPPER
    }

    private RealEmitters() {
    }

    /** A random emitter of {@code family}, or null when it cannot fit at {@code fs}. */
    public static EmitterSpec of(Family family, Rng r, double fs, Emitters.Planner planner, double snrLo, double snrHi) {
        return switch (family) {
            case FSK -> place(fskSensor(r, fs), r, fs, planner, snrLo, snrHi);
            case BLE -> place(ble(r, fs), r, fs, planner, snrLo, snrHi);
            case PAGER -> place(pager(r, fs), r, fs, planner, snrLo, snrHi);
            case OOK -> place(ook(r, fs), r, fs, planner, snrLo, snrHi);
            case RADAR -> place(radar(r, fs), r, fs, planner, snrLo, snrHi);
            case ADSB -> adsb(r, fs, r.uniform(-150e3, 150e3), r.uniform(snrLo, snrHi));
            case LORA -> place(lora(r, fs), r, fs, planner, snrLo, snrHi);
            case WIFI -> place(wifi(r, fs), r, fs, planner, snrLo, snrHi);
            case LTE -> place(lte(r, fs), r, fs, planner, snrLo, snrHi);
            case DVB -> place(dvb(r, fs), r, fs, planner, snrLo, snrHi);
            case DAB -> place(dab(r, fs), r, fs, planner, snrLo, snrHi);
            case OFDM -> place(ofdm(r, fs), r, fs, planner, snrLo, snrHi);
            case WBFM -> place(wbfm(r, fs), r, fs, planner, snrLo, snrHi);
            case NBFM -> fs < 20e3 ? null : Emitters.random("fm", r, fs, planner, snrLo, snrHi, r.chance(0.5), false, 0.1, 5, 500);
            case AM -> Emitters.random("am", r, fs, planner, snrLo, snrHi, r.chance(0.5), false, 0.1, 5, 500);
            case CW -> Emitters.random("cw", r, fs, planner, snrLo, snrHi, r.chance(0.5), false, 0.2, 5, 2000);
            case PSK -> Emitters.random("psk", r, fs, planner, snrLo, snrHi, r.chance(0.5), false, 0.1, 10, 5000);
            case QAM16 -> Emitters.random("qam16", r, fs, planner, snrLo, snrHi, r.chance(0.5), false, 0.1, 10, 5000);
            case CHIRP -> Emitters.random("chirp", r, fs, planner, snrLo, snrHi, false, false, 0, 0, 0);
            case HOPPER -> Emitters.random("hopper", r, fs, planner, snrLo, snrHi, false, false, 0, 0, 0);
        };
    }

    /** A waveform with its timing. */
    record Drawn(Waveform waveform, Timing timing) {
    }

    private static EmitterSpec place(Drawn d, Rng r, double fs, Emitters.Planner planner, double snrLo, double snrHi) {
        if (d == null) return null;
        double bw = Emitter.annotatedBandwidth(d.waveform(), fs);
        return EmitterSpec.of(d.waveform(), d.timing(), planner.place(bw, false), r.uniform(snrLo, snrHi));
    }

    private static boolean fits(Waveform w, double fs) {
        return w.bandwidthHz(fs) <= MAX_SPAN_SHARE * fs;
    }

    /**
     * ISM-band sensor or meter: 2-FSK (sometimes 4-FSK), 1-100 kbaud, modulation index 0.5-8
     * (tones 0.5-8 symbol rates apart: HomeMatic-like wide FSK at the top), Gaussian-filtered
     * (BT 0.5-1) or plain; packets of 8-128 bytes, sent 1-3 times, then 0.2-3 s quiet.
     */
    static Drawn fskSensor(Rng r, double fs) {
        double h = r.logUniform(0.5, 8);
        int levels = r.chance(0.1) ? 4 : 2;
        double spread = levels == 4 ? 3 : 1;
        // the widest symbol rate that still fits: 2 x deviation + rate = rate (h x spread + 1)
        double maxRate = Math.min(100e3, MAX_SPAN_SHARE * fs / (h * spread + 1));
        if (maxRate < 1e3) return null;
        double rs = r.logUniform(1e3, maxRate);
        double bt = r.chance(0.5) ? r.uniform(0.5, 1) : 2;
        Waveform.Fsk w = new Waveform.Fsk(rs, h * rs / 2 * spread, bt, levels);
        double bits = 8 * r.between(8, 128) / (levels == 4 ? 2.0 : 1);
        double on = Math.clamp(bits / rs, 0.5e-3, 0.3);
        return new Drawn(w, new Timing.Repeats(on, r.uniform(5e-3, 40e-3), r.between(1, 3), 0.2, 3));
    }

    /** BLE-like GFSK advertising: 1 Mbaud, h 0.5 (250 kHz deviation), BT 0.5; packets 80-376 us every few ms to 100 ms. */
    static Drawn ble(Rng r, double fs) {
        Waveform.Fsk w = new Waveform.Fsk(1e6, 250e3, 0.5, 2);
        if (!fits(w, fs)) return null;
        double on = r.uniform(80e-6, 376e-6);
        return new Drawn(w, new Timing.Bursts(on, on, r.uniform(1e-3, 5e-3), r.uniform(10e-3, 100e-3)));
    }

    /** POCSAG-like pager: 1200 or 2400 baud NRZ 2-FSK at +-4.5 kHz (h 7.5 or 3.75), transmissions of 0.3-3 s. */
    static Drawn pager(Rng r, double fs) {
        double rs = r.chance(0.5) ? 1200 : 2400;
        Waveform.Fsk w = new Waveform.Fsk(rs, 4500, 2, 2);
        if (!fits(w, fs)) return null;
        return new Drawn(w, new Timing.Bursts(0.3, 3, 0.5, 5));
    }

    /**
     * OOK remote or sensor: PWM code words (remotes, 12-32 bits) or Manchester (sensors, 32-80
     * bits), 1-10 kbit/s, hard keying with 1-10 us edges (the splatter), 3-15 repeats with a sync
     * gap of 4-12 bit periods, then 0.2-3 s quiet.
     */
    static Drawn ook(Rng r, double fs) {
        boolean pwm = r.chance(0.6);
        Waveform.Keying k = pwm ? Waveform.Keying.PWM : Waveform.Keying.MANCHESTER;
        double rate = r.logUniform(1e3, 10e3);
        int bits = pwm ? r.between(12, 32) : r.between(32, 80);
        Waveform.Ook w = new Waveform.Ook(rate, k, bits, r.logUniform(1e-6, 10e-6));
        if (!fits(w, fs)) return null;
        return new Drawn(w, new Timing.Repeats(w.durationS(), r.uniform(4, 12) / rate, r.between(3, 15), 0.2, 3));
    }

    /**
     * Pulse radar without chirp: pulses of 0.25-20 us at 300-5000 pulses per second, edges of a
     * tenth of the pulse; illuminated for 5-50 ms per beam pass every 50-500 ms, or a fixed beam
     * (continuous) one time in three.
     */
    static Drawn radar(Rng r, double fs) {
        double width = r.logUniform(0.25e-6, 20e-6);
        Waveform.RadarPulses w = new Waveform.RadarPulses(width, 1 / r.logUniform(300, 5000), width / 10);
        if (w.bandwidthHz(fs) < 4 * fs / 4096) return null; // wider pulses at a high rate: a carrier line, not a pulse
        Timing t = r.chance(0.33) ? Timing.Continuous.ALWAYS : new Timing.Bursts(5e-3, 50e-3, 50e-3, 500e-3);
        return new Drawn(w, t);
    }

    /** One aircraft's Mode S transmitter: extended squitters (120 us) and short replies (64 us) every 50-500 ms. */
    static EmitterSpec adsb(Rng r, double fs, double offsetHz, double snrDb) {
        Waveform.ModeS w = new Waveform.ModeS(r.chance(0.6), r.uniform(0.03e-6, 0.1e-6));
        double on = w.durationS();
        return EmitterSpec.of(w, new Timing.Bursts(on, on, 0.05, 0.5), offsetHz, snrDb);
    }

    /**
     * LoRa-like CSS: 125, 250 or 500 kHz, SF 7-12, preamble + 8-64 payload symbols (packets of
     * 20 ms to 3 s), every 0.1-5 s.
     */
    static Drawn lora(Rng r, double fs) {
        double[] bws = {125e3, 250e3, 500e3};
        Waveform.Css w = new Waveform.Css(bws[r.nextInt(3)], r.between(7, 12));
        if (!fits(w, fs)) return null;
        double on = Math.min(3, (12.25 + r.between(8, 64)) * w.symbolS());
        return new Drawn(w, new Timing.Bursts(on, on, 0.1, 5));
    }

    /** WiFi-like 20 MHz OFDM: 64-point numerology, 312.5 kHz spacing, 52 used carriers, 1/4 prefix; frames 0.1-3 ms. */
    static Drawn wifi(Rng r, double fs) {
        boolean ax = r.chance(0.3);
        // 802.11a/g/n: 52 carriers at 312.5 kHz; 802.11ax: 242 at 78.125 kHz (both 20 MHz channels)
        Waveform.OfdmNumerology w = ax ? new Waveform.OfdmNumerology("wifi", 78.125e3, 242, 0.25, r.chance(0.5))
                : new Waveform.OfdmNumerology("wifi", 312.5e3, 52, 0.25, r.chance(0.5));
        if (w.bandwidthHz(fs) > 0.9 * fs) return null;
        return new Drawn(w, new Timing.Bursts(0.1e-3, 3e-3, 0.05e-3, r.uniform(2e-3, 30e-3)));
    }

    /** LTE-like downlink: 15 kHz spacing, 72-1200 used carriers (1.4-20 MHz), normal prefix (1/14); continuous, or 1-10 ms uplink-like bursts. */
    static Drawn lte(Rng r, double fs) {
        int[] used = {72, 180, 300, 600, 900, 1200};
        List<Integer> fit = new ArrayList<>();
        for (int u : used) if ((u + 1) * 15e3 <= MAX_SPAN_SHARE * fs) fit.add(u);
        if (fit.isEmpty()) return null;
        Waveform w = new Waveform.OfdmNumerology("lte", 15e3, r.pick(fit), 144.0 / 2048, r.chance(0.5));
        Timing t = r.chance(0.6) ? Timing.Continuous.ALWAYS : new Timing.Bursts(1e-3, 10e-3, 1e-3, 20e-3);
        return new Drawn(w, t);
    }

    /** DVB-T-like 2k mode: 4464 Hz spacing (8 MHz channel; 3348 Hz for 6 MHz), 1704 used carriers, prefix 1/4 .. 1/32; continuous. */
    static Drawn dvb(Rng r, double fs) {
        double spacing = r.chance(0.7) ? 4464 : 3348;
        double[] cps = {0.25, 0.125, 0.0625, 0.03125};
        Waveform w = new Waveform.OfdmNumerology("dvb", spacing, 1704, cps[r.nextInt(4)], r.chance(0.6));
        if (!fits(w, fs)) return null;
        return new Drawn(w, Timing.Continuous.ALWAYS);
    }

    /** DAB-like: 1 kHz spacing, 1536 carriers (1.536 MHz), prefix 0.246; continuous. */
    static Drawn dab(Rng r, double fs) {
        Waveform w = new Waveform.OfdmNumerology("dab", 1e3, 1536, 0.246, false);
        if (!fits(w, fs)) return null;
        return new Drawn(w, Timing.Continuous.ALWAYS);
    }

    /**
     * Other OFDM (drone video links, proprietary links): 64-2048 carriers of which 60-90 % used,
     * spacing set so the signal is 5-80 % of the span wide, prefix 1/16 .. 1/4; bursts of 1-20 ms
     * or continuous.
     */
    static Drawn ofdm(Rng r, double fs) {
        int n = 64 << r.nextInt(6);
        int used = 2 * (int) Math.round(r.uniform(0.6, 0.9) * n / 2);
        double bw = fs * r.logUniform(0.05, MAX_SPAN_SHARE);
        double[] cps = {0.0625, 0.125, 0.25};
        Waveform w = new Waveform.OfdmNumerology("ofdm", bw / (used + 1), used, cps[r.nextInt(3)], r.chance(0.5));
        Timing t = r.chance(0.4) ? Timing.Continuous.ALWAYS : new Timing.Bursts(1e-3, 20e-3, 0.5e-3, r.uniform(5e-3, 50e-3));
        return new Drawn(w, t);
    }

    /** Broadcast FM: 75 kHz deviation (50 kHz one time in five), stereo 70 % of the time; continuous. */
    static Drawn wbfm(Rng r, double fs) {
        Waveform.WbFm w = new Waveform.WbFm(r.chance(0.8) ? 75e3 : 50e3, r.chance(0.7));
        if (!fits(w, fs)) return null;
        return new Drawn(w, Timing.Continuous.ALWAYS);
    }
}
