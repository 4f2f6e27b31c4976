package io.streamcast.cli.demo;

import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.replay.Speed;
import io.streamcast.trainer.service.TrainerService;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How the demo sends its rows: the first half at full speed as recorded history; once the trainer has decided on
 * it, the rest live at {@code --speed}. At max speed the live half would be in within a second, before a round on
 * any of it could end, and the demo would show one round only: it goes in {@link #MAX_SPEED_SLICES} slices
 * instead, each once the trainer has decided on the rows before it, so rounds see a growing history and what one
 * promotes serves the slices after it. Every wait takes at most 2/5 of the time left (3/4 at max speed, where
 * sending a slice takes seconds), so the rows still to send always get the rest.
 *
 * <p>Three slices, not more: with the default 30 s rounds, the contract check's 150 s max-speed demo (ec2 + rds)
 * had its fourth round still training when the data ran out, so what decided the last slice's model was the
 * round on 75 % of the data; with three, the last round sees 83 % (docs/accuracy.md).
 */
final class DemoReplay {
    static final int MAX_SPEED_SLICES = 3;

    private final Replayer replayer;
    private final TrainerService trainer;
    private final long deadline;
    private final Consumer<String> say;
    private final String prefix;

    /**
     * @param deadline System.nanoTime() by which every row must have been sent
     * @param prefix   starts each line said: {@code "demo: "}, or with the group's name
     */
    DemoReplay(Replayer replayer, TrainerService trainer, long deadline, Consumer<String> say, String prefix) {
        this.replayer = replayer;
        this.trainer = trainer;
        this.deadline = deadline;
        this.say = say;
        this.prefix = prefix;
    }

    /** The rows sent as recorded history, before the trainer's first round: the first half. */
    static List<ReplayRecords.Row> history(List<ReplayRecords.Row> rows) {
        return rows.subList(0, rows.size() / 2);
    }

    /** The fewest valid rows in one of the max-speed slices of {@code rows} (at least 1). */
    static long smallestSliceValid(List<ReplayRecords.Row> rows) {
        long smallest = Long.MAX_VALUE;
        int historyRows = history(rows).size();
        for (int k = 1, from = historyRows; k <= MAX_SPEED_SLICES; k++) {
            int to = sliceEnd(historyRows, rows.size(), k, MAX_SPEED_SLICES);
            smallest = Math.min(smallest, rows.subList(from, to).stream().filter(ReplayRecords.Row::valid).count());
            from = to;
        }
        return Math.max(1, smallest);
    }

    /** Where slice k (1-based) of {@code slices} of the live rows [historyRows, total) ends. */
    private static int sliceEnd(int historyRows, int total, int k, int slices) {
        return historyRows + (int) ((long) (total - historyRows) * k / slices);
    }

    /**
     * Sends every row, as above; {@code stop} ends sending early (the demo's time is up).
     *
     * @param liveSpeed the live half's speed ({@link Speed#parse}: 0 = max), {@code speed} as said
     */
    void send(List<ReplayRecords.Row> rows, double liveSpeed, String speed, BooleanSupplier stop)
            throws InterruptedException {
        int historyRows = history(rows).size();
        say.accept(String.format("%sreplaying the first %d rows as history (max speed)", prefix, historyRows));
        replayer.send(rows, 0, historyRows, 0, 0, stop, null);
        double waitShare = liveSpeed == 0 ? 0.75 : 0.4;
        awaitDecision(0, waitShare);
        int slices = liveSpeed == 0 ? MAX_SPEED_SLICES : 1;
        say.accept(String.format("%sreplaying the remaining %d rows live at %s%s", prefix, rows.size() - historyRows,
                speed, slices > 1 ? " in " + slices + " slices, each once the trainer has decided on the rows "
                        + "before it" : ""));
        for (int k = 1, from = historyRows; k <= slices; k++) {
            if (k > 1) {
                awaitDecision(trainer.decisions().size(), waitShare);
            }
            int to = sliceEnd(historyRows, rows.size(), k, slices);
            replayer.send(rows, from, to, liveSpeed, 0, stop, null);
            from = to;
        }
    }

    /** Waits until the trainer has made more than {@code seen} decisions, for at most {@code share} of the time left. */
    private void awaitDecision(int seen, double share) throws InterruptedException {
        long waitUntil = Math.min(deadline, System.nanoTime() + (long) ((deadline - System.nanoTime()) * share));
        while (trainer.decisions().size() <= seen && System.nanoTime() < waitUntil) {
            Thread.sleep(200);
        }
    }
}
