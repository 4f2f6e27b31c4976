package io.streamcast.cli.data;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two CSV layouts streamcast reads: long ({@code series,timestamp,value}) or one series per file
 * ({@code timestamp,value}, the series id being the file name without extension).
 */
public record CsvLayout(boolean longFormat, String fileSeries) {

    /** Reads the layout from a file's header line. */
    public static CsvLayout of(Path file, String header) throws IOException {
        String[] columns = cells(header);
        boolean longFormat = columns.length >= 3 && columns[0].trim().equalsIgnoreCase("series");
        if (!longFormat && columns.length != 2) {
            throw new IOException(file + ": header must be 'series,timestamp,value' or 'timestamp,value', got '"
                    + header + "'");
        }
        return new CsvLayout(longFormat, file.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
    }

    public int columns() {
        return longFormat ? 3 : 2;
    }

    public String series(String[] cells) {
        return longFormat ? cells[0].trim() : fileSeries;
    }

    public String timestamp(String[] cells) {
        return cells[longFormat ? 1 : 0].trim();
    }

    public String value(String[] cells) {
        return cells[longFormat ? 2 : 1].trim();
    }

    /** One data line of a file. */
    @FunctionalInterface
    public interface RowVisitor {
        /** @param lineNo the line's 1-based number in its file (the header is line 1) */
        void row(CsvLayout layout, int lineNo, String line, String[] cells);
    }

    /**
     * Reads a file's layout from its header and hands every non-blank data line to {@code rows}; an empty file
     * has no rows.
     */
    public static void forEachRow(Path file, RowVisitor rows) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                return;
            }
            CsvLayout layout = of(file, header);
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    rows.row(layout, lineNo, line, cells(line));
                }
            }
        } catch (CharacterCodingException e) {
            // the JDK's own message is "Input length = 1"; the reader decodes ahead, so no line number either
            throw new IOException(file + ": not UTF-8 text", e);
        }
    }

    /**
     * Splits a line into cells as RFC 4180 reads it (Jackson's CSV parser): a quoted cell may hold commas and
     * doubled quotes ({@code "a, ""b"""} is {@code a, "b"}); empty cells count, trailing ones too. A line the
     * parser refuses (an unclosed quote) is one cell, so its row has the wrong number of cells and is reported
     * as malformed rather than read as something else. A record spread over several lines (a line break in a
     * quoted cell) is not supported: rows are lines, so that errors can name their line.
     */
    public static String[] cells(String line) {
        try {
            String[] cells = CELLS.readValue(line);
            return cells == null ? new String[] {line} : cells;
        } catch (IOException | RuntimeException e) {
            return new String[] {line};
        }
    }

    /** One row of cells per call (without a schema Jackson reads a row as an array); immutable, thread-safe. */
    private static final ObjectReader CELLS = new CsvMapper().readerFor(String[].class);
}
