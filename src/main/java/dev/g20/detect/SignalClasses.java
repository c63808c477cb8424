package dev.g20.detect;

import java.util.List;

/**
 * The signal classes shared by the synthetic scenes, the dataset, the shipped model and the UI.
 * Class id = index in {@link #NAMES}. A model may carry its own names in its metadata.
 */
public final class SignalClasses {
    /** cw carrier, AM, narrowband FM, FSK/GFSK, BPSK/QPSK (RRC), 16-QAM, OFDM, LFM chirp, frequency hopper. */
    public static final List<String> NAMES = List.of("cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper");

    /** The class-agnostic label of the energy detector. */
    public static final String SIGNAL = "signal";

    private SignalClasses() {
    }

    /** Class id of {@code name} in {@code names}, or -1. */
    public static int idOf(List<String> names, String name) {
        return names.indexOf(name);
    }
}
