package dev.g20.store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The emitter store suite on an embedded SQLite file. */
class SqliteEmitterStoreTest extends EmitterStoreContract {
    @TempDir
    static Path dir;
    private static StoreTarget.Sqlite file;

    @BeforeAll
    static void createFile() {
        file = (StoreTarget.Sqlite) StoreTarget.parse("sqlite:" + dir.resolve("store.db"), "test");
    }

    @Override
    StoreTarget target() {
        return file;
    }

    @Override
    Connection connect() throws SQLException {
        return SqliteSink.open(file, 5000);
    }

    @Override
    String ageSql(String table, String column, int days) {
        return "UPDATE " + table + " SET " + column + " = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-" + days + " days')";
    }
}
