package dev.g20.emitter;

import dev.g20.pipeline.PipelineListener;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;

import java.util.List;

/**
 * The emitter layer as a pipeline listener: feeds every frame's tracks to an {@link EmitterBuilder}
 * on the tracker thread and closes all emitters when the pipeline ends. Adding it to a pipeline is
 * all the wiring the emitter layer needs.
 */
public final class EmitterStage implements PipelineListener {
    private final EmitterBuilder builder;

    public EmitterStage(EmitterBuilder builder) {
        this.builder = builder;
    }

    public EmitterBuilder builder() {
        return builder;
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
        builder.update(tracks, frame);
    }

    @Override
    public void onEnd(Throwable failure) {
        builder.closeAll();
    }
}
