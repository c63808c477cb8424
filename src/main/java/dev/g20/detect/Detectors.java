package dev.g20.detect;

import java.nio.file.Path;

/** Where detectors find their files: the G20 home and model paths resolved against it (dev.g20.wiring builds the detectors). */
public final class Detectors {

    private Detectors() {
    }

    /** The G20 home that relative model paths resolve against: $G20_HOME (set by the launcher), else the working directory. */
    public static Path home() {
        String h = System.getenv("G20_HOME");
        return (h != null && !h.isBlank() ? Path.of(h) : Path.of("")).toAbsolutePath();
    }

    /** {@code path} as is when absolute, else under {@code home}. */
    public static Path resolve(Path home, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }
}
