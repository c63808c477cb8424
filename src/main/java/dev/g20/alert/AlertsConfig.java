package dev.g20.alert;

import dev.g20.config.ConfigException;
import dev.g20.config.ConfigNode;
import dev.g20.config.DurationText;
import dev.g20.config.G20Config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * config/alerts.yaml: the alert rules and the alert queue's size. A missing file means no alerts.
 *
 * @param queueSize emitter snapshots waiting for the alert thread; beyond it the newest are dropped and counted
 */
public record AlertsConfig(List<AlertRule> rules, int queueSize) {
    public static final String FILE = "alerts.yaml";

    public AlertsConfig {
        rules = List.copyOf(rules);
    }

    public static AlertsConfig none() {
        return new AlertsConfig(List.of(), 1000);
    }

    /** Reads {@code dir/alerts.yaml}; no file, no rules. */
    public static AlertsConfig load(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return none();
        try {
            return G20Config.parseYaml(f.toString(), Files.readString(f), AlertsConfig::from);
        } catch (java.io.IOException e) {
            throw new ConfigException(f + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static AlertsConfig from(ConfigNode n) {
        int queue = n.getInt("queue_size", 1000);
        n.require(queue >= 1 && queue <= 1_000_000, "queue_size", "must be in [1, 1000000], got " + queue);
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Object> list = n.getList("rules");
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof ConfigNode r)) throw n.error("rules[" + i + "]", "must be a mapping (name:, when:, actions:, ...)");
            AlertRule rule = rule(r, "rule " + (i + 1));
            if (!names.add(rule.name())) throw r.error("name", "'" + rule.name() + "' is used by two rules");
            rules.add(rule);
        }
        return new AlertsConfig(rules, queue);
    }

    private static AlertRule rule(ConfigNode r, String defaultName) {
        String name = r.getString("name", defaultName);
        Double lo = null, hi = null;
        List<Object> band = r.getList("band");
        if (!band.isEmpty()) {
            if (band.size() != 2) throw r.error("band", "must be [low_hz, high_hz], e.g. [433.05e6, 434.79e6]");
            lo = number(r, "band", band.get(0));
            hi = number(r, "band", band.get(1));
            if (lo > hi) throw r.error("band", "is empty: " + band.get(0) + " is above " + band.get(1));
        }
        Set<String> classes = new LinkedHashSet<>();
        for (String c : r.getStringList("classes", List.of())) classes.add(c.strip().toLowerCase(Locale.ROOT));
        Double snr = optional(r, "min_snr_db");
        Double dur = optional(r, "min_duration_s");
        if (dur != null && dur < 0) throw r.error("min_duration_s", "must be >= 0, got " + dur);
        String w = r.getString("when", "new").strip().toLowerCase(Locale.ROOT);
        AlertWhen when = AlertWhen.parse(w);
        if (when == null) throw r.error("when", "has unknown value '" + w + "' (expected " + AlertWhen.names() + ")");
        Duration since = DurationText.get(r, "since", Duration.ofHours(24));
        Duration repeat = DurationText.get(r, "repeat", Duration.ofMinutes(1));
        List<AlertAction> actions = new ArrayList<>();
        List<Object> as = r.getList("actions");
        if (as.isEmpty()) throw r.error("actions", "must name at least one action (log, webhook or mqtt)");
        for (int i = 0; i < as.size(); i++) actions.add(action(r, i, as.get(i)));
        return new AlertRule(name, lo, hi, classes, snr, dur, when, since, repeat, actions);
    }

    private static AlertAction action(ConfigNode r, int i, Object a) {
        String key = "actions[" + i + "]";
        if (a instanceof String s) {
            if (s.strip().equals("log")) return new AlertAction.Log();
            throw r.error(key, "has unknown action '" + s + "' (expected log, or webhook: {url: ...} or mqtt: {broker: ..., topic: ...})");
        }
        ConfigNode m = (ConfigNode) a;
        List<String> keys = m.keys();
        if (keys.size() != 1) throw r.error(key, "must be one action: log, webhook: {url: ...} or mqtt: {broker: ..., topic: ...}");
        String kind = keys.getFirst();
        ConfigNode c = m.child(kind);
        return switch (kind) {
            case "log" -> new AlertAction.Log();
            case "webhook" -> {
                String url = c.getString("url", null);
                if (url == null) throw c.error("url", "is required (http://host:port/path)");
                URI u;
                try {
                    u = URI.create(url.strip());
                } catch (IllegalArgumentException e) {
                    throw c.error("url", "is not a URL: '" + url + "'");
                }
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw c.error("url", "must be an http:// or https:// URL, got '" + url + "'");
                }
                yield new AlertAction.Webhook(u, timeout(c), retries(c), backoff(c));
            }
            case "mqtt" -> {
                String broker = c.getString("broker", null);
                if (broker == null || !broker.matches("(tcp|ssl)://[^/:]+(:\\d+)?")) {
                    throw c.error("broker", "must be tcp://host:port or ssl://host:port, got " + (broker == null ? "nothing" : "'" + broker + "'"));
                }
                String topic = c.getString("topic", null);
                if (topic == null || topic.isBlank() || topic.contains("#") || topic.contains("+")) {
                    throw c.error("topic", "must be a topic name without wildcards, e.g. g20/alerts, got " + (topic == null ? "nothing" : "'" + topic + "'"));
                }
                int qos = c.getInt("qos", 1);
                if (qos < 0 || qos > 2) throw c.error("qos", "must be 0, 1 or 2, got " + qos);
                yield new AlertAction.Mqtt(broker, topic, qos, timeout(c), retries(c), backoff(c));
            }
            default -> throw r.error(key, "has unknown action '" + kind + "' (expected log, webhook or mqtt)");
        };
    }

    private static Duration timeout(ConfigNode c) {
        int ms = c.getInt("timeout_ms", 5000);
        if (ms < 1 || ms > 600_000) throw c.error("timeout_ms", "must be in [1, 600000], got " + ms);
        return Duration.ofMillis(ms);
    }

    private static int retries(ConfigNode c) {
        int n = c.getInt("retries", 3);
        if (n < 0 || n > 100) throw c.error("retries", "must be in [0, 100], got " + n);
        return n;
    }

    private static Duration backoff(ConfigNode c) {
        int ms = c.getInt("backoff_ms", 500);
        if (ms < 0 || ms > 600_000) throw c.error("backoff_ms", "must be in [0, 600000], got " + ms);
        return Duration.ofMillis(ms);
    }

    private static Double optional(ConfigNode r, String k) {
        double v = r.getDouble(k, Double.NaN);
        return Double.isNaN(v) ? null : v;
    }

    private static double number(ConfigNode r, String k, Object v) {
        try {
            double d = Double.parseDouble(v.toString());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw r.error(k, "must be [low_hz, high_hz] in Hz, got '" + v + "'");
        }
    }
}
