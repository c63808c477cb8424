package dev.g20.store;

import dev.g20.config.ConfigException;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where tracks are stored, parsed from a connection string: {@code postgresql://user:pass@host[:port]/db}
 * (libpq URI style) or {@code sqlite:PATH}.
 */
public sealed interface StoreTarget {

    /** The connection string with any password masked, safe for logs and error messages. */
    String display();

    /**
     * A PostgreSQL server.
     *
     * @param params extra pgjdbc connection properties (from the URI's query, libpq names translated)
     */
    record Postgres(String host, int port, String database, String user, String password,
                    Map<String, String> params) implements StoreTarget {

        public Postgres {
            params = Map.copyOf(params);
        }

        /** The pgjdbc URL; user, password and parameters travel in {@link #properties()}. */
        public String jdbcUrl() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            // pgjdbc URL-decodes the database name (with '+' as space), so encode it the same way.
            return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        }

        public Properties properties() {
            Properties p = new Properties();
            p.putAll(params);
            p.setProperty("user", user);
            if (password != null) p.setProperty("password", password);
            // Without these a dead server or a stalled socket could hold the writer (and stop()) forever.
            p.putIfAbsent("connectTimeout", "5");
            p.putIfAbsent("socketTimeout", "30");
            p.putIfAbsent("ApplicationName", "g20");
            return p;
        }

        /** The same server, another database (tests and benches create their own). */
        public Postgres withDatabase(String db) {
            return new Postgres(host, port, db, user, password, params);
        }

        @Override
        public String display() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "postgresql://" + user + (password != null ? ":***" : "") + "@" + h + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return display();
        }
    }

    /** An embedded SQLite file (absolute path). */
    record Sqlite(Path path) implements StoreTarget {
        public String jdbcUrl() {
            return "jdbc:sqlite:" + path;
        }

        @Override
        public String display() {
            return "sqlite:" + path;
        }
    }

    /**
     * Parses a connection string. {@code origin} names where it came from (e.g. {@code "--db"} or
     * {@code "config/database.yaml: key 'connection_string'"}) and starts every error message.
     *
     * @throws ConfigException one line naming origin and the bad part
     */
    static StoreTarget parse(String value, String origin) {
        if (value == null || value.isBlank()) throw new ConfigException(origin + ": empty connection string");
        String v = value.strip();
        if (v.startsWith("sqlite:")) return parseSqlite(v, origin);
        if (v.startsWith("postgresql://") || v.startsWith("postgres://")) return parsePostgres(v, origin);
        throw new ConfigException(origin + ": must be postgresql://user:pass@host[:port]/db or sqlite:PATH, got '"
                + mask(v) + "'");
    }

    private static StoreTarget parseSqlite(String v, String origin) {
        String p = v.substring("sqlite:".length());
        if (p.startsWith("//")) p = p.substring(2); // tolerate sqlite://PATH
        if (p.isEmpty()) throw new ConfigException(origin + ": sqlite: needs a file path, e.g. sqlite:g20-tracks.db");
        try {
            return new Sqlite(Path.of(p).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new ConfigException(origin + ": bad sqlite path '" + p + "' (" + e.getReason() + ")");
        }
    }

    private static StoreTarget parsePostgres(String v, String origin) {
        String shown = mask(v);
        String rest = v.substring(v.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, "user name", origin, shown);
            if (colon >= 0) password = decode(userInfo.substring(colon + 1), "password", origin, shown);
            if (user.isEmpty()) user = null;
        }
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw new ConfigException(origin + ": unclosed '[' in host of '" + shown + "'");
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) throw new ConfigException(origin + ": bad host '" + rest + "' in '" + shown + "'");
                portText = after.substring(1);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            if (colon >= 0) portText = rest.substring(colon + 1);
            host = decode(host, "host", origin, shown);
        }
        if (host.contains(",")) throw new ConfigException(origin + ": several hosts are not supported, got '" + host + "' in '" + shown + "'");
        if (host.startsWith("/")) throw new ConfigException(origin + ": Unix-socket hosts are not supported, use host[:port] in '" + shown + "'");
        if (host.isEmpty()) host = "localhost";
        int port = 5432;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) throw new ConfigException(origin + ": bad port '" + portText + "' in '" + shown + "' (1..65535)");
        }
        String db = path == null ? "" : decode(path, "database name", origin, shown);
        if (db.contains("/")) throw new ConfigException(origin + ": bad database name '" + db + "' in '" + shown + "'");
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new ConfigException(origin + ": bad parameter '" + kv + "' in '" + shown + "' (want key=value)");
                String k = decode(kv.substring(0, eq), "parameter name", origin, shown);
                String val = decode(kv.substring(eq + 1), "parameter '" + k + "'", origin, shown);
                switch (k) {
                    case "user" -> user = val;
                    case "password" -> password = val;
                    case "dbname" -> db = val;
                    case "host" -> host = val;
                    case "port" -> {
                        try {
                            port = Integer.parseInt(val);
                        } catch (NumberFormatException e) {
                            throw new ConfigException(origin + ": bad port '" + val + "' in '" + shown + "'");
                        }
                    }
                    // libpq names that pgjdbc spells differently; anything else passes through to pgjdbc.
                    case "connect_timeout" -> params.put("connectTimeout", val);
                    case "application_name" -> params.put("ApplicationName", val);
                    default -> params.put(k, val);
                }
            }
        }
        if (user == null) user = System.getProperty("user.name", "postgres"); // libpq's default: the OS user
        if (db.isEmpty()) db = user; // libpq's default: the user name
        return new Postgres(host, port, db, user, password, params);
    }

    /** libpq URIs percent-decode each part; '+' stays '+' (unlike form encoding). */
    private static String decode(String s, String what, String origin, String shown) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new ConfigException(origin + ": bad percent-escape in " + what + " of '" + shown + "' (use %XX, e.g. %40 for @)");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Replaces the password of a postgresql:// string with *** (best effort, also for malformed ones). */
    static String mask(String v) {
        int scheme = v.indexOf("://");
        if (scheme < 0) return v;
        int end = v.indexOf('/', scheme + 3);
        int q = v.indexOf('?', scheme + 3);
        if (end < 0 || (q >= 0 && q < end)) end = q >= 0 ? q : v.length();
        int at = v.lastIndexOf('@', end - 1);
        if (at < scheme) return maskQueryPassword(v);
        int colon = v.indexOf(':', scheme + 3);
        String masked = colon >= 0 && colon < at ? v.substring(0, colon + 1) + "***" + v.substring(at) : v;
        return maskQueryPassword(masked);
    }

    private static String maskQueryPassword(String v) {
        return v.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    /** Lower-case scheme name for messages ("postgresql" or "sqlite"). */
    default String kind() {
        return switch (this) {
            case Postgres p -> "postgresql";
            case Sqlite s -> "sqlite";
        };
    }
}
