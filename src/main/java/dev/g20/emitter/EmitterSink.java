package dev.g20.emitter;

/** Receives emitter snapshots as they open, change and close; must return at once. */
public interface EmitterSink {
    void onEmitter(Emitter emitter);
}
