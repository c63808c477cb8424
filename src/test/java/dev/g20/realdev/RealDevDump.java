package dev.g20.realdev;

import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.EnergyDetector;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.List;

/** Development aid: prints the energy detector's boxes for each realdev recording (not a test). */
final class RealDevDump {
    public static void main(String[] args) {
        for (String name : args) {
            List<SpectrogramFrame> frames = RealDev.frames(name, SpectrogramConfig.defaults());
            EnergyDetector d = new EnergyDetector();
            var found = RealDev.detect(d, frames);
            System.out.println("== " + name + ": " + frames.size() + " frames (last valid rows " + frames.getLast().validRows() + "), "
                    + found.size() + " boxes, dropped " + d.droppedDetections() + ", dc " + java.util.Arrays.toString(d.lastDcNotch()));
            if (System.getProperty("png") != null) {
                var img = new dev.g20.render.WaterfallImage(SpectrogramConfig.defaults(), 1200, 900, dev.g20.render.WaterfallImage.Reduce.MAX).title(name + " energy (raw boxes)");
                for (SpectrogramFrame f : frames) img.accept(f);
                double fc = frames.getFirst().centerFreqHz();
                for (var f : found) img.addBox(f.t0(), f.t1(), fc + f.f0(), fc + f.f1(), "", java.awt.Color.WHITE);
                img.write(java.nio.file.Path.of(System.getProperty("png"), name + ".png"));
            }
            int k = 0;
            for (var f : found) if (k++ < 25) System.out.println("  " + f);
        }
    }
}
