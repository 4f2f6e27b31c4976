package io.streamcast.bench.jmh;

import io.streamcast.core.model.JavaLstmKernel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one forecast costs without carried state: the key's whole window of W observations run through the
 * network from a zero state, the forecast being the output at the last step. Average time per forecast, in
 * microseconds. Why: carried state is the design's central bet; this is the cost it avoids, to set against
 * {@link CarriedStepBenchmark} (the JMH version of {@code streamcast bench}'s {@code step.window_us}).
 *
 * <ul>
 *   <li>{@link #dl4jOutput}: DL4J {@code net.output} over the window as one {@code [1, features, W]} input
 *       (built with one copy from a feature-major {@code float[]}, as a key's stored window would be), then the
 *       last time step's H outputs read out.
 *   <li>{@link #javaSteps}: the plain-Java serving kernel stepping W times from a zeroed (h, c).
 * </ul>
 *
 * <p>Inputs cycle through {@link #WINDOWS} pre-generated random windows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class WindowRecomputeBenchmark {
    /** Pre-generated windows cycled through (a power of two: the index is masked). */
    static final int WINDOWS = 16;

    /** Width of the LSTM layer. */
    @Param({"32", "64"})
    public int hidden;

    /** W: observations per window (48 is the service default; 168 a week of hourly data). */
    @Param({"48", "168"})
    public int window;

    MultiLayerNetwork net;
    JavaLstmKernel java;
    /** Per window: the W steps' features, {@code [W][FEATURES]}, as the Java kernel takes them. */
    float[][][] stepMajor;
    /** The same windows feature-major, {@code FEATURES * W}: a {@code [1, FEATURES, W]} array in 'c' order. */
    float[][] featureMajor;
    private float[][] h;
    private float[][] c;
    private float[] out;
    private int cursor;

    @Setup(Level.Trial)
    public void setup() {
        net = BenchSetup.network(hidden);
        java = JavaLstmKernel.fromNetwork(net);
        h = java.zeroState();
        c = java.zeroState();
        out = new float[java.outputSize()];
        stepMajor = new float[WINDOWS][][];
        featureMajor = new float[WINDOWS][BenchSetup.FEATURES * window];
        for (int w = 0; w < WINDOWS; w++) {
            stepMajor[w] = BenchSetup.randomInputs(window, 100 + w);
            for (int t = 0; t < window; t++) {
                for (int i = 0; i < BenchSetup.FEATURES; i++) {
                    featureMajor[w][i * window + t] = stepMajor[w][t][i];
                }
            }
        }
        cursor = 0;
    }

    /** DL4J's forecast for window {@code w}: {@code output()} over all W steps, the last step's outputs. */
    float[] dl4jForecast(int w) {
        INDArray input = Nd4j.create(featureMajor[w], new long[] {1, BenchSetup.FEATURES, window}, 'c');
        INDArray output = net.output(input, false); // [1, H, W]
        return output.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(window - 1))
                .toFloatVector();
    }

    /** The Java kernel's forecast for window {@code w}: W steps from a zero state, the last step's outputs. */
    float[] javaForecast(int w) {
        for (int l = 0; l < h.length; l++) {
            Arrays.fill(h[l], 0f);
            Arrays.fill(c[l], 0f);
        }
        float[][] steps = stepMajor[w];
        for (float[] x : steps) {
            java.step(x, h, c, out);
        }
        return out;
    }

    @Benchmark
    public void dl4jOutput(Blackhole bh) {
        bh.consume(dl4jForecast(cursor++ & (WINDOWS - 1)));
    }

    @Benchmark
    public void javaSteps(Blackhole bh) {
        bh.consume(javaForecast(cursor++ & (WINDOWS - 1)));
    }
}
