package dev.g20.store;

import dev.g20.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTargetTest {
    private static StoreTarget.Postgres pg(String s) {
        return (StoreTarget.Postgres) StoreTarget.parse(s, "--db");
    }

    @Test
    void libpqStyleUrl() {
        StoreTarget.Postgres p = pg("postgresql://user:pass@localhost/g20_tracks");
        assertThat(p).isEqualTo(new StoreTarget.Postgres("localhost", 5432, "g20_tracks", "user", "pass", Map.of()));
        assertThat(p.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/g20_tracks");
        assertThat(p.properties()).containsEntry("user", "user").containsEntry("password", "pass")
                .containsKey("connectTimeout").containsKey("socketTimeout");
        assertThat(p.display()).isEqualTo("postgresql://user:***@localhost:5432/g20_tracks");
        assertThat(p.toString()).doesNotContain("pass");
    }

    @Test
    void portIpv6DefaultsAndParameters() {
        assertThat(pg("postgres://u@db.example:6543/x")).extracting("host", "port", "database", "user", "password")
                .containsExactly("db.example", 6543, "x", "u", null);
        StoreTarget.Postgres v6 = pg("postgresql://u:p@[::1]:5433/d");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/d");
        StoreTarget.Postgres bare = pg("postgresql://");
        assertThat(bare.host()).isEqualTo("localhost");
        assertThat(bare.database()).isEqualTo(bare.user()); // libpq: database defaults to the user name
        StoreTarget.Postgres q = pg("postgresql://u@h/d?sslmode=require&connect_timeout=3&application_name=viewer");
        assertThat(q.properties()).containsEntry("sslmode", "require").containsEntry("connectTimeout", "3")
                .containsEntry("ApplicationName", "viewer");
        assertThat(pg("postgresql://h/d?user=alice&password=s%26cret").password()).isEqualTo("s&cret");
    }

    @Test
    void percentDecodesUserPasswordAndDatabase() {
        StoreTarget.Postgres p = pg("postgresql://us%65r:p%40ss%3Aw%2Frd%25+x%C3%A9@h/my%20db");
        assertThat(p.user()).isEqualTo("user");
        assertThat(p.password()).isEqualTo("p@ss:w/rd%+xé"); // '+' stays '+', as in libpq
        assertThat(p.database()).isEqualTo("my db");
        assertThat(p.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/my+db"); // pgjdbc form-decodes the name
    }

    @Test
    void sqliteRelativeToTheWorkingDirectory() {
        StoreTarget t = StoreTarget.parse("sqlite:g20-tracks.db", "x");
        assertThat(t).isEqualTo(new StoreTarget.Sqlite(Path.of("g20-tracks.db").toAbsolutePath()));
        assertThat(StoreTarget.parse("sqlite:/var/tmp/a.db", "x")).isEqualTo(new StoreTarget.Sqlite(Path.of("/var/tmp/a.db")));
        assertThat(StoreTarget.parse("sqlite:data/../t.db", "x").display()).isEqualTo("sqlite:" + Path.of("t.db").toAbsolutePath());
    }

    @Test
    void badStringsAreOneLineErrorsNamingOriginAndValue() {
        String origin = "config/database.yaml: key 'connection_string'";
        assertThatThrownBy(() -> StoreTarget.parse("mysql://u@h/d", origin)).isInstanceOf(ConfigException.class)
                .hasMessage(origin + ": must be postgresql://user:pass@host[:port]/db or sqlite:PATH, got 'mysql://u@h/d'");
        assertThatThrownBy(() -> StoreTarget.parse("postgresql://u:secret@h:99999/d", "--db"))
                .hasMessage("--db: bad port '99999' in 'postgresql://u:***@h:99999/d' (1..65535)");
        assertThatThrownBy(() -> StoreTarget.parse("postgresql://u:secret@h:abc/d", "--db")).hasMessageContaining("bad port 'abc'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> StoreTarget.parse("postgresql://u:se%zzret@h/d", "--db"))
                .hasMessageContaining("bad percent-escape in password").hasMessageNotContaining("zz");
        assertThatThrownBy(() -> StoreTarget.parse("sqlite:", "--db")).hasMessageContaining("sqlite: needs a file path");
        assertThatThrownBy(() -> StoreTarget.parse("  ", "--db")).hasMessage("--db: empty connection string");
        assertThatThrownBy(() -> StoreTarget.parse("postgresql://u@[::1/d", "--db")).hasMessageContaining("unclosed '['");
        assertThatThrownBy(() -> StoreTarget.parse("postgresql://u@h1,h2/d", "--db")).hasMessageContaining("several hosts");
        assertThatThrownBy(() -> StoreTarget.parse("postgresql://u@h/d?sslmode", "--db")).hasMessageContaining("bad parameter 'sslmode'");
        assertThatThrownBy(() -> StoreTarget.parse("postgresql://u@h:abc/d?password=secret&x=1", "--db"))
                .hasMessageContaining("?password=***&x=1").hasMessageNotContaining("secret");
    }
}
