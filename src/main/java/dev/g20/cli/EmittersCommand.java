package dev.g20.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.g20.emitter.Emitter;
import dev.g20.store.EmitterFilters;
import dev.g20.store.EmitterQuery;
import dev.g20.store.EmitterStore;
import dev.g20.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** `g20 emitters`: the stored emitters, filtered by time, band, class and state. */
@Command(name = "emitters", mixinStandardHelpOptions = true,
        description = "List stored emitters (transmitters over time): what, where in frequency, when, how long, how often.")
public final class EmittersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "URL", description = "postgresql://user:pass@host[:port]/db or sqlite:PATH (default: connection_string of config/database.yaml)")
    String db;

    @Option(names = "--config", paramLabel = "DIR", description = "config directory (default: the G20 home's config/)")
    Path configDir;

    @Option(names = "--since", paramLabel = "T", description = "seen at or after T: a duration before now (10m, 24h, 7d), an ISO-8601 instant or ns since the epoch")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "seen at or before T (same forms as --since)")
    String until;

    @Option(names = "--band", paramLabel = "LO:HI", description = "occupying part of this band, in Hz (e.g. 433.0e6:434.8e6)")
    String band;

    @Option(names = "--class", paramLabel = "NAME", description = "only this class (e.g. fsk)")
    String className;

    @Option(names = "--active", description = "only emitters still active")
    boolean active;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N emitters (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print JSON (an array of emitter records) instead of a table")
    boolean json;

    @Override
    public void run() {
        EmitterQuery q;
        try {
            q = EmitterFilters.parse(since, until, band, className, active, limit, Clock.systemUTC(), EmitterFilters.Names.CLI);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        List<Emitter> rows;
        try (EmitterStore store = EmitterStore.open(TracksCommand.target(db, configDir))) {
            rows = store.query(q);
        } catch (StoreException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            printTable(out, rows);
            if (rows.size() == limit) out.println("(first " + limit + " emitters; --limit N shows more)");
        }
        out.flush();
    }

    static void printTable(PrintWriter out, List<Emitter> rows) {
        if (rows.isEmpty()) {
            out.println("no stored emitters match");
            return;
        }
        String fmt = "%8s  %-8s %-7s %12s %10s  %-20s %-20s %9s %6s %5s %6s%n";
        out.printf(Locale.ROOT, fmt, "id", "class", "state", "MHz", "BW_kHz", "first seen (UTC)", "last seen (UTC)",
                "duration", "bursts", "duty", "SNR_dB");
        for (Emitter e : rows) {
            out.printf(Locale.ROOT, fmt, e.emitterId(), cut(e.className(), 8), e.state() == null ? "-" : e.state().wireName(),
                    String.format(Locale.ROOT, "%.6f", e.freqCenterHz() / 1e6), String.format(Locale.ROOT, "%.3f", e.bandwidthHz() / 1e3),
                    time(e.firstSeenNs()), time(e.lastSeenNs()), duration((e.lastSeenNs() - e.firstSeenNs()) / 1e9), e.bursts(),
                    String.format(Locale.ROOT, "%.2f", e.dutyCycle()), String.format(Locale.ROOT, "%.1f", e.snrDbMean()));
        }
    }

    /** Seconds as 12.3s, 4m05s or 2h03m. */
    static String duration(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.1fs", s);
        long t = Math.round(s);
        if (t < 3600) return String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
        return String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60);
    }

    /** Tenths of a second are enough for a table; JSON keeps the exact ns. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.S'Z'").withZone(ZoneOffset.UTC);

    private static String time(long ns) {
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)));
    }

    private static String cut(String s, int n) {
        if (s == null) return "-";
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
