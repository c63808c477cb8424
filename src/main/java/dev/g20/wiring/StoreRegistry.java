package dev.g20.wiring;

import dev.g20.config.ConfigException;
import dev.g20.config.DatabaseConfig;
import dev.g20.config.G20Config;
import dev.g20.server.StoredTracks;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.StoreTarget;
import dev.g20.store.StoredTrack;
import dev.g20.store.TrackLogger;
import dev.g20.store.TrackQuery;
import dev.g20.store.TrackStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens the track store a connection string names, by its scheme ({@code postgresql://},
 * {@code postgres://}, {@code sqlite:}): the logger the pipeline writes rows to and the queries
 * the viewer's history reads, on the same database.
 */
public final class StoreRegistry {

    /** A store opened for a run: its logger, and queries on it (null when it has none). */
    public record Store(TrackLogger logger, StoredTracks queries) implements AutoCloseable {
        /** Stops the logger (flushing what is queued) and closes the query connection. */
        @Override
        public void close() {
            try {
                logger.stop();
            } finally {
                if (queries instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // closing a read connection at exit: nothing to lose
                    }
                }
            }
        }
    }

    /** Opens one kind of store. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @param origin where the connection string came from, for messages ("--db" or "database.yaml")
         * @throws ConfigException or {@link dev.g20.store.StoreException}: one line naming origin and problem
         */
        Store open(DatabaseConfig config, String origin);
    }

    private record Entry(String usage, Opener opener) {
    }

    private final Map<String, Entry> schemes = new LinkedHashMap<>();

    /** The shipped stores: PostgreSQL and SQLite, both through the async logger. */
    public static StoreRegistry standard() {
        return new StoreRegistry()
                .register("postgresql://", "postgresql://user:pass@host[:port]/db", StoreRegistry::openJdbc)
                .register("postgres://", null, StoreRegistry::openJdbc)
                .register("sqlite:", "sqlite:PATH", StoreRegistry::openJdbc);
    }

    /**
     * Adds the opener of connection strings starting with {@code prefix}.
     *
     * @param usage how such a string is written, for messages; null for an alias not listed
     */
    public StoreRegistry register(String prefix, String usage, Opener opener) {
        schemes.put(prefix, new Entry(usage, opener));
        return this;
    }

    /** Applies {@code --db URL}; a scheme nobody registered is a one-line error. */
    public G20Config choose(G20Config cfg, String db) {
        if (db == null) return cfg;
        if (entry(db) == null) throw new ConfigException("--db must be " + usages() + ", got '" + db + "'");
        return cfg.withDatabase(cfg.database().withConnectionString(db));
    }

    /** Opens the store of {@code config}'s connection string, connected (a wrong one fails here). */
    public Store open(DatabaseConfig config, String origin) {
        Entry e = entry(config.connectionString());
        if (e == null) {
            throw new ConfigException(origin + ": must be " + usages() + ", got '" + config.connectionString() + "'");
        }
        return e.opener().open(config, origin);
    }

    private Entry entry(String url) {
        String u = url == null ? "" : url.strip();
        for (Map.Entry<String, Entry> e : schemes.entrySet()) {
            if (u.startsWith(e.getKey())) return e.getValue();
        }
        return null;
    }

    private String usages() {
        List<String> all = new ArrayList<>();
        for (Entry e : schemes.values()) if (e.usage() != null) all.add(e.usage());
        return String.join(" or ", all);
    }

    /** PostgreSQL and SQLite: rows through the async logger, history through a TrackStore connection. */
    private static Store openJdbc(DatabaseConfig config, String origin) {
        AsyncTrackLogger logger = AsyncTrackLogger.start(config, origin);
        try {
            StoreTarget target = logger.target();
            return new Store(logger, new Queries(TrackStore.open(target)));
        } catch (RuntimeException e) {
            logger.stop();
            throw e;
        }
    }

    /** Stored-track queries that close their store connection at the end of the run. */
    private record Queries(TrackStore store) implements StoredTracks, AutoCloseable {
        @Override
        public List<StoredTrack> query(TrackQuery q) {
            return store.query(q);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
