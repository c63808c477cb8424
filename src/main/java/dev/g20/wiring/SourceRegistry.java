package dev.g20.wiring;

import dev.g20.source.IqSource;
import dev.g20.source.RtlTcpSource;
import dev.g20.source.SourceException;
import dev.g20.source.Sources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Opens the source a user names with {@code --source}: a registered scheme ({@code synthetic:SCENE},
 * the default {@code synthetic:mixed}; {@code rtl_tcp://host:port[?..]}), else a recording, whose
 * file type (SigMF, or raw with format, sample rate and centre frequency given) {@link Sources}
 * tells by its extension.
 */
public final class SourceRegistry {
    /** What `run` plays when no source is given. */
    public static final String DEFAULT_SPEC = "synthetic:mixed";

    /** Opens a source of one scheme. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @param spec the whole spec as typed (e.g. {@code rtl_tcp://host:1234?freq=100e6})
         * @param rest what follows {@code scheme:} (e.g. the scene name of {@code synthetic:mixed})
         * @throws SourceException one line naming the spec and what is wrong
         */
        IqSource open(String spec, String rest);
    }

    /** The parameters a raw recording needs (null where not given). */
    public record RawFile(String format, Double sampleRate, Double centerFreq) {
        public static final RawFile NONE = new RawFile(null, null, null);
    }

    private record Entry(String usage, Opener opener) {
    }

    private final Map<String, Entry> schemes = new LinkedHashMap<>();

    /** The shipped sources, with {@code synthetic} opening a scene by name through {@code scenes}. */
    public static SourceRegistry standard(Function<String, IqSource> scenes) {
        return new SourceRegistry()
                .register("synthetic", "synthetic:SCENE", (spec, scene) -> {
                    if (scene.isEmpty()) throw new SourceException(spec + ": name a scene, e.g. synthetic:mixed");
                    return scenes.apply(scene);
                })
                .register("rtl_tcp", "rtl_tcp://host:port", (spec, rest) -> new RtlTcpSource(spec));
    }

    /** The shipped sources in a build without the scene generator (synthetic scenes say they are missing). */
    public static SourceRegistry withoutSynthetic() {
        return standard(scene -> {
            throw new SourceException("synthetic scene '" + scene + "' is not available in this build;"
                    + " use --source FILE.sigmf-meta or --source rtl_tcp://host:port");
        });
    }

    /**
     * Adds (or replaces) the opener of {@code scheme} (lower case, without the colon).
     *
     * @param usage how the spec is written, for the message listing the kinds
     */
    public SourceRegistry register(String scheme, String usage, Opener opener) {
        schemes.put(scheme.toLowerCase(Locale.ROOT), new Entry(usage, opener));
        return this;
    }

    /**
     * @param spec what the user typed, or null for {@link #DEFAULT_SPEC}
     * @throws SourceException one line for an unknown scheme, a missing file or a bad parameter
     */
    public IqSource open(String spec, RawFile raw) {
        String s = spec == null || spec.isBlank() ? DEFAULT_SPEC : spec.trim();
        int colon = s.indexOf(':');
        if (colon > 0) {
            Entry e = schemes.get(s.substring(0, colon).toLowerCase(Locale.ROOT));
            if (e != null) return e.opener().open(s, s.substring(colon + 1));
        }
        if (s.toLowerCase(Locale.ROOT).matches("^[a-z][a-z0-9+._-]*://.*")) {
            throw new SourceException(s + ": unknown source kind (expected " + kinds() + ")");
        }
        return Sources.openFile(Path.of(s), raw.format(), raw.sampleRate(), raw.centerFreq());
    }

    /** "a file, synthetic:SCENE or rtl_tcp://host:port". */
    private String kinds() {
        List<String> all = new ArrayList<>();
        all.add("a file");
        for (Entry e : schemes.values()) all.add(e.usage());
        String last = all.removeLast();
        return String.join(", ", all) + " or " + last;
    }
}
