package io.streamcast.bench.jmh;

import io.streamcast.core.model.StepKernel;

/**
 * Carried state of a set of keys the way the forecaster keeps it: per key, {@code float[]} h and c per layer
 * (what its state store holds) and the key's last outputs. Starts at zero.
 */
final class KeyStates {
    /** {@code [key][layer][hidden]} */
    final float[][][] h;
    /** {@code [key][layer][hidden]} */
    final float[][][] c;
    /** {@code [key][outputs]} */
    final float[][] out;

    KeyStates(StepKernel shape, int keys) {
        h = new float[keys][][];
        c = new float[keys][][];
        out = new float[keys][shape.outputSize()];
        for (int k = 0; k < keys; k++) {
            h[k] = shape.zeroState();
            c[k] = shape.zeroState();
        }
    }

    int keys() {
        return h.length;
    }
}
