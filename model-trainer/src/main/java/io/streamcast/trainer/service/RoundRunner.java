package io.streamcast.trainer.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Where one trainer's rounds run, one at a time, so that consuming the history never waits for training: a thread
 * of its own, or the thread a deployment's groups share ({@link TrainerGroups}). Shared, because rounds are
 * CPU-bound and bounded by wall-clock time: two groups' rounds at once would each get about half the CPU within
 * the same budget, i.e. worse models; queued, each gets the whole of it. A round that throws ends only itself: the
 * thread (a future captures the throwable) goes on with the next group's.
 */
final class RoundRunner implements AutoCloseable {
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final ExecutorService thread;
    private final boolean owned;
    /** Scheduled (perhaps queued behind another group's round) or running; null before the first. */
    private volatile Future<?> scheduled;
    private volatile boolean running;

    /** @param shared the thread shared by a deployment's groups (shut down by its owner), or null for one's own */
    RoundRunner(ExecutorService shared) {
        this.owned = shared == null;
        this.thread = shared != null ? shared : Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-training"));
    }

    /** Whether a round is scheduled or running: the next is not scheduled before it ends. */
    boolean busy() {
        Future<?> f = scheduled;
        return f != null && !f.isDone();
    }

    /** Whether a round is running now (not merely queued). */
    boolean running() {
        return running;
    }

    void submit(Runnable round) {
        scheduled = thread.submit(() -> {
            running = true;
            try {
                round.run();
            } finally {
                running = false;
            }
        });
    }

    /**
     * Stops this trainer's round: its own thread shut down (interrupting the round), or on a shared thread its
     * round cancelled (interrupted) and waited for, leaving the other groups' rounds alone.
     */
    @Override
    public void close() {
        try {
            if (owned) {
                thread.shutdownNow();
                thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                return;
            }
            Future<?> f = scheduled;
            if (f == null) {
                return;
            }
            f.cancel(true);
            // a cancelled future is done at once, not when the thread has left the round: wait for that too
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
            while (running && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
