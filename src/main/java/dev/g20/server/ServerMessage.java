package dev.g20.server;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.config.G20Config;
import dev.g20.pipeline.LatencyRecorder;
import dev.g20.pipeline.PipelineListener.ConfigChange;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import dev.g20.util.Errors;

import java.util.List;

/**
 * The JSON text messages of the WebSocket {@code /ws} (docs/protocol.md), one record each. Jackson
 * writes the record's {@code @JsonTypeName} first as {@code "type"}, then its components in order,
 * in snake_case. A new message is one more record here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public sealed interface ServerMessage {
    /** Bumped when a message layout changes incompatibly. */
    int PROTOCOL_VERSION = 1;

    /** First message to every client: what is running and how rows are reduced for display. */
    @JsonTypeName("hello")
    record Hello(int protocolVersion, String configHash, String colormap, int[] colormapRgb, int maxBins, double maxRowRate,
                 SourceSummary source, long lastFrameId, ConfigFiles config) implements ServerMessage {

        static Hello of(G20Config cfg, ServerOptions options, SourceSummary source, long lastFrameId) {
            String colormap = cfg.spectrogram().colormap();
            return new Hello(PROTOCOL_VERSION, cfg.spectrogram().hash(), colormap, rgbTable(colormap), options.maxBins(),
                    options.maxRowRate(), source, lastFrameId, ConfigFiles.of(cfg));
        }
    }

    /** The live tracks after one frame. */
    @JsonTypeName("tracks")
    record Tracks(long frameId, long timestampNs, String configHash, List<Track> tracks) implements ServerMessage {

        /** Copies {@code tracks}: the tracker reuses its list. */
        static Tracks of(SpectrogramFrame frame, List<Track> tracks) {
            return new Tracks(frame.frameId(), frame.timestampNs(), frame.configHash(), List.copyOf(tracks));
        }
    }

    /** Once a second to each client: pipeline and server figures, and this client's skipped rows. */
    @JsonTypeName("stats")
    record Stats(double framesPerSecond, double sourceSamplesPerSecond, long frames, long lastFrameId, int tracksActive,
                 int tracksConfirmed, long drops, double inferenceMsP50, double inferenceMsP99, double latencyMsP50,
                 double latencyMsP99, int clients, long rowsSkipped) implements ServerMessage {

        static Stats of(PipelineMetrics p, ServerMetrics server, long rowsSkipped) {
            LatencyRecorder.Snapshot inf = p.inference.snapshot();
            LatencyRecorder.Snapshot lat = p.endToEnd.snapshot();
            return new Stats(ProtocolJson.round(p.framesPerSecond()), ProtocolJson.round(p.sourceSamplesPerSecond()),
                    p.framesTracked.sum(), p.lastFrameId, p.tracksActive, p.tracksConfirmed,
                    p.totalDrops() + server.framesDropped.sum(), ProtocolJson.round(inf.p50Ms()), ProtocolJson.round(inf.p99Ms()),
                    ProtocolJson.round(lat.p50Ms()), ProtocolJson.round(lat.p99Ms()), server.clients.get(), rowsSkipped);
        }
    }

    /** A config file was changed through {@code PUT /api/config/{file}}. */
    @JsonTypeName("config")
    record Config(String file, String oldHash, String configHash, boolean applied, String colormap, int[] colormapRgb,
                  ConfigFiles config) implements ServerMessage {

        static Config of(ConfigChange change) {
            String colormap = change.config().spectrogram().colormap();
            return new Config(change.file().wireName(), change.oldHash(), change.newHash(), change.applied(), colormap,
                    rgbTable(colormap), ConfigFiles.of(change.config()));
        }
    }

    /** Sent before the next rows to a client that was skipped ahead. */
    @JsonTypeName("skipped")
    record Skipped(long rows, long totalRows) implements ServerMessage {
    }

    /** An emitter opened, changed (rate-limited by {@link EmitterFeed}) or closed. */
    @JsonTypeName("emitter")
    record EmitterEvent(EmitterFeed.Event event, dev.g20.emitter.Emitter emitter) implements ServerMessage {
    }

    /** The pipeline stopped. */
    @JsonTypeName("end")
    record End(String reason) implements ServerMessage {

        /** "source ended", or "failed: " and the failure's first line. */
        static End of(Throwable failure) {
            return new End(failure == null ? "source ended" : "failed: " + Errors.oneLine(failure));
        }
    }

    /** The colour map as 256 {@code 0xRRGGBB} ints, the table the backend uses for PNGs. */
    private static int[] rgbTable(String name) {
        Colormap cm = Colormap.of(name);
        int[] rgb = new int[256];
        for (int i = 0; i < 256; i++) rgb[i] = cm.rgb(i);
        return rgb;
    }
}
