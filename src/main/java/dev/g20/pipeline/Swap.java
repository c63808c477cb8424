package dev.g20.pipeline;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A replacement part (a spectrogram config, a detector, a tracker) handed from the thread that
 * accepted a config change to the stage thread that uses the part, which takes it at a frame
 * boundary. Only the latest offer counts: one that is superseded before it was taken is
 * discarded (a detector is closed), so no part is ever leaked or used by two threads.
 */
final class Swap<T> {
    private record Pending<T>(T part, String forHash) {
    }

    private final AtomicReference<Pending<T>> pending = new AtomicReference<>();
    private final Consumer<? super T> discard;

    /** @param discard what becomes of a part that is never taken (e.g. {@code Detector::close}) */
    Swap(Consumer<? super T> discard) {
        this.discard = discard;
    }

    /** A swap whose untaken parts need no cleanup (configs, trackers). */
    static <T> Swap<T> plain() {
        return new Swap<>(part -> {
        });
    }

    /** Offers {@code part} for the next frame. */
    void offer(T part) {
        offer(part, null);
    }

    /** Offers {@code part} for the first frame made with spectrogram config {@code forHash} (null: the next frame). */
    void offer(T part, String forHash) {
        Pending<T> previous = pending.getAndSet(new Pending<>(part, forHash));
        if (previous != null) discard.accept(previous.part());
    }

    /** The part offered for a frame of {@code frameHash}, now owned by the caller, or null (allocates nothing). */
    T take(String frameHash) {
        Pending<T> p = pending.get();
        if (p == null || (p.forHash() != null && !p.forHash().equals(frameHash))) return null;
        return pending.compareAndSet(p, null) ? p.part() : null;
    }

    /** Drops what is pending (the stage already uses the latest, or the pipeline closed). */
    void clear() {
        Pending<T> p = pending.getAndSet(null);
        if (p != null) discard.accept(p.part());
    }
}
