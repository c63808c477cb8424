package dev.g20.cli;

import dev.g20.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.g20.config.G20Config;
import dev.g20.detect.Box;
import dev.g20.store.StoreException;
import dev.g20.store.StoreTarget;
import dev.g20.store.StoredTrack;
import dev.g20.store.TrackQuery;
import dev.g20.store.TrackStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** `g20 tracks`: query stored tracks by frame range, time range or track id. */
@Command(name = "tracks", mixinStandardHelpOptions = true, description = "Query stored tracks by frame range, time range or track id.")
public final class TracksCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "URL", description = "postgresql://user:pass@host[:port]/db or sqlite:PATH (default: connection_string of config/database.yaml)")
    String db;

    @Option(names = "--config", paramLabel = "DIR", description = "config directory (default: the G20 home's config/)")
    Path configDir;

    @Option(names = "--frames", paramLabel = "A:B", description = "frame id range, inclusive; A:, :B or a single frame A")
    String frames;

    @Option(names = "--time", paramLabel = "T1:T2", description = "timestamp range, inclusive: nanoseconds since the epoch or ISO-8601 instants (2024-05-01T12:00:00Z); open ends allowed")
    String time;

    @Option(names = "--track", paramLabel = "ID", description = "only this track id")
    Long trackId;

    @Option(names = "--emitter", paramLabel = "ID", description = "only the tracks of this stored emitter")
    Long emitterId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N rows (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print JSON (an array of rows) instead of a table")
    boolean json;

    @Override
    public void run() {
        if (limit < 1) throw new UserError("--limit: must be >= 1, got " + limit);
        TrackQuery q = TrackQuery.all().withLimit(limit).withTrack(trackId);
        if (frames != null) {
            long[] r = range(frames, "--frames", false);
            q = q.withFrames(r[0] == Long.MIN_VALUE ? null : r[0], r[1] == Long.MAX_VALUE ? null : r[1]);
        }
        if (time != null) {
            long[] r = range(time, "--time", true);
            q = q.withTime(r[0] == Long.MIN_VALUE ? null : r[0], r[1] == Long.MAX_VALUE ? null : r[1]);
        }
        StoreTarget target = target(db, configDir);
        List<StoredTrack> rows;
        try (TrackStore store = TrackStore.open(target)) {
            rows = emitterId == null ? store.query(q) : EmitterTracks.query(target, store, emitterId, q);
        } catch (StoreException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(Json.PRETTY.writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            printTable(out, rows);
            if (rows.size() == limit) out.println("(first " + limit + " rows; --limit N shows more)");
        }
        out.flush();
    }

    /** The store named by --db, else database.yaml's connection string. */
    static StoreTarget target(String db, Path configDir) {
        if (db != null) return StoreTarget.parse(db, "--db");
        G20Config config;
        Path dir;
        if (configDir != null) {
            config = G20Config.load(configDir);
            dir = configDir;
        } else {
            config = G20Config.loadDefault();
            String home = System.getenv("G20_HOME");
            dir = home != null ? Path.of(home, "config") : Path.of("config");
        }
        return StoreTarget.parse(config.database().connectionString(), dir.resolve("database.yaml") + ": key 'connection_string'");
    }

    /** "A:B", "A:", ":B" or "A"; open ends as Long.MIN_VALUE / MAX_VALUE. */
    static long[] range(String text, String option, boolean times) {
        String s = text.strip();
        int colon = times ? timeColon(s) : s.indexOf(':');
        String a = colon < 0 ? s : s.substring(0, colon).strip();
        String b = colon < 0 ? s : s.substring(colon + 1).strip();
        long from = a.isEmpty() ? Long.MIN_VALUE : value(a, option, times);
        long to = b.isEmpty() ? Long.MAX_VALUE : value(b, option, times);
        if (a.isEmpty() && b.isEmpty()) throw new UserError(option + ": empty range '" + text + "' (want A:B, A:, :B or A)");
        if (from > to) throw new UserError(option + ": range '" + text + "' is empty (start after end)");
        return new long[] {from, to};
    }

    /** The range separator: ISO instants contain ':' themselves, so split at the ':' that is not inside one. */
    private static int timeColon(String s) {
        // An instant's colons come after a 'T'; the separator is the colon right before a new value or an end.
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != ':') continue;
            String left = s.substring(0, i).strip();
            String right = s.substring(i + 1).strip();
            if ((left.isEmpty() || parses(left)) && (right.isEmpty() || parses(right))) return i;
        }
        return -1;
    }

    private static boolean parses(String v) {
        try {
            timeValue(v);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long value(String v, String option, boolean times) {
        try {
            return times ? timeValue(v) : Long.parseLong(v);
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new UserError(option + ": bad " + (times ? "time" : "frame id") + " '" + v + "'"
                    + (times ? " (want nanoseconds since the epoch or an ISO-8601 instant like 2024-05-01T12:00:00Z)" : " (want an integer)"));
        }
    }

    private static long timeValue(String v) {
        if (v.matches("-?\\d+")) return Long.parseLong(v);
        Instant t = Instant.parse(v);
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static void printTable(PrintWriter out, List<StoredTrack> rows) {
        if (rows.isEmpty()) {
            out.println("no stored tracks match");
            return;
        }
        String fmt = "%8s %10s %-24s %-14s %5s %-10s %14s %10s %-10s %5s  %s%n";
        out.printf(Locale.ROOT, fmt, "track", "frame", "time (UTC)", "class", "conf", "state", "f_center_MHz", "bw_kHz",
                "motion", "hits", "box [x1 y1 x2 y2]");
        for (StoredTrack r : rows) {
            out.printf(Locale.ROOT, fmt, r.trackId(), r.frameId(), time(r.timestampNs()), cut(r.className(), 14),
                    String.format(Locale.ROOT, "%.2f", r.confidence()), cut(r.state().wireName(), 10),
                    String.format(Locale.ROOT, "%.6f", r.freqCenterHz() / 1e6),
                    String.format(Locale.ROOT, "%.3f", r.freqBandwidthHz() / 1e3), cut(r.motionMode() == null ? null : r.motionMode().wireName(), 10), r.hits(),
                    box(r.displayBox()));
        }
    }

    private static String time(long ns) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
        String s = t.toString();
        // Milliseconds are enough for a table; JSON keeps the exact timestamp_ns.
        int dot = s.indexOf('.');
        return dot >= 0 && s.length() > dot + 4 ? s.substring(0, dot + 4) + "Z" : s;
    }

    private static String cut(String s, int n) {
        if (s == null) return "-";
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    private static String box(Box b) {
        if (b == null) return "-";
        return String.format(Locale.ROOT, "%.4f %.4f %.4f %.4f", b.x1(), b.y1(), b.x2(), b.y2());
    }
}
