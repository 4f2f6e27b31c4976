package io.streamcast.bench.jmh;

import io.streamcast.core.model.JavaLstmKernel;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One time step of N keys as a single DL4J minibatch, with the keys' carried state living per key outside the
 * network, as it does in the forecaster's store: each key's (h, c) is gathered into {@code [N, hidden]} state
 * arrays ({@code rnnSetPreviousState}, the same {@link LSTM#STATE_KEY_PREV_ACTIVATION} /
 * {@link LSTM#STATE_KEY_PREV_MEMCELL} entries {@code Dl4jStepKernel} sets), the inputs into {@code [N, features]},
 * one {@code rnnTimeStep}, then outputs and the next state ({@code rnnGetPreviousState}) scattered back per key.
 * This is {@code Dl4jStepKernel.step} for N keys at once.
 *
 * <p>Owns its network (rnnTimeStep keeps state in it) and its scratch buffers: one thread.
 */
final class Dl4jBatchStep {
    private final MultiLayerNetwork net;
    private final int keys;
    private final int inputs;
    private final int outputs;
    private final int[] hidden;
    private final float[] xBatch;
    private final float[][] hBatch; // per layer [keys * hidden], row per key
    private final float[][] cBatch;

    Dl4jBatchStep(MultiLayerNetwork net, int keys) {
        JavaLstmKernel shape = JavaLstmKernel.fromNetwork(net); // the same structural checks as Dl4jStepKernel
        this.net = net;
        this.keys = keys;
        this.inputs = shape.inputSize();
        this.outputs = shape.outputSize();
        this.hidden = new int[shape.layers()];
        this.hBatch = new float[hidden.length][];
        this.cBatch = new float[hidden.length][];
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = shape.hiddenSize(l);
            hBatch[l] = new float[keys * hidden[l]];
            cBatch[l] = new float[keys * hidden[l]];
        }
        this.xBatch = new float[keys * inputs];
    }

    int keys() {
        return keys;
    }

    /**
     * Advances every key by one step.
     *
     * @param x      per key its step's features, {@code [keys][inputs]}
     * @param states the keys' carried state, updated in place; their outputs written to {@code states.out}
     */
    void step(float[][] x, KeyStates states) {
        // gather: per-key arrays -> one [keys, n] row-major block per array
        for (int k = 0; k < keys; k++) {
            System.arraycopy(x[k], 0, xBatch, k * inputs, inputs);
        }
        for (int l = 0; l < hidden.length; l++) {
            int size = hidden[l];
            for (int k = 0; k < keys; k++) {
                System.arraycopy(states.h[k][l], 0, hBatch[l], k * size, size);
                System.arraycopy(states.c[k][l], 0, cBatch[l], k * size, size);
            }
            Map<String, INDArray> state = new HashMap<>();
            state.put(LSTM.STATE_KEY_PREV_ACTIVATION, Nd4j.create(hBatch[l], new long[] {keys, size}, 'c'));
            state.put(LSTM.STATE_KEY_PREV_MEMCELL, Nd4j.create(cBatch[l], new long[] {keys, size}, 'c'));
            net.rnnSetPreviousState(l, state);
        }
        INDArray result = net.rnnTimeStep(Nd4j.create(xBatch, new long[] {keys, inputs}, 'c')); // [keys, outputs]

        // scatter
        float[] values = rowMajor(result);
        for (int k = 0; k < keys; k++) {
            System.arraycopy(values, k * outputs, states.out[k], 0, outputs);
        }
        for (int l = 0; l < hidden.length; l++) {
            int size = hidden[l];
            Map<String, INDArray> state = net.rnnGetPreviousState(l);
            float[] hs = rowMajor(state.get(LSTM.STATE_KEY_PREV_ACTIVATION));
            float[] cs = rowMajor(state.get(LSTM.STATE_KEY_PREV_MEMCELL));
            for (int k = 0; k < keys; k++) {
                System.arraycopy(hs, k * size, states.h[k][l], 0, size);
                System.arraycopy(cs, k * size, states.c[k][l], 0, size);
            }
        }
    }

    /**
     * A {@code [keys, n]} array's elements row by row (key by key), copied if DL4J handed back another order.
     * Not {@code ravel('c')} nor {@code reshape('c', n)}: in ND4J 1.0.0-M2.1 both resolve to
     * {@code INDArray.reshape(long, long)} ('c' widened to 99) and fail asking for shape [99, n].
     */
    private static float[] rowMajor(INDArray a) {
        return a.reshape('c', new long[] {a.length()}).toFloatVector();
    }
}
