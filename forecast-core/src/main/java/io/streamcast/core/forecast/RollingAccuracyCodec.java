package io.streamcast.core.forecast;

import java.nio.ByteBuffer;

/**
 * {@link RollingAccuracy} in the state's layout ({@link SeriesStateCodec}): f32 rolling |error| of the forecasts and
 * of seasonal naive, f32 rolling coverage, varint points scored.
 */
final class RollingAccuracyCodec {
    private RollingAccuracyCodec() {}

    static void write(StateBytes out, RollingAccuracy a) {
        out.f32(a.modelAbsError).f32(a.seasonalNaiveAbsError).f32(a.coverage).varint(a.scored);
    }

    static void read(ByteBuffer in, RollingAccuracy a) {
        a.modelAbsError = in.getFloat();
        a.seasonalNaiveAbsError = in.getFloat();
        a.coverage = in.getFloat();
        a.scored = StateBytes.readCount(in);
    }
}
