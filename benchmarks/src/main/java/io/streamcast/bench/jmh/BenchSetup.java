package io.streamcast.bench.jmh;

import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.LstmSpec;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The model shape and inputs every benchmark here uses: untrained networks of the shape the trainer produces (one
 * LSTM layer), built as {@code streamcast bench} builds them (streamcast-cli's {@code BenchModels}). A step's
 * cost does not depend on how good the weights are.
 *
 * <p>DL4J settings: the networks come from {@link LstmNetworks#create}, like the serving {@code Dl4jStepKernel}'s:
 * FLOAT data type and DL4J's default workspace modes (training and inference {@code ENABLED}), no cache mode,
 * and ND4J's periodic {@code System.gc()} switched off by {@code LstmNetworks}' static initializer.
 */
final class BenchSetup {
    /**
     * Input features per step: the trainer's default feature set, {@code TrainerSettings.defaults().features()
     * .size()} in model-trainer. A constant here so that this module depends on forecast-core only; change it if
     * the trainer's defaults change.
     */
    static final int FEATURES = 6;

    /** H: outputs per step, the direct multi-horizon forecast (the service's default horizon). */
    static final int HORIZON = 48;

    /** Pre-generated input rows the benchmarks cycle through (a power of two: the index is masked). */
    static final int INPUT_ROWS = 1024;

    private static final long NETWORK_SEED = 7;

    private BenchSetup() {}

    /** A one-layer LSTM of the given width with {@link #FEATURES} inputs and {@link #HORIZON} outputs. */
    static MultiLayerNetwork network(int hidden) {
        MultiLayerNetwork net = LstmNetworks.create(new LstmSpec(FEATURES, new int[] {hidden}, HORIZON, NETWORK_SEED),
                1e-3);
        net.params().muli(0.5); // outputs near 0.1 scales, like a trained correction (as BenchModels does)
        return net;
    }

    /**
     * {@code rows} random feature vectors (standard normal), so that the JIT cannot constant-fold a step's input.
     */
    static float[][] randomInputs(int rows, long seed) {
        Random random = new Random(seed);
        float[][] xs = new float[rows][FEATURES];
        for (float[] x : xs) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
        }
        return xs;
    }
}
