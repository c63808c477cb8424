package dev.g20.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The shared Jackson mappers. A mapper is thread-safe once configured and costly to build, so the
 * code keeps one per format; never reconfigure these (derive a writer or reader instead).
 */
public final class Json {
    /** JSON, Jackson's defaults. */
    public static final ObjectMapper JSON = new ObjectMapper();
    /** JSON written indented (reports, files meant to be read). */
    public static final ObjectWriter PRETTY = JSON.writerWithDefaultPrettyPrinter();
    /** YAML (the config files, dataset descriptions), Jackson's defaults. */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Json() {
    }
}
