package io.streamcast.cli.replay;

import java.util.Locale;

/** Replay speed flags: "600x" = event time runs 600 times faster than the wall clock; "max" = no pacing (0). */
public final class Speed {
    private Speed() {}

    public static double parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return 0;
        }
        try {
            double v = Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("speed '" + text + "' must be like 600x or max");
    }
}
