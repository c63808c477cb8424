package dev.g20.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** database.yaml's retention keys and the duration text they (and the CLI filters) use. */
class RetentionConfigTest {

    @Test
    void durationsInEveryUnit() {
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse(" 24H ")).isEqualTo(Duration.ofHours(24));
        assertThat(DurationText.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(DurationText.format(Duration.ofDays(90))).isEqualTo("90d");
        assertThat(DurationText.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        for (String bad : new String[] {"", "h", "24", "24x", "-1h", "0d", "1.5h", "99999999999999999d"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void defaultsAndOverrides() {
        DatabaseConfig d = G20Config.parseYaml("database.yaml", "batch_size: 10\n", DatabaseConfig::from);
        assertThat(d.trackRowsRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(d.emitterRetention()).isEqualTo(Duration.ofDays(90));
        DatabaseConfig o = G20Config.parseYaml("database.yaml", "track_rows_retention: 2h\nemitter_retention: 30d\n", DatabaseConfig::from);
        assertThat(o.trackRowsRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(o.emitterRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void badValuesNameFileAndKey() {
        assertThatThrownBy(() -> G20Config.parseYaml("database.yaml", "track_rows_retention: 24x\n", DatabaseConfig::from))
                .isInstanceOf(ConfigException.class)
                .hasMessage("database.yaml: key 'track_rows_retention' must be a duration like 30s, 30m, 24h or 90d (unit s, m, h or d), got '24x'");
        assertThatThrownBy(() -> G20Config.parseYaml("database.yaml", "emitter_retention: 0d\n", DatabaseConfig::from))
                .isInstanceOf(ConfigException.class)
                .hasMessage("database.yaml: key 'emitter_retention' must be positive (a duration like 30s, 30m, 24h or 90d), got '0d'");
    }
}
