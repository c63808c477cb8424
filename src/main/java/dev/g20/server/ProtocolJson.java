package dev.g20.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.g20.util.Json;
import io.javalin.http.Context;

/** How the server writes its JSON (docs/protocol.md): one mapper, numbers rounded as the protocol shows them. */
final class ProtocolJson {
    private static final ObjectWriter JSON = Json.JSON.writer().without(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ProtocolJson() {
    }

    /** {@code o} as compact JSON text. */
    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    /** Answers {@code ctx} with {@code body} as {@code application/json}. */
    static void respond(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    /** Rates, percentiles and uptimes go out with 3 decimals: more is noise to a viewer. */
    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
