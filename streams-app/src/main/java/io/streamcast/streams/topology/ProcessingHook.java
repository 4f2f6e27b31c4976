package io.streamcast.streams.topology;

/**
 * Code run by the forecaster just before it steps a key: a seam for fault-injection tests (an exception thrown
 * here must end as a {@code processing-error} dead letter while every other key goes on). Production runs
 * {@link #NONE}.
 */
@FunctionalInterface
public interface ProcessingHook {
    ProcessingHook NONE = seriesId -> {};

    void beforeStep(String seriesId);
}
