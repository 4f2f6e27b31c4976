package io.streamcast.core.forecast;

import java.nio.ByteBuffer;

/**
 * {@link BaselineErrors} in the state's layout ({@link SeriesStateCodec}): f32 rolling |error| of naive, seasonal
 * naive and the local median, varint points scored (saturating at two varint bytes), u16 the persistence.
 */
final class BaselineErrorsCodec {
    /** Two varint bytes; only the first {@link BaselineChoice#BASELINE_EVIDENCE} and the smoothing's memory matter. */
    private static final int SCORED_CAP = 0x3FFF;

    private BaselineErrorsCodec() {}

    static void write(StateBytes out, BaselineErrors e) {
        out.f32(e.naive).f32(e.seasonalNaive).f32(e.median).varint(Math.min(e.scored, SCORED_CAP))
                .i16((short) e.persistenceQuanta);
    }

    static void read(ByteBuffer in, BaselineErrors e) {
        e.naive = in.getFloat();
        e.seasonalNaive = in.getFloat();
        e.median = in.getFloat();
        e.scored = StateBytes.readCount(in);
        e.persistenceQuanta = Short.toUnsignedInt(in.getShort());
    }
}
