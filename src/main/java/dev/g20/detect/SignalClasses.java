package dev.g20.detect;

import java.util.List;

/**
 * The signal classes shared by the synthetic scenes, the dataset, the shipped model and the UI.
 * Class id = index in {@link #NAMES}. A model may carry its own names in its metadata.
 */
public final class SignalClasses {
    /**
     * cw carrier, AM, FM (narrowband voice and broadcast), FSK/GFSK, BPSK/QPSK (RRC), 16-QAM, OFDM,
     * chirp (radar LFM pulses), frequency hopper, on-off keyed carrier, short pulse trains without
     * chirp (PPM such as ADS-B, radar pulses), chirp spread spectrum (LoRa-like; docs/synthetic.md
     * says why it is not a chirp). New classes are appended, so the id of an old class never changes.
     */
    public static final List<String> NAMES = List.of("cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper", "ook", "pulse", "css");

    /** The first nine classes: those of the models trained before ook and pulse were added (ids 0-8 as in NAMES). */
    public static final List<String> NINE = NAMES.subList(0, 9);

    /** The class-agnostic label of the energy detector. */
    public static final String SIGNAL = "signal";

    private SignalClasses() {
    }

    /** Class id of {@code name} in {@code names}, or -1. */
    public static int idOf(List<String> names, String name) {
        return names.indexOf(name);
    }
}
