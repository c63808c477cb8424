package dev.g20.store;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JUnit 5 extension: a real PostgreSQL for the test run. Uses the server of {@code G20_TEST_PG_URL}
 * (a superuser URL) when set; otherwise starts a throwaway cluster ({@link TempPostgres}: initdb +
 * pg_ctl on a free port, as the postgres user when root) once per run and stops it at the end.
 * Without PostgreSQL binaries the tests are skipped, except under CI (env CI set), where they fail.
 */
public final class TestPostgres implements BeforeAllCallback {
    static final String ENV_URL = "G20_TEST_PG_URL";
    private static final AtomicInteger DB_SEQ = new AtomicInteger();
    private static volatile Server current;

    /** The server for this run; {@code owned} is null for an external server (which tests must not stop). */
    public record Server(TempPostgres owned, StoreTarget.Postgres admin) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            if (owned != null) owned.close();
        }

        /** A fresh, empty database for one test class (name derived from the class, unique per run). */
        public StoreTarget.Postgres createDatabase(Class<?> owner) {
            String name = "g20_" + owner.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            name = name.substring(0, Math.min(name.length(), 50)) + "_" + DB_SEQ.incrementAndGet();
            return TempPostgres.createDatabase(admin, name);
        }

        /** Stops and restarts the server to simulate an outage; only for an owned server. */
        public boolean canRestart() {
            return owned != null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext ctx) {
        current = ctx.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> start(), Server.class);
    }

    /** The server, after the extension ran for the test class. */
    public static Server server() {
        if (current == null) throw new IllegalStateException("annotate the test class with @ExtendWith(TestPostgres.class)");
        return current;
    }

    private static Server start() {
        String url = System.getenv(ENV_URL);
        if (url != null && !url.isBlank()) {
            if (!(StoreTarget.parse(url, ENV_URL) instanceof StoreTarget.Postgres pg)) {
                throw new IllegalStateException(ENV_URL + " must be a postgresql:// URL");
            }
            return new Server(null, pg);
        }
        if (TempPostgres.findBinDir().isEmpty()) {
            String msg = "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin or PATH, and "
                    + ENV_URL + " is not set";
            if (System.getenv("CI") != null) throw new IllegalStateException(msg + ": CI must test against a real PostgreSQL");
            System.err.println("WARNING: " + msg + ": skipping the PostgreSQL tests (under CI they fail)");
            throw new TestAbortedException(msg + ": skipping the PostgreSQL tests");
        }
        TempPostgres pg = TempPostgres.start(false);
        return new Server(pg, pg.adminTarget());
    }
}
