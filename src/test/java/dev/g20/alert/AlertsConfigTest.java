package dev.g20.alert;

import dev.g20.config.ConfigException;
import dev.g20.config.G20Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** alerts.yaml: rules read as written, every mistake one line naming the file and the key. */
class AlertsConfigTest {

    static AlertsConfig parse(String yaml) {
        return G20Config.parseYaml("alerts.yaml", yaml, AlertsConfig::from);
    }

    @Test
    void rulesWithEveryKey() {
        AlertsConfig c = parse("""
                queue_size: 50
                rules:
                  - name: ism-fsk
                    band: [433.05e6, 434.79e6]
                    classes: [FSK, ook]
                    min_snr_db: 6
                    min_duration_s: 0.5
                    when: new_in_band_since
                    since: 12h
                    actions:
                      - log
                      - webhook: {url: "http://127.0.0.1:9/hook", timeout_ms: 250, retries: 2, backoff_ms: 10}
                      - mqtt: {broker: "tcp://127.0.0.1:1883", topic: g20/alerts, qos: 0}
                  - when: active
                    repeat: 30s
                    actions: [log]
                """);
        assertThat(c.queueSize()).isEqualTo(50);
        assertThat(c.rules()).hasSize(2);
        AlertRule r = c.rules().getFirst();
        assertThat(r.name()).isEqualTo("ism-fsk");
        assertThat(r.bandLoHz()).isEqualTo(433.05e6);
        assertThat(r.bandHiHz()).isEqualTo(434.79e6);
        assertThat(r.classes()).containsExactlyInAnyOrder("fsk", "ook");
        assertThat(r.minSnrDb()).isEqualTo(6.0);
        assertThat(r.minDurationS()).isEqualTo(0.5);
        assertThat(r.when()).isEqualTo(AlertWhen.NEW_IN_BAND_SINCE);
        assertThat(r.since()).isEqualTo(Duration.ofHours(12));
        assertThat(r.actions()).containsExactly(new AlertAction.Log(),
                new AlertAction.Webhook(java.net.URI.create("http://127.0.0.1:9/hook"), Duration.ofMillis(250), 2, Duration.ofMillis(10)),
                new AlertAction.Mqtt("tcp://127.0.0.1:1883", "g20/alerts", 0, Duration.ofSeconds(5), 3, Duration.ofMillis(500)));
        AlertRule second = c.rules().get(1);
        assertThat(second.name()).isEqualTo("rule 2");
        assertThat(second.bandLoHz()).isNull();
        assertThat(second.classes()).isEmpty();
        assertThat(second.repeat()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void missingFileMeansNoRulesAndTheShippedFileParses(@TempDir Path dir) throws Exception {
        assertThat(AlertsConfig.load(dir).rules()).isEmpty();
        Files.writeString(dir.resolve("alerts.yaml"), "rules:\n  - {when: closed, actions: [log]}\n");
        assertThat(AlertsConfig.load(dir).rules()).hasSize(1);
        assertThat(AlertsConfig.load(Path.of("config")).queueSize()).isPositive();
    }

    @Test
    void badRulesNameFileAndKey() {
        bad("rules: [{when: sometimes, actions: [log]}]",
                "alerts.yaml: key 'rules[0].when' has unknown value 'sometimes' (expected new | active | closed | new_in_band_since)");
        bad("rules: [{band: [434e6], actions: [log]}]", "alerts.yaml: key 'rules[0].band' must be [low_hz, high_hz], e.g. [433.05e6, 434.79e6]");
        bad("rules: [{band: [435e6, 434e6], actions: [log]}]", "alerts.yaml: key 'rules[0].band' is empty: 4.35E8 is above 4.34E8");
        bad("rules: [{band: [a, b], actions: [log]}]", "alerts.yaml: key 'rules[0].band' must be [low_hz, high_hz] in Hz, got 'a'");
        bad("rules: [{when: new}]", "alerts.yaml: key 'rules[0].actions' must name at least one action (log, webhook or mqtt)");
        bad("rules: [{actions: [shout]}]", "alerts.yaml: key 'rules[0].actions[0]' has unknown action 'shout'");
        bad("rules: [{actions: [{webhook: {timeout_ms: 5}}]}]", "alerts.yaml: key 'rules[0].actions[0].webhook.url' is required");
        bad("rules: [{actions: [{webhook: {url: 'ftp://x/y'}}]}]", "alerts.yaml: key 'rules[0].actions[0].webhook.url' must be an http:// or https:// URL, got 'ftp://x/y'");
        bad("rules: [{actions: [{webhook: {url: 'http://x/', retries: -1}}]}]", "alerts.yaml: key 'rules[0].actions[0].webhook.retries' must be in [0, 100], got -1");
        bad("rules: [{actions: [{webhook: {url: 'http://x/', retry: 2}}]}]", "alerts.yaml: unknown key 'rules[0].actions[0].webhook.retry'");
        bad("rules: [{actions: [{mqtt: {broker: 'localhost', topic: t}}]}]", "alerts.yaml: key 'rules[0].actions[0].mqtt.broker' must be tcp://host:port or ssl://host:port, got 'localhost'");
        bad("rules: [{actions: [{mqtt: {broker: 'tcp://h:1883', topic: 'g20/#'}}]}]", "alerts.yaml: key 'rules[0].actions[0].mqtt.topic' must be a topic name without wildcards");
        bad("rules: [{actions: [{mqtt: {broker: 'tcp://h:1883', topic: t, qos: 3}}]}]", "alerts.yaml: key 'rules[0].actions[0].mqtt.qos' must be 0, 1 or 2, got 3");
        bad("rules: [{since: 3x, actions: [log]}]", "alerts.yaml: key 'rules[0].since' must be a duration like 30s, 30m, 24h or 90d");
        bad("rules: [{min_snr_db: loud, actions: [log]}]", "alerts.yaml: key 'rules[0].min_snr_db' must be a number, got 'loud'");
        bad("rules: [{colour: red, actions: [log]}]", "alerts.yaml: unknown key 'rules[0].colour'");
        bad("rules: [{name: a, actions: [log]}, {name: a, actions: [log]}]", "alerts.yaml: key 'rules[1].name' 'a' is used by two rules");
        bad("rules: [log]", "alerts.yaml: key 'rules[0]' must be a mapping");
    }

    private static void bad(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).as(yaml).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(message).doesNotContain("\n"));
    }
}
