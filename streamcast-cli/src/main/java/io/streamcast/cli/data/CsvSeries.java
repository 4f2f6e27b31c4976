package io.streamcast.cli.data;

import io.streamcast.core.codec.Timestamps;
import io.streamcast.trainer.SeriesHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads series from CSV files: long format with header {@code series,timestamp,value}, or two columns
 * {@code timestamp,value} (the series id is the file name without extension). Timestamps as in
 * {@link Timestamps}. A bad row (wrong column count, unparseable timestamp or value, non-finite value, or a
 * second value for the same series and time) is counted and skipped, never fatal. Each series comes back sorted
 * by time.
 */
public final class CsvSeries {
    /** The series read and the rows skipped, with a few examples of why. */
    public record Result(List<SeriesHistory> series, int rows, int badRows, List<String> badExamples) {}

    private CsvSeries() {}

    public static Result read(List<Path> files) throws IOException {
        Map<String, TreeMap<Long, Float>> bySeries = new LinkedHashMap<>();
        int[] rows = {0};
        int[] bad = {0};
        List<String> examples = new ArrayList<>();
        for (Path file : files) {
            CsvLayout.forEachRow(file, (layout, lineNo, line, cells) -> {
                rows[0]++;
                String problem = null;
                if (cells.length != layout.columns()) {
                    problem = "expected " + layout.columns() + " columns";
                } else {
                    String series = layout.series(cells);
                    OptionalLong ts = Timestamps.parse(layout.timestamp(cells));
                    Float value = parseValue(layout.value(cells));
                    if (series.isEmpty()) {
                        problem = "empty series id";
                    } else if (ts.isEmpty() || !Timestamps.isPlausible(ts.getAsLong())) {
                        problem = "bad timestamp";
                    } else if (value == null) {
                        problem = "bad value";
                    } else if (bySeries.computeIfAbsent(series, k -> new TreeMap<>())
                            .putIfAbsent(ts.getAsLong(), value) != null) {
                        problem = "duplicate timestamp for series " + series;
                    }
                }
                if (problem != null) {
                    bad[0]++;
                    if (examples.size() < 5) {
                        examples.add(file.getFileName() + ":" + lineNo + ": " + problem);
                    }
                }
            });
        }
        List<SeriesHistory> series = new ArrayList<>();
        bySeries.forEach((id, points) -> {
            if (points.isEmpty()) {
                return;
            }
            long[] ts = new long[points.size()];
            float[] vs = new float[points.size()];
            int i = 0;
            for (var e : points.entrySet()) {
                ts[i] = e.getKey();
                vs[i++] = e.getValue();
            }
            series.add(new SeriesHistory(id, ts, vs));
        });
        return new Result(series, rows[0], bad[0], examples);
    }

    private static Float parseValue(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isFinite(v) && Math.abs(v) <= Float.MAX_VALUE ? (float) v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
