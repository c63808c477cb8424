package dev.g20.server;

import dev.g20.config.G20Config;

import java.util.Map;

/**
 * The four config files as the protocol carries them (in hello, config and GET /api/config): each
 * file's object has exactly its YAML keys and nesting (see {@link ConfigJson}).
 */
public record ConfigFiles(Map<String, Object> spectrogram, Map<String, Object> tracker, Map<String, Object> inference,
                          Map<String, Object> database) {

    /** The files of {@code c}, database password redacted. */
    public static ConfigFiles of(G20Config c) {
        return new ConfigFiles(ConfigJson.spectrogram(c.spectrogram()), ConfigJson.tracker(c.tracker()),
                ConfigJson.inference(c.inference()), ConfigJson.database(c.database()));
    }
}
