package io.streamcast.cli.demo;

import io.streamcast.cli.evaluate.PlotSeries;
import io.streamcast.cli.evaluate.RollingProtocol;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.SeriesHistory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the demo reads back from streams-app's outputs: forecasts and dead letters counted (two terms of the count
 * identity), the model versions seen, every forecast scored against the replayed data ({@link RollingProtocol}),
 * and the step-1 forecasts of the first three series for the plot. Fed on the output follower's thread; read
 * once that has stopped, except the counts.
 */
final class DemoOutputs {
    static final int PLOTTED_POINTS = 240;
    private final RollingProtocol scorer;
    private final Map<String, Integer> seriesIndex = new HashMap<>();
    private final List<Map<Long, Integer>> originIndex = new ArrayList<>();
    /** The step-1 forecasts of the last {@link #PLOTTED_POINTS} points of up to 3 series. */
    private final List<PlotSeries.Builder> plotted = new ArrayList<>();
    private final AtomicLong forecasts = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Set<String> versions = Collections.synchronizedSet(new LinkedHashSet<>());

    DemoOutputs(List<SeriesHistory> series, ForecastSettings settings) {
        this.scorer = new RollingProtocol(series, settings.horizon(), settings.season());
        for (int i = 0; i < series.size(); i++) {
            seriesIndex.put(series.get(i).seriesId(), i);
            Map<Long, Integer> byTime = new HashMap<>();
            long[] ts = series.get(i).timestamps();
            for (int t = 0; t < ts.length; t++) {
                byTime.put(ts[t], t);
            }
            originIndex.add(byTime);
        }
        for (SeriesHistory s : series.subList(0, Math.min(3, series.size()))) {
            plotted.add(new PlotSeries.Builder(s, Math.max(0, s.size() - PLOTTED_POINTS), s.size()));
        }
    }

    void forecast(Forecast f) {
        forecasts.incrementAndGet();
        versions.add(f.modelVersion());
        Integer s = seriesIndex.get(f.seriesId());
        if (s != null) {
            Integer o = originIndex.get(s).get(f.originMillis());
            if (o != null) {
                scorer.offer(s, o, f);
                if (s < plotted.size()) {
                    plotted.get(s).put(o + 1, f.points().get(0));
                }
            }
        }
    }

    void deadLetter(ConsumerRecord<byte[], byte[]> record) {
        deadLetters.incrementAndGet();
    }

    long forecasts() {
        return forecasts.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    /** The model versions of the forecasts, in the order they first appeared. */
    List<String> versions() {
        synchronized (versions) {
            return List.copyOf(versions);
        }
    }

    /** The forecasts read so far, scored next to naive and seasonal naive. */
    BaselineComparison.Result scores() {
        return scorer.result();
    }

    /** The last 240 points of the first three series: actuals and step-1 forecasts with their interval. */
    List<PlotSeries> plotPanels() {
        return plotted.stream().map(PlotSeries.Builder::build).toList();
    }
}
