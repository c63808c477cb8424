package dev.g20.realdev;

import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.detect.Detector;
import dev.g20.source.IqSource;
import dev.g20.source.Sources;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.SpectrogramFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real recordings in ../shared/realdev (see its README): where they are, and a helper that runs a
 * detector over one of them the way {@code process} does (every frame, the trailing partial one too).
 */
final class RealDev {
    /** The folder beside the clone (CI has it; a user's fresh clone may not). */
    static final Path DIR = locate();

    private RealDev() {
    }

    private static Path locate() {
        String env = System.getenv("G20_REALDEV");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path c = p.resolve("shared/realdev");
            if (Files.isDirectory(c)) return c;
            Path s = p.resolveSibling("shared").resolve("realdev");
            if (Files.isDirectory(s)) return s;
        }
        return here.resolveSibling("shared").resolve("realdev");
    }

    static boolean present() {
        return Files.isDirectory(DIR);
    }

    static Path meta(String name) {
        return DIR.resolve(name + ".sigmf-meta");
    }

    /** All frames of a recording with the given config (the trailing partial frame included). */
    static List<SpectrogramFrame> frames(String name, SpectrogramConfig config) {
        List<SpectrogramFrame> out = new ArrayList<>();
        try (IqSource src = Sources.openFile(meta(name), null, null, null);
             CanonicalSpectrogramGenerator g = new CanonicalSpectrogramGenerator(config, src.info(), out::add)) {
            float[] buf = new float[2 * 65536];
            for (int n; (n = src.read(buf, 65536)) > 0; ) g.accept(buf, n);
            g.flush();
        }
        return out;
    }

    /** A detection placed in recording time: frame index, box, frame. */
    record Found(SpectrogramFrame frame, Detection detection) {
        Box box() {
            return detection.box();
        }

        /** Start and end in seconds from the recording's start. */
        double t0() {
            return (frame.firstSample() + box().y1() * frame.spanSamples()) / frame.sampleRateHz();
        }

        double t1() {
            return (frame.firstSample() + box().y2() * frame.spanSamples()) / frame.sampleRateHz();
        }

        /** Band edges in Hz offset from the centre. */
        double f0() {
            return (box().x1() - 0.5) * frame.sampleRateHz();
        }

        double f1() {
            return (box().x2() - 0.5) * frame.sampleRateHz();
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "frame %d [%.5f-%.5f s, %+.0f..%+.0f kHz] conf %.2f %s", frame.frameId(), t0(), t1(),
                    f0() / 1e3, f1() / 1e3, detection.confidence(), detection.className());
        }
    }

    static List<Found> detect(Detector d, List<SpectrogramFrame> frames) {
        List<Found> out = new ArrayList<>();
        for (SpectrogramFrame f : frames) for (Detection x : d.detect(f)) out.add(new Found(f, x));
        return out;
    }
}
