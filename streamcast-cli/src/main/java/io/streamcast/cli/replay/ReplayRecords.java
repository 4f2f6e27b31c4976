package io.streamcast.cli.replay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.streamcast.cli.data.CsvLayout;
import io.streamcast.core.codec.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Every data row of CSV files as the record replay sends, in event-time order across all series. Rows that are
 * not valid observations are sent too (their value is what streams-app will dead-letter), because bad input is
 * never dropped silently: a row with a bad timestamp or value becomes {@code {"ts":"…","value":…}} with the raw
 * cells (a number stays a number, NaN and infinities become their JSON tokens, anything else a string), a row
 * with the wrong number of columns becomes the raw line itself. Such rows take the
 * event time of the row before them, so they keep their place in the stream.
 */
public final class ReplayRecords {
    /** One record to produce: key = series id, value = observation JSON (or the raw bad row). */
    public record Row(String series, long timestampMillis, byte[] value, boolean valid) {}

    private ReplayRecords() {}

    public static List<Row> read(List<Path> files) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            long[] previous = {0}; // event time of the file's last valid row
            CsvLayout.forEachRow(file, (layout, lineNo, line, cells) -> {
                if (cells.length != layout.columns()) {
                    rows.add(new Row(layout.longFormat() ? cells[0].trim() : layout.fileSeries(), previous[0],
                            line.getBytes(StandardCharsets.UTF_8), false));
                    return;
                }
                String series = layout.series(cells);
                String tsCell = layout.timestamp(cells);
                String valueCell = layout.value(cells);
                OptionalLong ts = Timestamps.parse(tsCell);
                Double value = parse(valueCell);
                if (ts.isPresent() && Timestamps.isPlausible(ts.getAsLong()) && value != null) {
                    previous[0] = ts.getAsLong();
                    rows.add(new Row(series, previous[0], ("{\"ts\":\"" + Timestamps.format(previous[0])
                            + "\",\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8), true));
                } else {
                    rows.add(new Row(series, previous[0], ("{\"ts\":\"" + escape(tsCell) + "\",\"value\":"
                            + rawValue(valueCell) + "}").getBytes(StandardCharsets.UTF_8), false));
                }
            });
        }
        rows.sort(Comparator.comparingLong(Row::timestampMillis)); // stable: file order within a time
        return rows;
    }

    private static Double parse(String cell) {
        try {
            double v = Double.parseDouble(cell);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A number stays a number (NaN and infinities as their JSON tokens), anything else becomes a string. */
    private static String rawValue(String cell) {
        try {
            double v = Double.parseDouble(cell);
            if (Double.isNaN(v)) {
                return "NaN";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "Infinity" : "-Infinity";
            }
            return Double.toString(v);
        } catch (NumberFormatException e) {
            return "\"" + escape(cell) + "\"";
        }
    }

    private static String escape(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
