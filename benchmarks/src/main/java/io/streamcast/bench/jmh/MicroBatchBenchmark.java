package io.streamcast.bench.jmh;

import io.streamcast.core.model.JavaLstmKernel;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Whether micro-batching keys would rescue DL4J: N keys stepped as one {@code rnnTimeStep} minibatch against the
 * plain-Java kernel stepping the same N keys one after another. Average time per <b>key-step</b>, in
 * microseconds. Why: DL4J's cost at batch 1 is dispatch and allocation, which a batch spreads over its keys; but
 * in the topology each key's state lives in the store, so a batch also has to gather the keys' (h, c) into the
 * batch's state arrays and scatter them back, and that is included (see {@link Dl4jBatchStep}).
 *
 * <p>Per-key-step figures: JMH's {@code @OperationsPerInvocation} takes a compile-time constant, not a
 * {@code @Param}, so every invocation does the same {@link #KEY_STEPS} key-steps: {@code KEY_STEPS / keys}
 * rounds, each advancing all {@code keys} keys by one step. The state carries over between rounds and
 * invocations; inputs cycle through {@link BenchSetup#INPUT_ROWS} pre-generated random rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class MicroBatchBenchmark {
    /** Key-steps per invocation: a multiple of every {@link #keys} value. */
    static final int KEY_STEPS = 256;

    /** Width of the LSTM layer. */
    @Param({"32", "64"})
    public int hidden;

    /** N: keys per batch (DL4J) or stepped in turn (Java). Must divide {@link #KEY_STEPS}. */
    @Param({"1", "16", "64", "256"})
    public int keys;

    Dl4jBatchStep batch;
    JavaLstmKernel java;
    KeyStates dl4jKeys;
    KeyStates javaKeys;
    private float[][] inputs;
    private float[][] dl4jRoundInputs;
    private float[][] javaRoundInputs;
    private int dl4jCursor;
    private int javaCursor;
    private int rounds;

    @Setup(Level.Trial)
    public void setup() {
        if (keys < 1 || KEY_STEPS % keys != 0) {
            throw new IllegalArgumentException("keys must divide " + KEY_STEPS + ": " + keys);
        }
        rounds = KEY_STEPS / keys;
        MultiLayerNetwork net = BenchSetup.network(hidden);
        java = JavaLstmKernel.fromNetwork(net);
        batch = new Dl4jBatchStep(net, keys);
        dl4jKeys = new KeyStates(java, keys);
        javaKeys = new KeyStates(java, keys);
        inputs = BenchSetup.randomInputs(BenchSetup.INPUT_ROWS, 1);
        dl4jRoundInputs = new float[keys][];
        javaRoundInputs = new float[keys][];
        dl4jCursor = 0;
        javaCursor = 0;
    }

    /** One round through DL4J: every key one step, as one minibatch. Results in {@link #dl4jKeys}. */
    void dl4jRound() {
        for (int k = 0; k < keys; k++) {
            dl4jRoundInputs[k] = inputs[dl4jCursor++ & (BenchSetup.INPUT_ROWS - 1)];
        }
        batch.step(dl4jRoundInputs, dl4jKeys);
    }

    /**
     * One round through the Java kernel: every key one step, one key after another, on the same inputs as the
     * same round of {@link #dl4jRound}. Results in {@link #javaKeys}.
     */
    void javaRound() {
        for (int k = 0; k < keys; k++) {
            javaRoundInputs[k] = inputs[javaCursor++ & (BenchSetup.INPUT_ROWS - 1)];
        }
        for (int k = 0; k < keys; k++) {
            java.step(javaRoundInputs[k], javaKeys.h[k], javaKeys.c[k], javaKeys.out[k]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(KEY_STEPS)
    public void dl4jBatched(Blackhole bh) {
        for (int r = 0; r < rounds; r++) {
            dl4jRound();
        }
        bh.consume(dl4jKeys.out);
    }

    @Benchmark
    @OperationsPerInvocation(KEY_STEPS)
    public void javaPerKey(Blackhole bh) {
        for (int r = 0; r < rounds; r++) {
            javaRound();
        }
        bh.consume(javaKeys.out);
    }
}
