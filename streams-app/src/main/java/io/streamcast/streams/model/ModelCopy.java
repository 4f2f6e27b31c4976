package io.streamcast.streams.model;

import io.streamcast.core.model.ServingModel;

/**
 * A holder's own copy of the serving model: each stream task's forecaster and the REST queries hold one, and
 * take a new copy when the registry's current model changed. A kernel has scratch buffers (and a DL4J network
 * state) that one caller at a time may use, and a task runs on one stream thread at a time, so one copy per task,
 * not per thread, is what keeps it unshared. Not thread-safe: used by its task, or under its owner's lock.
 */
public final class ModelCopy {
    /** Told when this holder took a copy of a new model, and how long the copy took. */
    @FunctionalInterface
    public interface SwapListener {
        SwapListener NONE = (previous, now, nanos) -> { };

        void swapped(String previous, ServingModel now, long nanos);
    }

    private final ModelRegistry registry;
    private final SwapListener listener;
    private ServingModel copy;

    public ModelCopy(ModelRegistry registry, SwapListener listener) {
        this.registry = registry;
        this.listener = listener;
    }

    /** The current model as this thread's copy, or null while only the baseline serves. */
    public ServingModel current() {
        ServingModel latest = registry.current();
        if (latest == null) {
            copy = null;
            return null;
        }
        if (copy == null || copy.versionId() != latest.versionId()) {
            long start = System.nanoTime();
            String previous = copy == null ? "baseline" : copy.version();
            copy = latest.privateCopy();
            listener.swapped(previous, copy, System.nanoTime() - start);
        }
        return copy;
    }
}
