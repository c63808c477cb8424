package dev.g20.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.store.StoredTrack;

import java.util.Locale;
import java.util.Map;
import java.util.List;

/**
 * The JSON bodies of the REST API (docs/protocol.md), one record each, components in the order
 * written and in snake_case. (A config file's own object, {@code GET /api/config/{file}}, is the
 * file's keys as {@link ConfigJson} builds them.)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public sealed interface ApiResponse {

    /** Every 4xx / 5xx: one line naming the file, key or parameter. */
    record ErrorBody(String error) implements ApiResponse {
    }

    /** {@code GET /api/config}: the spectrogram config hash, then the four files at the top level. */
    record ConfigDocument(String configHash, @JsonUnwrapped ConfigFiles files) implements ApiResponse {
    }

    /** {@code PUT /api/config/{file}} accepted: the hashes around the change and the file as now in force. */
    record ConfigApplied(String file, String oldHash, String configHash, boolean applied, Map<String, Object> config)
            implements ApiResponse {
    }

    /** {@code GET /api/tracks}: the stored rows found, at most {@code limit}. */
    record TrackRows(int count, int limit, List<StoredTrack> tracks) implements ApiResponse {
    }

    /** {@code GET /api/health}; {@code reason} only once the run ended or failed. */
    record Health(HealthStatus status, @JsonInclude(JsonInclude.Include.NON_NULL) String reason, double uptimeS,
                  String configHash, SourceSummary source, long frames, long lastFrameId, int tracksActive, long drops,
                  int clients, int protocolVersion) implements ApiResponse {
    }

    /** What {@code GET /api/health} says of the run. */
    enum HealthStatus {
        RUNNING, ENDED, FAILED;

        /** From the end reason: null while running, "failed: ..." when a stage failed. */
        static HealthStatus of(String endReason) {
            return endReason == null ? RUNNING : endReason.startsWith("failed") ? FAILED : ENDED;
        }

        @JsonValue
        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
