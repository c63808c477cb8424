package dev.g20.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.store.EmitterFilters;
import dev.g20.emitter.Emitter;
import dev.g20.store.EmitterQuery;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code GET /api/emitters}: stored emitters with the filters of {@code g20 emitters} as query
 * parameters ({@code since}, {@code until}, {@code band}, {@code class}, {@code active},
 * {@code limit}). Registered on the live server with {@link LiveServer#addRoutes}.
 */
public final class EmitterRoutes implements Consumer<Javalin> {
    private static final int MAX_EMITTERS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<EmitterQuery, List<Emitter>> store;
    private final Clock clock;

    /** @param store emitter queries ({@code EmitterStore::query}), or null when this run has no store (503) */
    public EmitterRoutes(Function<EmitterQuery, List<Emitter>> store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void accept(Javalin app) {
        app.get("/api/emitters", this::get);
    }

    private void get(Context ctx) {
        if (store == null) {
            respond(ctx, 503, Map.of("error", "no emitter store in this run"));
            return;
        }
        EmitterQuery q;
        try {
            String limit = ctx.queryParam("limit");
            Integer n = null;
            if (limit != null && !limit.isBlank()) {
                try {
                    n = Math.clamp(Long.parseLong(limit.strip()), Integer.MIN_VALUE, MAX_EMITTERS);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("limit: must be an integer, got '" + limit + "'");
                }
            }
            q = EmitterFilters.parse(blankToNull(ctx.queryParam("since")), blankToNull(ctx.queryParam("until")),
                    blankToNull(ctx.queryParam("band")), blankToNull(ctx.queryParam("class")), active(ctx.queryParam("active")),
                    n, clock, EmitterFilters.Names.REST);
        } catch (IllegalArgumentException e) {
            respond(ctx, 400, Map.of("error", e.getMessage()));
            return;
        }
        List<Emitter> rows = store.apply(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", rows.size());
        body.put("limit", q.limit());
        body.put("emitters", rows);
        respond(ctx, 200, body);
    }

    private static boolean active(String v) {
        if (v == null || v.isBlank()) return false;
        return switch (v.strip()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("active: must be true or false, got '" + v + "'");
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void respond(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
