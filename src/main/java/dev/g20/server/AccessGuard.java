package dev.g20.server;

import io.javalin.http.Context;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may reach the server and who may change its config (docs/protocol.md, Security): on
 * loopback only loopback Host names are answered (DNS rebinding), a config change from a page of
 * another origin is refused, and an exposed server wants the bearer token for every change.
 */
final class AccessGuard {
    private final ServerOptions options;

    AccessGuard(ServerOptions options) {
        this.options = options;
    }

    /**
     * Before every request and WebSocket upgrade: refuses (403) a Host that is not a loopback name
     * while bound to loopback, so a web page on another site cannot reach the API by rebinding its
     * name to 127.0.0.1.
     */
    void checkHost(Context ctx) {
        if (options.exposed()) return;
        String host = ctx.host();
        if (host == null) return;
        String h = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d+$", "");
        if (!(h.equalsIgnoreCase("localhost") || h.equals("[::1]") || h.startsWith("127."))) {
            ProtocolJson.respond(ctx, 403, new ApiResponse.ErrorBody("host '" + host + "' refused: this server answers loopback names only"));
            ctx.skipRemainingHandlers();
        }
    }

    /**
     * Answers a config change that may not be made (403 cross-origin, 401 without the token) and
     * returns true; returns false, answering nothing, when it may.
     */
    boolean refuseConfigChange(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.host())) {
            ProtocolJson.respond(ctx, 403, new ApiResponse.ErrorBody("cross-origin config change refused (Origin " + origin + ")"));
            return true;
        }
        if (!authorized(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer");
            ProtocolJson.respond(ctx, 401, new ApiResponse.ErrorBody(
                    "config changes need 'Authorization: Bearer <token>' (the token printed at start or given with --token)"));
            return true;
        }
        return false;
    }

    private boolean authorized(Context ctx) {
        if (!options.exposed()) return true;
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        // constant time: the comparison must not tell an attacker how much of the token was right
        return MessageDigest.isEqual(h.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                options.token().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI u = URI.create(origin);
            String authority = u.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
