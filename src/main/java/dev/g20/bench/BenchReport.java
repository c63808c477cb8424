package dev.g20.bench;

import dev.g20.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The JSON document {@code g20 bench} prints: an ordered set of named sections ("machine",
 * "stft", later e.g. "pipeline", "store"), each a JSON object that its stage fills in.
 */
public final class BenchReport {
    private static final ObjectMapper JSON = Json.JSON;

    private final ObjectNode root = JSON.createObjectNode();

    /** The section called {@code name}, created (after the existing ones) on first use. */
    public ObjectNode section(String name) {
        return root.has(name) ? (ObjectNode) root.get(name) : root.putObject(name);
    }

    public ObjectNode root() {
        return root;
    }

    /** Fills the "machine" section: cores, JVM, OS, CPU model and load when the run started. */
    public void describeMachine() {
        ObjectNode m = section("machine");
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        m.put("java_version", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        String cpu = cpuModel();
        if (cpu != null) m.put("cpu", cpu);
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        // other processes share the cores: a load above the core count means the numbers are low
        if (load >= 0) m.put("load_average_1m", Math.round(load * 100) / 100.0);
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) return null;
        try (var lines = Files.lines(info)) {
            return lines.filter(l -> l.toLowerCase(Locale.ROOT).startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
