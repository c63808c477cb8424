package dev.g20.pipeline;

import dev.g20.config.ConfigException;
import dev.g20.source.SourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether a run should stop, and the first failure of any stage: every stage thread reads it, the
 * first failure wins and stops the source, so the stages then drain what is queued.
 */
final class RunState {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LongAdder stageErrors;
    private volatile boolean stopRequested;

    /** @param stageErrors counted once per failure */
    RunState(LongAdder stageErrors) {
        this.stageErrors = stageErrors;
    }

    void requestStop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** The exception that stopped a stage, or null. */
    Throwable failure() {
        return failure.get();
    }

    /** Records a stage's failure (the first one is kept), stops the source, logs one line for user errors. */
    void fail(String stage, Throwable t) {
        stageErrors.increment();
        failure.compareAndSet(null, t);
        stopRequested = true;
        if (t instanceof SourceException || t instanceof ConfigException) {
            LOG.error("{} stage stopped: {}", stage, t.getMessage());
        } else {
            LOG.error("{} stage failed", stage, t);
        }
    }
}
