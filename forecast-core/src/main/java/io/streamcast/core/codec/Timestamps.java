package io.streamcast.core.codec;

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

    /** ISO-8601 UTC with {@code Z}, e.g. {@code 2014-07-01T00:00:00Z} (milliseconds only when non-zero). */
    public static String format(long millis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
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
