package io.streamcast.core.model;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference step: DL4J's own {@code rnnTimeStep}, with the key's carried state set before and read back
 * after each step. About 40x slower than {@link JavaLstmKernel} at batch 1; used to verify it and selectable
 * for serving ({@code --kernel DL4J}).
 *
 * <p>Owns its network: the caller hands over a network no other thread uses.
 */
public final class Dl4jStepKernel implements StepKernel {
    private final MultiLayerNetwork net;
    private final int inputSize;
    private final int[] hidden;
    private final int outputSize;
    private final JavaLstmKernel javaReadout;

    public Dl4jStepKernel(MultiLayerNetwork net) {
        JavaLstmKernel shape = JavaLstmKernel.fromNetwork(net); // same structural checks
        this.javaReadout = shape;
        this.net = net;
        this.inputSize = shape.inputSize();
        this.hidden = new int[shape.layers()];
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = shape.hiddenSize(l);
        }
        this.outputSize = shape.outputSize();
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int hiddenSize(int layer) {
        return hidden[layer];
    }

    @Override
    public int layers() {
        return hidden.length;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public void step(float[] x, float[][] h, float[][] c, float[] out) {
        for (int l = 0; l < hidden.length; l++) {
            Map<String, INDArray> state = new HashMap<>();
            state.put(LSTM.STATE_KEY_PREV_ACTIVATION, Nd4j.create(h[l], new long[] {1, hidden[l]}, 'c'));
            state.put(LSTM.STATE_KEY_PREV_MEMCELL, Nd4j.create(c[l], new long[] {1, hidden[l]}, 'c'));
            net.rnnSetPreviousState(l, state);
        }
        INDArray result = net.rnnTimeStep(Nd4j.create(x, new long[] {1, inputSize}, 'c'));
        float[] values = result.reshape(outputSize).toFloatVector();
        System.arraycopy(values, 0, out, 0, outputSize);
        for (int l = 0; l < hidden.length; l++) {
            Map<String, INDArray> state = net.rnnGetPreviousState(l);
            float[] hl = state.get(LSTM.STATE_KEY_PREV_ACTIVATION).reshape(hidden[l]).toFloatVector();
            float[] cl = state.get(LSTM.STATE_KEY_PREV_MEMCELL).reshape(hidden[l]).toFloatVector();
            System.arraycopy(hl, 0, h[l], 0, hidden[l]);
            System.arraycopy(cl, 0, c[l], 0, hidden[l]);
        }
    }

    /**
     * DL4J has no call for the output layer on a given hidden state short of a full step, so this uses the
     * plain-Java output layer over the same parameters (equal within 1e-5, see the kernel agreement tests).
     */
    @Override
    public void readout(float[] hLast, float[] out) {
        javaReadout.readout(hLast, out);
    }
}
