package dev.g20.store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The emitter store suite on a real PostgreSQL. */
@ExtendWith(TestPostgres.class)
class PostgresEmitterStoreTest extends EmitterStoreContract {
    private static StoreTarget.Postgres db;

    @BeforeAll
    static void createDatabase() {
        db = TestPostgres.server().createDatabase(PostgresEmitterStoreTest.class);
    }

    @Override
    StoreTarget target() {
        return db;
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.properties());
    }

    @Override
    String ageSql(String table, String column, int days) {
        return "UPDATE " + table + " SET " + column + " = now() - interval '" + days + " days'";
    }
}
