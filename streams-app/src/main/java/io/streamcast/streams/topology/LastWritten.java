package io.streamcast.streams.topology;

import io.streamcast.core.codec.Varints;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.forecast.ForecastSettings;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The forecast last written for a key, as much of it as {@link EmitPolicy} compares the next ones with: the key's
 * observation count then, the forecast's origin and step, and its means on a grid.
 *
 * <p>The grid is q = 2^e, the largest power of two at most the forecast's smallest positive half-width / 1024, but
 * no finer than the float spacing at its largest mean (a float mean holds nothing finer). A stored mean is so off by
 * at most q / 2, under 1/2048 of any step's half-width, the unit a tolerance is given in; |mean / q| is at most
 * 2^24 and fits an int; and a forecast whose intervals all have width 0 (a key that repeats exactly) is stored
 * exactly. The next forecast's means are put on the same grid before the comparison, so a forecast equal to the
 * written one compares equal at any tolerance, 0 included; a move under q / 2 is not seen.
 *
 * <p>Layout 1: {@code u8 1, varint seen, zigzag varlong origin, zigzag varlong step, zigzag varint e, varint H,
 * zigzag varint code[1], zigzag varint (code[k] - code[k-1]) for k = 2..H}. Neighbouring steps' means differ by a
 * few half-widths, a few thousand quanta, so a mean takes about 2 bytes: ~110 bytes for H = 48, against 192 for
 * the means as floats (the key's series state, a few hundred bytes, is not repeated here).
 */
final class LastWritten {
    static final int LAYOUT = 1;
    /** Grid points per half-width at the forecast's narrowest step. */
    static final int QUANTA_PER_HALF_WIDTH = 1024;

    final int seen;
    final long originMillis;
    final long stepMillis;
    private final int exponent;
    private final int[] codes;

    private LastWritten(int seen, long originMillis, long stepMillis, int exponent, int[] codes) {
        this.seen = seen;
        this.originMillis = originMillis;
        this.stepMillis = stepMillis;
        this.exponent = exponent;
        this.codes = codes;
    }

    /** The forecast {@code f}, written with a key's {@code seen}-th observation. */
    static LastWritten of(Forecast f, int seen) {
        List<ForecastPoint> points = f.points();
        int e = exponent(points);
        int[] codes = new int[points.size()];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = (int) Math.rint(Math.scalb(points.get(k).mean(), -e));
        }
        return new LastWritten(seen, f.originMillis(), step(f), e, codes);
    }

    /** The grid's exponent for these points (see the class comment). */
    static int exponent(List<ForecastPoint> points) {
        double narrowest = Double.POSITIVE_INFINITY;
        float largest = 0;
        for (ForecastPoint p : points) {
            double half = halfWidth(p);
            if (half > 0 && half < narrowest) {
                narrowest = half;
            }
            largest = Math.max(largest, Math.abs((float) p.mean()));
        }
        int floatSpacing = Math.getExponent(largest) - 23; // a float's ulp; 0 and subnormals: -150, finer than any
        return narrowest == Double.POSITIVE_INFINITY ? floatSpacing
                : Math.max(floatSpacing, Math.getExponent(narrowest / QUANTA_PER_HALF_WIDTH));
    }

    /**
     * Whether {@code f}, made later for the same key, moved from this one: its step differs, or this one no longer
     * covers the step after {@code f}'s origin, or some step's mean differs from this one's at the same target time
     * by more than {@code tolerance} × that step's half-width in {@code f}. Steps of {@code f} past this one's
     * horizon have nothing to compare with and are not a move by themselves. Points are at origin + k × step, as
     * the forecaster makes them; the elapsed steps are rounded, as the forecaster counts a gap's missing steps.
     */
    boolean moved(Forecast f, double tolerance) {
        if (step(f) != stepMillis || f.originMillis() < originMillis) {
            return true;
        }
        long shift = Math.round((double) (f.originMillis() - originMillis) / stepMillis);
        if (shift >= codes.length) {
            return true;
        }
        List<ForecastPoint> points = f.points();
        for (int k = 1; k <= points.size() && k + shift <= codes.length; k++) {
            ForecastPoint p = points.get(k - 1);
            double quanta = Math.abs(Math.rint(Math.scalb(p.mean(), -exponent)) - codes[(int) (k + shift) - 1]);
            if (Math.scalb(quanta, exponent) > tolerance * halfWidth(p)) {
                return true;
            }
        }
        return false;
    }

    /** The upper side: a positive key's lower bound may stop at 0 ({@link ForecastPoint#floored}), the upper never. */
    private static double halfWidth(ForecastPoint p) {
        return p.upper() - p.mean();
    }

    private static long step(Forecast f) {
        return f.points().get(0).targetMillis() - f.originMillis();
    }

    byte[] encode() {
        byte[] out = new byte[1 + 5 + 10 + 10 + 5 + 5 + 5 * codes.length];
        int at = 0;
        out[at++] = LAYOUT;
        at = Varints.write(out, at, seen);
        at = Varints.write(out, at, Varints.zigzag(originMillis));
        at = Varints.write(out, at, Varints.zigzag(stepMillis));
        at = Varints.write(out, at, Varints.zigzag(exponent));
        at = Varints.write(out, at, codes.length);
        long previous = 0;
        for (int code : codes) {
            at = Varints.write(out, at, Varints.zigzag(code - previous));
            previous = code;
        }
        return Arrays.copyOf(out, at);
    }

    /** @throws IllegalArgumentException for bytes {@link #encode} did not write (corrupt, or an unknown layout) */
    static LastWritten decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != LAYOUT) {
                throw new IllegalArgumentException("unknown layout " + bytes[0]);
            }
            long seen = Varints.read(in);
            long origin = Varints.unzigzag(Varints.read(in));
            long step = Varints.unzigzag(Varints.read(in));
            long e = Varints.unzigzag(Varints.read(in));
            long count = Varints.read(in);
            if (seen < 1 || seen > Integer.MAX_VALUE || step < 1 || e < -160 || e > 130 || count < 1
                    || count > ForecastSettings.MAX_HORIZON) {
                throw new IllegalArgumentException("not a written forecast");
            }
            int[] codes = new int[(int) count];
            long code = 0;
            for (int k = 0; k < codes.length; k++) {
                code += Varints.unzigzag(Varints.read(in));
                if (Math.abs(code) > 1 << 25) {
                    throw new IllegalArgumentException("mean off the grid");
                }
                codes[k] = (int) code;
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the means");
            }
            return new LastWritten((int) seen, origin, step, (int) e, codes);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated", e);
        }
    }
}
