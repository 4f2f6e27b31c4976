package io.streamcast.core.forecast;

import java.nio.ByteBuffer;

/** Layout 3's encoder as it was before layout 4, so tests can make the bytes a layout-3 changelog holds. */
final class Layout3Writer {
    private Layout3Writer() {}

    private static int encodedSize(SeriesState s) {
        int size = 2 + 8 + 8 + 1 + (s.candidateCount > 0 ? 8 : 0) + 4 + 10 + 14 + 16 + 2 + 4 * s.windowCount;
        if (s.h != null) {
            size += 4 + 1;
            for (float[] layer : s.h) {
                size += 2 + 2 * 4 * layer.length;
            }
        }
        return size + 1 + 4 * s.widths.length + 2 + 2 * s.pending.length;
    }

    static byte[] encode(SeriesState s) {
        ByteBuffer out = ByteBuffer.allocate(encodedSize(s));
        out.put((byte) 3);
        out.put((byte) (s.h != null ? 1 : 0));
        out.putLong(s.lastEventMillis).putLong(s.stepMillis);
        out.put((byte) Math.min(s.candidateCount, 0xFF));
        if (s.candidateCount > 0) {
            out.putLong(s.candidateStepMillis);
        }
        out.putInt(s.seen);
        out.putFloat(s.level).putFloat(s.scale).putShort((short) Math.min(s.scaleCount, 0xFFFF));
        out.putFloat(s.naiveError).putFloat(s.seasonalError).putFloat(s.medianError)
                .putShort((short) Math.min(s.baselineScored, 0xFFFF));
        out.putFloat(s.accModelAbsError).putFloat(s.accBaselineAbsError).putFloat(s.accCoverage).putInt(s.scored);
        out.putShort((short) s.windowCount);
        for (int i = 0; i < s.windowCount; i++) {
            out.putFloat(s.window[(s.windowHead + i) % s.window.length]);
        }
        if (s.h != null) {
            out.putInt(s.modelId).put((byte) s.h.length);
            for (float[] layer : s.h) {
                out.putShort((short) layer.length);
            }
            for (int l = 0; l < s.h.length; l++) {
                for (float v : s.h[l]) {
                    out.putFloat(v);
                }
                for (float v : s.c[l]) {
                    out.putFloat(v);
                }
            }
        }
        out.put((byte) s.widths.length);
        boolean relative = OnlineCalibration.relative(s); // layout 3's widths were always in the series' units
        for (float w0 : s.widths) {
            float w = relative ? (float) (w0 * Math.abs(s.level)) : w0;
            out.putFloat(w);
        }
        out.putShort((short) s.pending.length);
        for (float p : s.pending) {
            out.putShort(Half.fromFloat(p)); // layout 3 held the offsets as half floats
        }
        return out.array();
    }
}
