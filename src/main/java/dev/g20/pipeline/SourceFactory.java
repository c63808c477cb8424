package dev.g20.pipeline;

import dev.g20.source.IqSource;
import dev.g20.source.RtlTcpSource;
import dev.g20.source.SourceException;
import dev.g20.source.Sources;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Opens the source a user names with {@code --source}: {@code synthetic:SCENE} (the default,
 * {@code synthetic:mixed}), {@code rtl_tcp://host:port[?..]}, or a recording (SigMF, or a raw file
 * with format, sample rate and centre frequency given).
 */
public final class SourceFactory {
    /** What `run` plays when no source is given. */
    public static final String DEFAULT_SPEC = "synthetic:mixed";

    private final Function<String, IqSource> synthetic;

    /** @param synthetic opens a synthetic scene by name (e.g. "mixed"); throws SourceException for an unknown name */
    public SourceFactory(Function<String, IqSource> synthetic) {
        this.synthetic = synthetic;
    }

    /** A factory without synthetic scenes (until a scene generator is wired in). */
    public static SourceFactory withoutSynthetic() {
        return new SourceFactory(SourceFactory::syntheticUnavailable);
    }

    /** Stand-in for the synthetic scene generator: says it is not available. */
    public static IqSource syntheticUnavailable(String scene) {
        throw new SourceException("synthetic scene '" + scene + "' is not available in this build;"
                + " use --source FILE.sigmf-meta or --source rtl_tcp://host:port");
    }

    /**
     * An opened source.
     *
     * @param live true for a radio: it delivers in real time by itself and is never paced
     */
    public record Opened(IqSource source, boolean live) {
    }

    /**
     * @param spec       what the user typed, or null for {@link #DEFAULT_SPEC}
     * @param format     raw files: cf32, cs16, cs8, cu8 (null: from the extension)
     * @param sampleRate raw files: Hz
     * @param centerFreq raw files: Hz
     */
    public Opened open(String spec, String format, Double sampleRate, Double centerFreq) {
        String s = spec == null || spec.isBlank() ? DEFAULT_SPEC : spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("synthetic:")) {
            String scene = s.substring("synthetic:".length());
            if (scene.isEmpty()) throw new SourceException(s + ": name a scene, e.g. synthetic:mixed");
            return new Opened(synthetic.apply(scene), false);
        }
        if (lower.startsWith("rtl_tcp:")) {
            return new Opened(new RtlTcpSource(s), true);
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new SourceException(s + ": unknown source kind (expected a file, synthetic:SCENE or rtl_tcp://host:port)");
        }
        return new Opened(Sources.openFile(Path.of(s), format, sampleRate, centerFreq), false);
    }
}
