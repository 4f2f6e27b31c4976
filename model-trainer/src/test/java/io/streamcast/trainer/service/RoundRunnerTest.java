package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Groups' rounds on one shared thread: one at a time, a failure or a close of one group's leaves the others'. */
class RoundRunnerTest {
    @Test
    void aGroupsRoundThatThrowsDoesNotStopTheNextGroupsOnTheSharedThread() throws Exception {
        ExecutorService shared = Executors.newSingleThreadExecutor();
        try {
            RoundRunner failing = new RoundRunner(shared);
            RoundRunner next = new RoundRunner(shared);
            failing.submit(() -> {
                throw new IllegalStateException("this group's round fails");
            });
            failing.submit(() -> {
                throw new OutOfMemoryError("not even an error ends the thread");
            });
            CountDownLatch ran = new CountDownLatch(1);
            next.submit(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((failing.busy() || next.busy()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(failing.busy()).isFalse();
            assertThat(next.busy()).isFalse();
        } finally {
            shared.shutdownNow();
        }
    }

    @Test
    void aQueuedRoundIsBusyButNotRunningAndClosingOneGroupStopsOnlyItsRound() throws Exception {
        ExecutorService shared = Executors.newSingleThreadExecutor();
        try {
            RoundRunner first = new RoundRunner(shared);
            RoundRunner second = new RoundRunner(shared);
            CountDownLatch firstStarted = new CountDownLatch(1);
            AtomicBoolean firstInterrupted = new AtomicBoolean();
            first.submit(() -> {
                firstStarted.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    firstInterrupted.set(true);
                }
            });
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch secondRan = new CountDownLatch(1);
            second.submit(secondRan::countDown);
            // queued behind the first group's round: scheduled, so not scheduled again, but not training
            assertThat(second.busy()).isTrue();
            assertThat(second.running()).isFalse();
            assertThat(first.running()).isTrue();

            first.close(); // its group is closing: its round is interrupted and waited for
            assertThat(firstInterrupted).isTrue();
            assertThat(first.running()).isFalse();
            assertThat(secondRan.await(10, TimeUnit.SECONDS)).isTrue(); // the shared thread goes on
            assertThat(shared.isShutdown()).isFalse();
        } finally {
            shared.shutdownNow();
        }
    }
}
