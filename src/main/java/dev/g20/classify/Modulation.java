package dev.g20.classify;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The modulations the IQ-level classifier names; {@link #wireName()} is what JSON and SigMF carry. */
public enum Modulation {
    BPSK("bpsk"), QPSK("qpsk"), PSK8("8psk"), QAM16("qam16"),
    FSK2("2fsk"), FSK4("4fsk"), GFSK("gfsk"),
    OOK("ook"), AM("am"), NBFM("nbfm"), WBFM("wbfm"), CW("cw"),
    OFDM("ofdm"), LFM("lfm"), CSS("css"), PPM("ppm");

    private final String wire;

    Modulation(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wireName() {
        return wire;
    }

    /**
     * The modulation a synthetic recording's {@code g20:modulation} names (am-dsb, nbfm, 2gfsk,
     * 4fsk, bpsk, ofdm-qam16, lfm-up, ...), or null for a name outside this set. Synth names the
     * transmitted waveform more finely; this maps it onto the classifier's coarser set.
     */
    public static Modulation fromSynthName(String name) {
        if (name == null) return null;
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("ofdm")) return OFDM;
        if (n.startsWith("lfm")) return LFM;
        if (n.startsWith("am")) return AM;
        return switch (n) {
            case "2gfsk", "gfsk" -> GFSK;
            case "2fsk" -> FSK2;
            case "4fsk", "4gfsk" -> FSK4;
            default -> {
                for (Modulation m : values()) if (m.wire.equals(n)) yield m;
                yield null;
            }
        };
    }
}
