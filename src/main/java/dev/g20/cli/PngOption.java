package dev.g20.cli;

import dev.g20.config.SpectrogramConfig;
import dev.g20.render.WaterfallImage;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The {@code --png} options of {@code process}: parsing them and writing the image. */
final class PngOption {
    private PngOption() {
    }

    static WaterfallImage waterfall(SpectrogramConfig config, String size, String reduce, Path input) {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        int w, h;
        try {
            if (wh.length != 2) throw new NumberFormatException();
            w = Integer.parseInt(wh[0].trim());
            h = Integer.parseInt(wh[1].trim());
        } catch (NumberFormatException e) {
            throw new UserError("--png-size must look like 1600x1200, got '" + size + "'");
        }
        if (w < 16 || h < 16 || w > 65536 || h > 65536) throw new UserError("--png-size must be between 16x16 and 65536x65536, got '" + size + "'");
        WaterfallImage.Reduce r = switch (reduce.toLowerCase(Locale.ROOT)) {
            case "max" -> WaterfallImage.Reduce.MAX;
            case "mean" -> WaterfallImage.Reduce.MEAN;
            default -> throw new UserError("--png-reduce must be max or mean, got '" + reduce + "'");
        };
        return new WaterfallImage(config, w, h, r).title(input.getFileName().toString());
    }

    static void write(WaterfallImage waterfall, Path png, Path input, SpectrogramConfig config) {
        if (waterfall.stftRows() == 0) {
            throw new UserError(input + ": too short for one spectrogram frame (a frame needs "
                    + CanonicalSpectrogramGenerator.samplesPerFrame(config) + " samples); no PNG written");
        }
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) throw new UserError(png + ": cannot write PNG: directory " + dir + " does not exist");
        try {
            waterfall.write(png);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage());
        }
        System.err.printf(Locale.ROOT, "wrote %s (%d x %d plot, %d bins x %d rows per pixel)%n", png, waterfall.plotWidth(),
                waterfall.plotHeight(), waterfall.binsPerPixel(), waterfall.rowsPerPixel());
    }
}
