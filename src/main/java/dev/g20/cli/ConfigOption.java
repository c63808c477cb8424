package dev.g20.cli;

import dev.g20.config.G20Config;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --config DIR} option of the commands that read config/, and loading it. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "DIR", description = "config directory (default: the G20 home's config/)")
    Path dir;

    /** The four config files of --config, else of the G20 home's config/, else built-in defaults. */
    public G20Config load() {
        return dir != null ? G20Config.load(dir) : G20Config.loadDefault();
    }

    /** The config directory in force: --config, else the G20 home's config/ (G20_HOME), else ./config. */
    public Path directory() {
        if (dir != null) return dir;
        String home = System.getenv("G20_HOME");
        return home != null ? Path.of(home, "config") : Path.of("config");
    }
}
