package io.streamcast.bench.jmh;

import io.streamcast.core.model.Dl4jStepKernel;
import io.streamcast.core.model.JavaLstmKernel;
import io.streamcast.core.model.StepKernel;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
 * One carried LSTM step of one key (batch 1): what the forecaster pays per observation. Average time per
 * key-step, in microseconds.
 *
 * <p>Measures {@link StepKernel#step}, which for both kernels includes taking the key's carried (h, c) and
 * handing the next one back: a no-op for the plain-Java kernel (it updates the {@code float[]} in place), and
 * for DL4J building the state {@code INDArray}s, {@code rnnSetPreviousState}, {@code rnnTimeStep} and
 * {@code rnnGetPreviousState} copied back out. Why: the Java kernel is the serving path and DL4J the reference;
 * this is the JMH version of {@code streamcast bench}'s {@code step.carried_us} / {@code step.dl4j_carried_us}.
 *
 * <p>The state carries over from one invocation to the next, as it does per key in the store; inputs cycle
 * through {@link BenchSetup#INPUT_ROWS} pre-generated random rows so that nothing can be constant-folded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class CarriedStepBenchmark {
    /** Width of the LSTM layer. */
    @Param({"32", "64"})
    public int hidden;

    /** {@code java}: {@link JavaLstmKernel} (serving); {@code dl4j}: {@link Dl4jStepKernel} (reference). */
    @Param({"java", "dl4j"})
    public String kernel;

    StepKernel stepKernel;
    float[][] h;
    float[][] c;
    float[] out;
    private float[][] inputs;
    private int cursor;

    @Setup(Level.Trial)
    public void setup() {
        MultiLayerNetwork net = BenchSetup.network(hidden);
        stepKernel = switch (kernel) {
            case "java" -> JavaLstmKernel.fromNetwork(net);
            case "dl4j" -> new Dl4jStepKernel(net);
            default -> throw new IllegalArgumentException("kernel must be java or dl4j: " + kernel);
        };
        h = stepKernel.zeroState();
        c = stepKernel.zeroState();
        out = new float[stepKernel.outputSize()];
        inputs = BenchSetup.randomInputs(BenchSetup.INPUT_ROWS, 1);
        cursor = 0;
    }

    /** One carried step of the key with the next input; returns the step's H outputs. */
    float[] step() {
        stepKernel.step(inputs[cursor++ & (BenchSetup.INPUT_ROWS - 1)], h, c, out);
        return out;
    }

    @Benchmark
    public void carriedStep(Blackhole bh) {
        bh.consume(step());
    }
}
