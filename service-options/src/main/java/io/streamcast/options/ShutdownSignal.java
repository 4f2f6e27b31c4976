package io.streamcast.options;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A service's stop on SIGTERM (Kubernetes, docker stop, Ctrl-C) that lets it finish closing. The JVM halts as soon
 * as its shutdown hooks return, whatever the main thread is doing; a hook that only wakes the main thread therefore
 * lets the JVM halt in the middle of the close it started: Kafka Streams never sends its leave-group request, and
 * the group waits out the session timeout before the instance's partitions move (docs/kubernetes.md). Here the hook
 * wakes the main thread and then waits, up to {@code grace}, until {@link #close} says the service is closed.
 *
 * <pre>{@code
 * try (ShutdownSignal shutdown = ShutdownSignal.install("streams-app", grace);
 *      StreamsApp app = ...) {   // closed before the signal: resources close in reverse order
 *     app.start();
 *     shutdown.await();
 * }
 * }</pre>
 */
public final class ShutdownSignal implements AutoCloseable {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(String service, Duration grace) {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, service + "-shutdown");
    }

    /**
     * Registers the hook.
     *
     * @param grace how long a SIGTERM waits for the close before the JVM halts anyway; keep it below the
     *              orchestrator's own grace period (Kubernetes' {@code terminationGracePeriodSeconds})
     */
    public static ShutdownSignal install(String service, Duration grace) {
        ShutdownSignal signal = new ShutdownSignal(service, grace);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Blocks until the JVM is asked to stop. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** The service is closed: a pending SIGTERM may halt the JVM now. */
    @Override
    public void close() {
        closed.countDown();
        if (requested.getCount() > 0) { // closed for another reason (an error, --once): the hook is not needed
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutdown began meanwhile: the hook runs and returns at once
            }
        }
    }
}
