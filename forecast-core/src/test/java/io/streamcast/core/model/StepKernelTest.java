package io.streamcast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.assertj.core.api.Assertions;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The serving kernel computes exactly what DL4J computes, and carrying the state step by step computes exactly
 * what a pass over the whole window computes (tolerance 1e-5).
 */
class StepKernelTest {
    private static final double TOLERANCE = 1e-5;

    /** A network with trained, non-trivial weights, so saturated gates cannot hide a wrong gate order. */
    static MultiLayerNetwork trainedNetwork(int inputs, int[] hidden, int outputs, long seed) {
        MultiLayerNetwork net = LstmNetworks.create(new LstmSpec(inputs, hidden, outputs, seed), 0.05);
        Random random = new Random(seed);
        INDArray features = Nd4j.create(DataType.FLOAT, 8, inputs, 30);
        INDArray labels = Nd4j.create(DataType.FLOAT, 8, outputs, 30);
        for (int b = 0; b < 8; b++) {
            for (int t = 0; t < 30; t++) {
                for (int i = 0; i < inputs; i++) {
                    features.putScalar(new long[] {b, i, t}, random.nextGaussian());
                }
                for (int o = 0; o < outputs; o++) {
                    labels.putScalar(new long[] {b, o, t}, Math.sin(t + o + b) * 2);
                }
            }
        }
        DataSet data = new DataSet(features, labels);
        for (int i = 0; i < 20; i++) {
            net.fit(data);
        }
        net.params().addi(Nd4j.rand(DataType.FLOAT, net.params().shape()).subi(0.5).muli(0.4));
        return net;
    }

    private static float[][] randomSequence(int steps, int inputs, long seed) {
        Random random = new Random(seed);
        float[][] xs = new float[steps][inputs];
        for (float[] x : xs) {
            for (int i = 0; i < inputs; i++) {
                x[i] = (float) (random.nextGaussian() * 1.5);
            }
        }
        return xs;
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i],
                    Assertions.within(TOLERANCE));
        }
    }

    @Test
    void javaKernelMatchesDl4jStepByStepForOneAndTwoLayers() throws Exception {
        for (int[] shape : new int[][] {{1, 32, 48}, {3, 16, 8, 5}}) {
            int inputs = shape[0];
            int outputs = shape[shape.length - 1];
            int[] hidden = java.util.Arrays.copyOfRange(shape, 1, shape.length - 1);
            MultiLayerNetwork net = trainedNetwork(inputs, hidden, outputs, 11);
            JavaLstmKernel java = JavaLstmKernel.fromNetwork(net);
            Dl4jStepKernel dl4j = new Dl4jStepKernel(LstmNetworks.fromBytes(LstmNetworks.toBytes(net)));
            float[][] hJava = java.zeroState();
            float[][] cJava = java.zeroState();
            float[][] hDl4j = dl4j.zeroState();
            float[][] cDl4j = dl4j.zeroState();
            float[] outJava = new float[outputs];
            float[] outDl4j = new float[outputs];
            boolean saturated = true;
            for (float[] x : randomSequence(60, inputs, 5)) {
                java.step(x, hJava, cJava, outJava);
                dl4j.step(x, hDl4j, cDl4j, outDl4j);
                assertClose(outJava, outDl4j);
                for (int l = 0; l < hidden.length; l++) {
                    assertClose(hJava[l], hDl4j[l]);
                    assertClose(cJava[l], cDl4j[l]);
                    for (float v : hJava[l]) {
                        saturated &= Math.abs(v) > 0.99f || Math.abs(v) < 1e-3f;
                    }
                }
            }
            assertThat(saturated).as("the test network exercises the gates' middle range").isFalse();
        }
    }

    @Test
    void carriedStateGivesTheSameForecastAsTheWholeWindow() throws Exception {
        MultiLayerNetwork net = trainedNetwork(2, new int[] {32}, 48, 3);
        float[][] window = randomSequence(48, 2, 9);
        float[] reference = LstmNetworks.windowForecast(net, window);

        for (StepKernel kernel : new StepKernel[] {JavaLstmKernel.fromNetwork(net),
                new Dl4jStepKernel(LstmNetworks.fromBytes(LstmNetworks.toBytes(net)))}) {
            float[][] h = kernel.zeroState();
            float[][] c = kernel.zeroState();
            float[] out = new float[48];
            for (int t = 0; t < 24; t++) {
                kernel.step(window[t], h, c, out);
            }
            // the state leaves the kernel as plain arrays (as it would go to the state store) and comes back
            float[][] hStored = new float[][] {h[0].clone()};
            float[][] cStored = new float[][] {c[0].clone()};
            for (int t = 24; t < 48; t++) {
                kernel.step(window[t], hStored, cStored, out);
            }
            assertClose(out, reference);
        }
    }

    @Test
    void bytesRoundTripKeepsOutputsIdentical() throws Exception {
        MultiLayerNetwork net = trainedNetwork(1, new int[] {8}, 4, 1);
        MultiLayerNetwork back = LstmNetworks.fromBytes(LstmNetworks.toBytes(net));
        float[][] window = randomSequence(10, 1, 2);
        assertThat(LstmNetworks.windowForecast(back, window)).containsExactly(LstmNetworks.windowForecast(net, window));
    }

    @Test
    void copySharesWeightsButNotScratch() {
        JavaLstmKernel kernel = JavaLstmKernel.fromNetwork(trainedNetwork(1, new int[] {4}, 3, 2));
        JavaLstmKernel copy = kernel.copy();
        float[] x = {0.7f};
        float[] a = new float[3];
        float[] b = new float[3];
        kernel.step(x, kernel.zeroState(), kernel.zeroState(), a);
        copy.step(x, copy.zeroState(), copy.zeroState(), b);
        assertThat(b).containsExactly(a);
    }

    @Test
    void rejectsNetworksThatAreNotLstmPlusRnnOutput() {
        MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        dense.init();
        assertThatThrownBy(() -> JavaLstmKernel.fromNetwork(dense))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RnnOutputLayer");
    }
}
