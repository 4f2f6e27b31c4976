package io.streamcast.streams.model;

import io.streamcast.core.model.ServingModel;

/**
 * One thread's own copy of the serving model (a kernel is never shared between threads): a stream task's
 * forecaster and the REST queries each hold one, and take a new copy when the registry's current model changed.
 * Not thread-safe: one per thread (or used under its owner's lock).
 */
public final class ThreadModel {
    /** Told when this holder took a copy of a new model, and how long the copy took. */
    @FunctionalInterface
    public interface SwapListener {
        SwapListener NONE = (previous, now, nanos) -> { };

        void swapped(String previous, ServingModel now, long nanos);
    }

    private final ModelRegistry registry;
    private final SwapListener listener;
    private ServingModel copy;

    public ThreadModel(ModelRegistry registry, SwapListener listener) {
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
            copy = latest.copyForThread();
            listener.swapped(previous, copy, System.nanoTime() - start);
        }
        return copy;
    }
}
