package io.streamcast.cli.demo;

import io.streamcast.cli.evaluate.Evaluation;
import io.streamcast.cli.evaluate.RollingScorer;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.SeriesHistory;
import java.util.ArrayList;
import java.util.Arrays;
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
 * identity), the model versions seen, every forecast scored against the replayed data ({@link RollingScorer}),
 * and the step-1 forecasts of the first three series for the plot. Fed on the output follower's thread; read
 * once that has stopped, except the counts.
 */
final class DemoOutputs {
    private final List<SeriesHistory> series;
    private final RollingScorer scorer;
    private final Map<String, Integer> seriesIndex = new HashMap<>();
    private final List<Map<Long, Integer>> originIndex = new ArrayList<>();
    private final double[][] step1;
    private final double[][] width1;
    private final ForecastCodec codec = new ForecastCodec();
    private final AtomicLong forecasts = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Set<String> versions = Collections.synchronizedSet(new LinkedHashSet<>());

    DemoOutputs(List<SeriesHistory> series, ForecastSettings settings) {
        this.series = series;
        this.scorer = new RollingScorer(series, settings.horizon(), settings.season());
        for (int i = 0; i < series.size(); i++) {
            seriesIndex.put(series.get(i).seriesId(), i);
            Map<Long, Integer> byTime = new HashMap<>();
            long[] ts = series.get(i).timestamps();
            for (int t = 0; t < ts.length; t++) {
                byTime.put(ts[t], t);
            }
            originIndex.add(byTime);
        }
        step1 = new double[Math.min(3, series.size())][];
        width1 = new double[step1.length][];
        for (int i = 0; i < step1.length; i++) {
            step1[i] = new double[series.get(i).size()];
            width1[i] = new double[series.get(i).size()];
            Arrays.fill(step1[i], Double.NaN);
        }
    }

    void forecast(ConsumerRecord<byte[], byte[]> record) {
        forecasts.incrementAndGet();
        Forecast f = codec.decode(record.value());
        versions.add(f.modelVersion());
        Integer s = seriesIndex.get(f.seriesId());
        if (s != null) {
            Integer o = originIndex.get(s).get(f.originMillis());
            if (o != null) {
                scorer.add(s, o, f);
                if (s < step1.length && o + 1 < step1[s].length) {
                    step1[s][o + 1] = f.points().get(0).mean();
                    width1[s][o + 1] = f.points().get(0).upper() - f.points().get(0).mean();
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

    RollingScorer scorer() {
        return scorer;
    }

    /** The last 240 points of the first three series: actuals and step-1 forecasts with their interval width. */
    List<Evaluation.PlotSeries> plotPanels() {
        List<Evaluation.PlotSeries> panels = new ArrayList<>();
        for (int i = 0; i < step1.length; i++) {
            SeriesHistory s = series.get(i);
            int from = Math.max(0, s.size() - 240);
            panels.add(new Evaluation.PlotSeries(s.seriesId(), Arrays.copyOfRange(s.timestamps(), from, s.size()),
                    Arrays.copyOfRange(s.valuesAsDoubles(), from, s.size()),
                    Arrays.copyOfRange(step1[i], from, s.size()), Arrays.copyOfRange(width1[i], from, s.size())));
        }
        return panels;
    }
}
