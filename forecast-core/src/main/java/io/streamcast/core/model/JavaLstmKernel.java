package io.streamcast.core.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A plain-Java forward step over a trained DL4J LSTM's parameters: the serving kernel.
 *
 * <p>Why hand-written: DL4J's {@code rnnTimeStep} for one key costs about 1 ms here (op dispatch and array
 * allocation dominate at batch 1), this loop about 2 µs at LSTM-32 and 4 µs at LSTM-64 (docs/benchmarks.md); tests
 * hold both within 1e-5. DL4J stays the training and reference implementation.
 *
 * <p>DL4J {@code LSTM} parameters: {@code W [nIn, 4H]}, {@code RW [H, 4H]}, {@code b [4H]}, gate blocks
 * ordered [block input (tanh) | forget | output | input gate (sigmoid)], no peepholes:
 * {@code c' = f*c + g*tanh(a)}, {@code h' = o*tanh(c')}. Weights are kept as one double array per input row,
 * so every inner loop is {@code y[j] += a * row[j]} over the contiguous gate pre-activations: C2 vectorizes that
 * form (same element type, same index), but not a float row read at an offset into one flat array, nor a
 * float-to-double conversion in the loop; rows of doubles made LSTM-64's step 2× faster than flat floats
 * (docs/benchmarks.md) at twice the bytes (about 170 KB per model, shared). The products and their order are
 * the same as with float weights, so the outputs are too. Weights are immutable and shared by {@link #copy()};
 * scratch buffers are per instance, so an instance serves one thread.
 */
public final class JavaLstmKernel implements StepKernel {
    private final int inputSize;
    private final int[] hidden;
    private final int outputSize;
    private final double[][][] inputWeights; // per layer, per input: [4H]
    private final double[][][] recurrentWeights; // per layer, per unit of h: [4H]
    private final double[][] biases; // per layer [4H]
    private final double[][] outputWeights; // per unit of the last h: [outputSize]
    private final double[] outputBias;
    private final double[] gates; // scratch: 4 * max hidden
    private final double[] outputSums;

    private JavaLstmKernel(int inputSize, int[] hidden, int outputSize, double[][][] inputWeights,
                           double[][][] recurrentWeights, double[][] biases, double[][] outputWeights,
                           double[] outputBias) {
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.outputSize = outputSize;
        this.inputWeights = inputWeights;
        this.recurrentWeights = recurrentWeights;
        this.biases = biases;
        this.outputWeights = outputWeights;
        this.outputBias = outputBias;
        int max = 0;
        for (int h : hidden) {
            max = Math.max(max, h);
        }
        this.gates = new double[4 * max];
        this.outputSums = new double[outputSize];
    }

    /** Copies the parameters of an [LSTM...] + RnnOutputLayer(identity) network. */
    public static JavaLstmKernel fromNetwork(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        if (layers.length < 2 || !(layers[layers.length - 1] instanceof RnnOutputLayer out)) {
            throw new IllegalArgumentException("expected LSTM layer(s) followed by an RnnOutputLayer, got "
                    + describe(layers));
        }
        int lstmLayers = layers.length - 1;
        int[] hidden = new int[lstmLayers];
        double[][][] w = new double[lstmLayers][][];
        double[][][] rw = new double[lstmLayers][][];
        double[][] b = new double[lstmLayers][];
        int in = -1;
        int previous = -1;
        for (int l = 0; l < lstmLayers; l++) {
            if (!(layers[l] instanceof LSTM lstm)) {
                throw new IllegalArgumentException("layer " + l + " is not a DL4J LSTM: " + describe(layers));
            }
            var conf = (org.deeplearning4j.nn.conf.layers.LSTM) lstm.layerConf();
            if (!(conf.getActivationFn() instanceof ActivationTanH)
                    || !(conf.getGateActivationFn() instanceof ActivationSigmoid)) {
                throw new IllegalArgumentException("layer " + l + " must use tanh activation and sigmoid gates");
            }
            INDArray wl = lstm.getParam("W");
            INDArray rwl = lstm.getParam("RW");
            int nIn = (int) wl.size(0);
            int h = (int) rwl.size(0);
            if (rwl.size(1) != 4L * h || wl.size(1) != 4L * h) {
                throw new IllegalArgumentException("layer " + l + " has unexpected LSTM parameter shapes "
                        + java.util.Arrays.toString(wl.shape()) + ", " + java.util.Arrays.toString(rwl.shape()));
            }
            if (l == 0) {
                in = nIn;
            } else if (nIn != previous) {
                throw new IllegalArgumentException("layer " + l + " takes " + nIn + " inputs, previous has " + previous);
            }
            hidden[l] = h;
            w[l] = rows(wl);
            rw[l] = rows(rwl);
            b[l] = rows(lstm.getParam("b"))[0];
            previous = h;
        }
        var outConf = (org.deeplearning4j.nn.conf.layers.RnnOutputLayer) out.layerConf();
        if (!(outConf.getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("the output layer must use identity activation, got "
                    + outConf.getActivationFn());
        }
        INDArray ow = out.getParam("W");
        if (ow.size(0) != previous) {
            throw new IllegalArgumentException("output layer takes " + ow.size(0) + " inputs, last LSTM has " + previous);
        }
        return new JavaLstmKernel(in, hidden, (int) ow.size(1), w, rw, b, rows(ow), rows(out.getParam("b"))[0]);
    }

    /** A [rows, columns] (or [1, columns]) parameter as rows of doubles holding its float values exactly. */
    private static double[][] rows(INDArray a) {
        float[] flat = a.dup('c').castTo(DataType.FLOAT).data().asFloat();
        int columns = (int) a.size(a.rank() - 1);
        double[][] rows = new double[flat.length / columns][columns];
        for (int i = 0; i < flat.length; i++) {
            rows[i / columns][i % columns] = flat[i];
        }
        return rows;
    }

    private static String describe(Layer[] layers) {
        StringBuilder sb = new StringBuilder("[");
        for (Layer l : layers) {
            sb.append(sb.length() > 1 ? ", " : "").append(l.getClass().getSimpleName());
        }
        return sb.append(']').toString();
    }

    /** Shares the immutable weights, owns new scratch buffers: for another thread. */
    public JavaLstmKernel copy() {
        return new JavaLstmKernel(inputSize, hidden, outputSize, inputWeights, recurrentWeights, biases,
                outputWeights, outputBias);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int layers() {
        return hidden.length;
    }

    @Override
    public int hiddenSize(int layer) {
        return hidden[layer];
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public void step(float[] x, float[][] h, float[][] c, float[] out) {
        float[] input = x;
        int nIn = inputSize;
        double[] g = gates;
        for (int l = 0; l < hidden.length; l++) {
            int size = hidden[l];
            double[][] w = inputWeights[l];
            double[][] rw = recurrentWeights[l];
            System.arraycopy(biases[l], 0, g, 0, 4 * size);
            for (int i = 0; i < nIn; i++) {
                axpy(input[i], w[i], g);
            }
            float[] hl = h[l];
            for (int k = 0; k < size; k++) {
                axpy(hl[k], rw[k], g);
            }
            float[] cl = c[l];
            for (int k = 0; k < size; k++) {
                double blockInput = tanh(g[k]);
                double forget = sigmoid(g[size + k]);
                double output = sigmoid(g[2 * size + k]);
                double inputGate = sigmoid(g[3 * size + k]);
                double cell = forget * cl[k] + inputGate * blockInput;
                cl[k] = (float) cell;
                hl[k] = (float) (output * tanh(cell));
            }
            input = hl;
            nIn = size;
        }
        readout(input, out);
    }

    @Override
    public void readout(float[] hLast, float[] out) {
        double[] sums = outputSums;
        System.arraycopy(outputBias, 0, sums, 0, outputSize);
        for (int k = 0; k < hidden[hidden.length - 1]; k++) {
            axpy(hLast[k], outputWeights[k], sums);
        }
        for (int j = 0; j < outputSize; j++) {
            out[j] = (float) sums[j];
        }
    }

    /**
     * {@code y[0..row.length) += a * row}: the whole step is made of these. Double sums: float sums drifted
     * 1.04e-5 from DL4J in {@code StepKernelTest}, past the 1e-5 it holds.
     */
    private static void axpy(double a, double[] row, double[] y) {
        for (int j = 0; j < row.length; j++) {
            y[j] += a * row[j];
        }
    }

    /**
     * tanh through the exp intrinsic: {@link Math#tanh} is not one on JDK 17, and 64 of them per step made the
     * step 1.5× slower (JMH {@code CarriedStepBenchmark}, LSTM-32: 11.8 → 7.8 µs). Error ~1e-16 in double.
     */
    private static double tanh(double z) {
        return 1.0 - 2.0 / (Math.exp(2.0 * z) + 1.0);
    }

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
