package dev.g20.server;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.source.SourceInfo;

/** The source as hello and {@code /api/health} describe it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SourceSummary(String description, double centerFreqHz, double sampleRateHz, long startTimeNs, boolean live) {

    static SourceSummary of(SourceInfo info) {
        return new SourceSummary(info.description(), info.centerFreqHz(), info.sampleRateHz(), info.startTimeNs(), info.live());
    }
}
