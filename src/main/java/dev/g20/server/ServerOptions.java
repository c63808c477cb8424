package dev.g20.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * How the live server listens.
 *
 * @param bind              address to bind (127.0.0.1 by default)
 * @param port              TCP port; 0 picks a free one
 * @param exposed           true when reachable from other machines: config changes then need the token
 * @param token             bearer token for config changes when exposed (never null when exposed)
 * @param maxBins           waterfall bins sent per row at most (max-hold decimation)
 * @param maxRowRate        waterfall display rows per second of signal at most (max-hold decimation)
 * @param clientQueueFrames frames a client may fall behind before it is skipped ahead
 */
public record ServerOptions(String bind, int port, boolean exposed, String token, int maxBins, double maxRowRate,
                            int clientQueueFrames) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ServerOptions {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        if (exposed && (token == null || token.isBlank())) throw new IllegalArgumentException("an exposed server needs a token");
        if (clientQueueFrames < 1) throw new IllegalArgumentException("clientQueueFrames must be >= 1");
    }

    /**
     * Options for {@code bind}:{@code port}; a non-loopback bind is exposed and gets {@code token},
     * or a generated one when null.
     */
    public static ServerOptions of(String bind, int port, String token) {
        boolean exposed = !isLoopback(bind);
        String t = token != null ? token : exposed ? generateToken() : null;
        return new ServerOptions(bind, port, exposed, t, 1024, 100, 16);
    }

    public ServerOptions withDisplay(int bins, double rowRate) {
        return new ServerOptions(bind, port, exposed, token, bins, rowRate, clientQueueFrames);
    }

    public ServerOptions withClientQueueFrames(int frames) {
        return new ServerOptions(bind, port, exposed, token, maxBins, maxRowRate, frames);
    }

    /** Marks the server exposed (token required) whatever it binds to; tests use it on loopback. */
    public ServerOptions exposedWithToken(String t) {
        return new ServerOptions(bind, port, true, t, maxBins, maxRowRate, clientQueueFrames);
    }

    /** True for 127.0.0.0/8, ::1 and "localhost"; a wildcard or any other address is exposed. */
    public static boolean isLoopback(String bind) {
        if (bind.equalsIgnoreCase("localhost")) return true;
        try {
            InetAddress a = InetAddress.getByName(bind);
            return a.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** 32 random bytes, URL-safe base64. */
    public static String generateToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
