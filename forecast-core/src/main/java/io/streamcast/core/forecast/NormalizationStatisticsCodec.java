package io.streamcast.core.forecast;

import java.nio.ByteBuffer;

/**
 * {@link NormalizationStatistics} in the state's layout ({@link SeriesStateCodec}): f32 level, f32 scale, varint
 * scale count, f32 log scale, varint log scale count, varint positive run.
 */
final class NormalizationStatisticsCodec {
    private NormalizationStatisticsCodec() {}

    static void write(StateBytes out, NormalizationStatistics s) {
        out.f32(s.level).f32(s.scale).varint(s.scaleCount);
        out.f32(s.logScale).varint(s.logScaleCount).varint(s.positiveRun);
    }

    static void read(ByteBuffer in, NormalizationStatistics s) {
        s.level = in.getFloat();
        s.scale = in.getFloat();
        s.scaleCount = StateBytes.readCount(in);
        s.logScale = in.getFloat();
        s.logScaleCount = Math.min(StateBytes.readCount(in), SeriesNormalization.SCALE_MEMORY);
        s.positiveRun = Math.min(StateBytes.readCount(in), SeriesNormalization.MAX_RUN);
    }
}
