package io.streamcast.core.model;

/**
 * One LSTM time step for one series, over the parameters of a trained network.
 *
 * <p>The carried state lives outside the kernel, as plain {@code float[]} per layer in the key's state, so that
 * a kernel can serve any number of keys: each call advances one key by one observation at a cost independent of
 * the window length.
 *
 * <p>Threading: implementations own scratch buffers (and, for DL4J, a network) and are <b>not</b> thread-safe.
 * Each stream task builds its own kernel from the shared, immutable {@link ModelBundle}.
 */
public interface StepKernel {

    int inputSize();

    int layers();

    /** Width of one LSTM layer (layers may differ). */
    int hiddenSize(int layer);

    /** Number of outputs per step: the forecast horizon H (direct multi-horizon output). */
    int outputSize();

    /**
     * Advances the state by one input and writes the output for this step.
     *
     * @param x   the step's features, length {@link #inputSize()}
     * @param h   hidden state per layer, each of length {@link #hiddenSize(int)}; updated in place
     * @param c   cell state per layer, each of length {@link #hiddenSize(int)}; updated in place
     * @param out receives {@link #outputSize()} values
     */
    void step(float[] x, float[][] h, float[][] c, float[] out);

    /**
     * The output layer alone: writes what the last {@link #step} wrote to {@code out}, given the hidden state it
     * left in the last layer. Lets a reader (the REST API) recover a key's latest forecast from its stored state
     * without advancing it.
     *
     * @param hLast the last layer's hidden state, length {@code hiddenSize(layers() - 1)}
     * @param out   receives {@link #outputSize()} values
     */
    void readout(float[] hLast, float[] out);

    /** Whether {@code h} and {@code c} are shaped for this kernel (a stored state could say otherwise). */
    default boolean fits(float[][] h, float[][] c) {
        if (h == null || c == null || h.length != layers() || c.length != layers()) {
            return false;
        }
        for (int l = 0; l < h.length; l++) {
            if (h[l] == null || c[l] == null || h[l].length != hiddenSize(l) || c[l].length != hiddenSize(l)) {
                return false;
            }
        }
        return true;
    }

    /** A zeroed state array shaped for this kernel: {@code [layer][hiddenSize(layer)]}. */
    default float[][] zeroState() {
        float[][] state = new float[layers()][];
        for (int l = 0; l < state.length; l++) {
            state[l] = new float[hiddenSize(l)];
        }
        return state;
    }
}
