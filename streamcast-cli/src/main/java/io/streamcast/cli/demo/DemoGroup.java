package io.streamcast.cli.demo;

import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.trainer.service.TrainerService;
import java.nio.file.Path;
import java.util.List;

/**
 * One forecast group of the demo: its data and the topic it is replayed into, then (once the stack runs) the
 * group's served configuration, trainer, replayer and what came out of it. Without a deployment the demo has one
 * group, {@code default}, on the observations topic.
 */
final class DemoGroup {
    final String name;
    final String topic;
    final ForecastSettings settings;
    final List<Path> files;
    final List<ReplayRecords.Row> rows;
    final CsvSeries.Result valid;
    final DemoOutputs outputs;
    ForecastGroupConfig served;
    TrainerService trainer;
    Replayer replayer;

    DemoGroup(String name, String topic, ForecastSettings settings, List<Path> files, List<ReplayRecords.Row> rows,
              CsvSeries.Result valid) {
        this.name = name;
        this.topic = topic;
        this.settings = settings;
        this.files = List.copyOf(files);
        this.rows = rows;
        this.valid = valid;
        this.outputs = new DemoOutputs(valid.series(), settings);
    }

    /** Valid rows of the history half: the trainer's first round waits for them all. */
    long historyValid() {
        return DemoReplay.history(rows).stream().filter(ReplayRecords.Row::valid).count();
    }

    /**
     * About how long the live half takes at {@code speed}: its event time over the speed, each pause cut to the
     * replayer's longest ({@link Replayer#MAX_IDLE_NANOS}: files recorded months apart do not wait months).
     */
    double liveSeconds(double speed) {
        List<ReplayRecords.Row> live = rows.subList(DemoReplay.history(rows).size(), rows.size());
        double maxIdle = Replayer.MAX_IDLE_NANOS / 1e9;
        double seconds = 0;
        for (int i = 1; i < live.size(); i++) {
            long gap = live.get(i).timestampMillis() - live.get(i - 1).timestampMillis();
            seconds += Math.min(gap / 1000.0 / speed, maxIdle);
        }
        return seconds;
    }

    /** The speed at which the live half takes about {@code seconds} (bisection: the time falls as speed grows). */
    double speedLasting(double seconds) {
        double low = Math.log(1e-3);
        double high = Math.log(1e15);
        for (int i = 0; i < 80; i++) {
            double mid = (low + high) / 2;
            if (liveSeconds(Math.exp(mid)) > seconds) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return Math.exp(high);
    }

    /** The model serving now, as the trainer knows it ({@code baseline} before any). */
    String model() {
        return trainer == null || trainer.champion() == null ? "baseline" : trainer.champion().version();
    }
}
