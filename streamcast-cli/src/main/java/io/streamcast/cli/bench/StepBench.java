package io.streamcast.cli.bench;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Dl4jStepKernel;
import io.streamcast.core.model.JavaLstmKernel;
import io.streamcast.core.model.StepKernel;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The cost of one key's step, in process: one carried step (the serving path) against recomputing the key's
 * whole window from a zero state (what serving would cost without carried state), for the plain-Java kernel that
 * serves and for DL4J's rnnTimeStep. Timed loops after a warm-up, reported as microseconds per forecast; the
 * ratio is what matters, both sides run in the same JVM moments apart.
 */
final class StepBench {
    private StepBench() {}

    /**
     * Microseconds per forecast of one key's step: carried and window recompute with the serving kernel, and
     * carried through DL4J.
     */
    record Result(int hidden, int window, double carriedUs, double windowUs, double dl4jCarriedUs) {}

    static Result run(ForecastSettings settings, int hidden, boolean quick) {
        int window = settings.window();
        MultiLayerNetwork net = BenchModels.network(settings, hidden, 7);
        int features = (int) net.getLayer(0).getParam("W").size(0);
        float[][] inputs = new float[1024][features];
        Random random = new Random(1);
        for (float[] x : inputs) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
        }
        double budget = quick ? 0.5 : 2.0; // seconds per measurement
        StepKernel java = JavaLstmKernel.fromNetwork(net);
        double carried = carried(java, inputs, budget);
        double windowed = window(java, inputs, window, budget);
        double dl4j = carried(new Dl4jStepKernel(net.clone()), inputs, budget);
        return new Result(hidden, window, carried, windowed, dl4j);
    }

    /** Microseconds per carried step. */
    private static double carried(StepKernel k, float[][] inputs, double seconds) {
        float[][] h = k.zeroState();
        float[][] c = k.zeroState();
        float[] out = new float[k.outputSize()];
        loop(() -> k.step(inputs[0], h, c, out), 0.2); // warm-up
        int[] i = {0};
        return loop(() -> k.step(inputs[i[0]++ & 1023], h, c, out), seconds);
    }

    /** Microseconds per forecast when every forecast re-runs the key's window from a zero state. */
    private static double window(StepKernel k, float[][] inputs, int window, double seconds) {
        float[] out = new float[k.outputSize()];
        Runnable forecast = () -> {
            float[][] h = k.zeroState();
            float[][] c = k.zeroState();
            for (int t = 0; t < window; t++) {
                k.step(inputs[t & 1023], h, c, out);
            }
        };
        loop(forecast, 0.2);
        return loop(forecast, seconds);
    }

    private static double loop(Runnable r, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                r.run();
            }
            n += 16;
            now = System.nanoTime();
        } while (now < deadline);
        return (now - start) / 1e3 / n;
    }
}
