package dev.g20.cli;

import dev.g20.testing.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.store.StoreTarget;
import dev.g20.store.TestPostgres;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** `g20 tracks` through Main.execute on a real PostgreSQL. */
@ExtendWith(TestPostgres.class)
class TracksCommandPostgresTest {
    static String url;

    @BeforeAll
    static void fill() {
        StoreTarget.Postgres pg = TestPostgres.server().createDatabase(TracksCommandPostgresTest.class);
        url = "postgresql://" + pg.user() + ":" + pg.password() + "@" + pg.host() + ":" + pg.port() + "/" + pg.database();
        TracksCommandTest.fill(pg);
    }

    @Test
    void jsonByTrack() throws Exception {
        CliRun r = CliRun.of("tracks", "--db", url, "--track", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows.size()).isEqualTo(10);
        JsonNode first = rows.get(0);
        assertThat(first.get("track_id").asLong()).isEqualTo(2);
        assertThat(first.get("frame_id").asLong()).isZero();
        assertThat(first.get("timestamp_ns").asLong()).isEqualTo(TracksCommandTest.T0);
        assertThat(first.get("config_hash").asText()).isEqualTo("abc123");
        assertThat(first.get("class_name").asText()).isEqualTo("sig2");
        assertThat(first.get("display_box").size()).isEqualTo(4);
        assertThat(first.get("display_box").get(0).asDouble()).isCloseTo(0.2, Offset.offset(1e-6));
        assertThat(first.get("created_at").asText()).endsWith("Z");
    }

    @Test
    void tableByFramesAndTime() {
        CliRun r = CliRun.of("tracks", "--db", url, "--frames", "4:", "--time", ":2024-05-01T12:00:05Z");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines[1]).contains("2024-05-01T12:00:04Z", "sig1");
    }

    @Test
    void wrongPasswordIsOneLine() {
        CliRun r = CliRun.of("tracks", "--db", url.replaceFirst(":[^:@/]+@", ":wrong@"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("g20: cannot open track store postgresql://").contains("password authentication failed")
                .doesNotContain("\n").doesNotContain("wrong");
    }
}
