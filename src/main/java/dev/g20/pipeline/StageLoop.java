package dev.g20.pipeline;

import java.util.function.Consumer;

/**
 * The loop every consuming stage runs: take the next item from its queue and process it, until
 * the end marker arrives. After any stage failed, items are no longer processed but still
 * released, so the stages upstream keep moving and reach their own end markers.
 */
final class StageLoop {
    private static final long POLL_MS = 50;

    /** What a stage does with one item. */
    @FunctionalInterface
    interface Step<T> {
        void process(T item) throws Exception;
    }

    private StageLoop() {
    }

    /**
     * @param stage   the stage's name for the failure log ("detector")
     * @param release told about every item once processed or skipped (buffer recycling)
     * @return true when the end marker arrived, false when interrupted
     */
    static <T> boolean run(Handoff<T> in, T end, String stage, Step<T> step, Consumer<T> release, RunState state) {
        try {
            for (; ; ) {
                T item = in.poll(POLL_MS);
                if (item == null) continue;
                if (item == end) return true;
                try {
                    if (state.failure() == null) step.process(item);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Throwable t) {
                    state.fail(stage, t);
                } finally {
                    release.accept(item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** For stages whose items need no recycling. */
    static <T> void ignore(T item) {
    }
}
