package dev.g20.classify;

import java.util.Random;

/** Prints the features of every sweep case (a development aid: java -cp ... dev.g20.classify.FeatureDump [filter] [snr]). */
final class FeatureDump {
    public static void main(String[] args) {
        String filter = args.length > 0 ? args[0] : "";
        double snr = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        ModulationClassifier cl = new ModulationClassifier(ModulationClassifier.MAX_INPUT);
        float[] re = new float[ModulationClassifier.MAX_INPUT], im = new float[ModulationClassifier.MAX_INPUT];
        for (SweepCase c : SweepCase.all()) {
            if (!c.name().contains(filter)) continue;
            int n = ModulationClassifier.inputSamples(c.fs(), c.bandwidthHz() * 1.1);
            Random rnd = new Random(c.name().hashCode());
            c.gen().generate(re, im, n, rnd);
            double off = c.fs() * 0.1;
            float[] iq = TestSignals.place(re, im, n, c.fs(), off, c.bandwidthHz(), snr, 0, false, rnd);
            ModulationEstimate e = cl.classify(iq, n, c.fs(), off, c.bandwidthHz() * 1.1);
            System.out.println(c.name() + " -> " + (e == null ? null : e.modulation() + " " + e.confidence() + " rs=" + e.symbolRateHz() + "/" + c.symbolRateHz()
                    + " fsk=" + e.fskDeviationHz() + "/" + c.fskDeviationHz() + " fm=" + e.fmDeviationHz() + "/" + c.fmDeviationHz()
                    + " ofdm=" + e.ofdmSymbolS() + "/" + c.ofdmSymbolS() + " chirp=" + e.chirpRateHzPerS() + "/" + c.chirpRateHzPerS()
                    + " pw=" + e.pulseWidthS() + "/" + c.pulseWidthS()) + "\n   " + cl.lastFeatures());
        }
    }
}
