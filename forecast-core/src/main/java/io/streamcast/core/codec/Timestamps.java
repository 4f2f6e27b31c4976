package io.streamcast.core.codec;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;

/**
 * The timestamp formats streamcast accepts on the wire and in CSV files, all read as UTC unless they carry a
 * zone: ISO-8601 instants with {@code Z} or an offset, ISO local date-times ({@code 2014-07-01T00:00:00}),
 * {@code 2014-07-01 00:00:00}, dates ({@code 2014-07-01}) and epoch milliseconds.
 */
public final class Timestamps {
    /** Earliest accepted time: 1970-01-01T00:00:00Z. */
    public static final long MIN_MILLIS = 0L;
    /** Accepted times are before 2200-01-01T00:00:00Z. */
    public static final long MAX_MILLIS_EXCLUSIVE = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();

    private Timestamps() {}

    /** Parses a string timestamp; empty when it is in none of the accepted formats. */
    public static OptionalLong parse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > 64) {
            return OptionalLong.empty();
        }
        if (isDigits(s)) {
            try {
                return OptionalLong.of(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        try {
            if (s.length() == 10) {
                return OptionalLong.of(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            }
            String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            if (hasZone(iso)) {
                return OptionalLong.of(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant().toEpochMilli());
            }
            return OptionalLong.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the time lies in [1970-01-01, 2200-01-01): outside, a timestamp is a data error. */
    public static boolean isPlausible(long millis) {
        return millis >= MIN_MILLIS && millis < MAX_MILLIS_EXCLUSIVE;
    }

    /**
     * ISO-8601 UTC with {@code Z}, e.g. {@code 2014-07-01T00:00:00Z} (milliseconds only when non-zero): exactly
     * what {@link DateTimeFormatter#ISO_INSTANT} writes.
     *
     * <p>Hand-written for the plausible range because every forecast writes H + 1 of these (49 at H = 48):
     * through {@code DateTimeFormatter} they were 9 % of the forecasting topology's stream thread (JFR,
     * docs/benchmarks.md); this is a few divisions and a byte array. Other times go through the formatter.
     */
    public static String format(long millis) {
        if (!isPlausible(millis)) {
            return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
        }
        byte[] c = new byte[ISO_MAX_CHARS];
        return new String(c, 0, writeIso(millis, c, 0), StandardCharsets.US_ASCII);
    }

    /** Longest {@link #writeIso} output: {@code 2014-07-01T00:00:00.005Z}. */
    public static final int ISO_MAX_CHARS = 24;

    /**
     * {@link #format} as ASCII into {@code out} at {@code pos}, without a String; returns the position after the last
     * byte.
     *
     * @throws IllegalArgumentException when the time is not {@link #isPlausible plausible}
     */
    public static int writeIso(long millis, byte[] out, int pos) {
        if (!isPlausible(millis)) {
            throw new IllegalArgumentException("not in 1970-01-01..2199-12-31: " + millis);
        }
        long days = millis / 86_400_000L; // millis >= 0 here, so plain division floors
        int msOfDay = (int) (millis - days * 86_400_000L);
        // civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse; eras of 400 years)
        long z = days + 719_468;
        long era = z / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int ms = msOfDay % 1000;
        int secOfDay = msOfDay / 1000;
        digits(out, pos, year, 4);
        out[pos + 4] = '-';
        digits(out, pos + 5, month, 2);
        out[pos + 7] = '-';
        digits(out, pos + 8, day, 2);
        out[pos + 10] = 'T';
        digits(out, pos + 11, secOfDay / 3600, 2);
        out[pos + 13] = ':';
        digits(out, pos + 14, secOfDay / 60 % 60, 2);
        out[pos + 16] = ':';
        digits(out, pos + 17, secOfDay % 60, 2);
        int end = pos + 19;
        if (ms != 0) {
            out[end] = '.';
            digits(out, end + 1, ms, 3);
            end += 4;
        }
        out[end] = 'Z';
        return end + 1;
    }

    private static void digits(byte[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static boolean hasZone(String s) {
        if (s.endsWith("Z") || s.endsWith("z")) {
            return true;
        }
        int t = s.indexOf('T');
        return t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0);
    }

    private static boolean isDigits(String s) {
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
