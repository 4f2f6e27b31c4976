package io.streamcast.core.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Building, running and (de)serializing the DL4J network: the training and reference side of the model.
 *
 * <p>The network is LSTM layer(s) followed by an {@link RnnOutputLayer} with identity activation whose H outputs
 * at each time step are the direct multi-horizon forecast made at that step; a forecast is the output at the
 * last step. Serving steps the same parameters with {@link JavaLstmKernel}.
 */
public final class LstmNetworks {
    static {
        // ND4J calls System.gc() periodically by default; with a capped heap that caused 200 ms-1 s pauses here.
        Nd4j.getMemoryManager().togglePeriodicGc(false);
    }

    private LstmNetworks() {}

    public static MultiLayerNetwork create(LstmSpec spec, double learningRate) {
        return create(spec, learningRate, LossFunctions.LossFunction.L1);
    }

    public static MultiLayerNetwork create(LstmSpec spec, double learningRate, LossFunctions.LossFunction loss) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .list();
        int in = spec.inputSize();
        for (int hidden : spec.hiddenSizes()) {
            layers.layer(new LSTM.Builder().nIn(in).nOut(hidden)
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build());
            in = hidden;
        }
        layers.layer(new RnnOutputLayer.Builder(loss).nIn(in).nOut(spec.outputSize())
                .activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        return net;
    }

    /**
     * The reference forecast: the whole window {@code [T][nIn]} through {@code output()} from zero state, the
     * output at the last step. Leaves the network's {@code rnnTimeStep} state alone.
     */
    public static float[] windowForecast(MultiLayerNetwork net, float[][] window) {
        int steps = window.length;
        int inputs = window[0].length;
        INDArray input = Nd4j.create(DataType.FLOAT, 1, inputs, steps);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < inputs; i++) {
                input.putScalar(new long[] {0, i, t}, window[t][i]);
            }
        }
        INDArray out = net.output(input, false);
        return out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(steps - 1))
                .castTo(DataType.FLOAT).toFloatVector();
    }

    /** The network's configuration and parameters (no updater state): the weights inside a model bundle. */
    public static byte[] toBytes(MultiLayerNetwork net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize network", e);
        }
        return out.toByteArray();
    }

    public static MultiLayerNetwork fromBytes(byte[] bytes) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
    }
}
