package io.streamcast.trainer.service;

import java.time.Duration;

/**
 * When the trainer starts a round: the first once {@code minPoints} points are in; after that when
 * {@code everyPoints} new points arrived, or when {@code interval} passed with at least one new point, whichever
 * comes first. Time is passed in (monotonic nanoseconds), so the rule is tested without waiting. Not
 * thread-safe: the trainer's consumer thread asks.
 */
final class RetrainSchedule {
    private final long everyPoints;
    private final long intervalNanos;
    private final long minPoints;
    private long pointsAtLastRound;
    private long lastRoundNanos;
    private boolean startedOnce;

    RetrainSchedule(long everyPoints, Duration interval, long minPoints, long nowNanos) {
        this.everyPoints = everyPoints;
        this.intervalNanos = interval.toNanos();
        this.minPoints = minPoints;
        this.lastRoundNanos = nowNanos;
    }

    /**
     * Whether a round is due with {@code points} accepted so far; when it is, the round counts as started now.
     */
    boolean startIfDue(long points, long nowNanos) {
        long fresh = points - pointsAtLastRound;
        boolean due = !startedOnce || fresh >= everyPoints || (fresh > 0 && nowNanos - lastRoundNanos >= intervalNanos);
        if (points < minPoints || !due) {
            return false;
        }
        startedOnce = true;
        pointsAtLastRound = points;
        lastRoundNanos = nowNanos;
        return true;
    }
}
