package io.streamcast.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.model.LstmNetworks;
import org.junit.jupiter.api.Test;

/**
 * The paths each benchmark compares compute the same thing (within 1e-5), through the benchmarks' own setup and
 * step code, so that a benchmark cannot quietly time a wrong computation (a gather that mixes up keys, a window
 * laid out in the wrong order). No timing here.
 */
class BenchmarkPathsAgreeTest {
    private static final double TOLERANCE = 1e-5;
    private static final int[] HIDDEN = {32, 64};

    @Test
    void microBatchedDl4jStepsEachKeyAsTheJavaKernelStepsItAlone() {
        for (int hidden : HIDDEN) {
            for (int keys : new int[] {1, 16, 64, 256}) {
                MicroBatchBenchmark bench = new MicroBatchBenchmark();
                bench.hidden = hidden;
                bench.keys = keys;
                bench.setup();
                for (int step = 0; step < 4; step++) {
                    bench.dl4jRound();
                    bench.javaRound();
                    for (int k = 0; k < keys; k++) {
                        String where = "hidden " + hidden + ", " + keys + " keys, step " + step + ", key " + k;
                        assertClose(bench.dl4jKeys.out[k], bench.javaKeys.out[k], where + ", outputs");
                        assertClose(bench.dl4jKeys.h[k][0], bench.javaKeys.h[k][0], where + ", h");
                        assertClose(bench.dl4jKeys.c[k][0], bench.javaKeys.c[k][0], where + ", c");
                    }
                }
                // not trivially equal: the state moved, and keys fed different inputs hold different state
                assertThat(bench.javaKeys.h[0][0]).as("h after 4 steps").isNotEqualTo(new float[hidden]);
                if (keys > 1) {
                    assertThat(bench.javaKeys.h[keys - 1][0]).isNotEqualTo(bench.javaKeys.h[0][0]);
                }
            }
        }
    }

    @Test
    void windowRecomputeByDl4jOutputEqualsJavaStepsFromZeroState() {
        for (int hidden : HIDDEN) {
            for (int window : new int[] {48, 168}) {
                WindowRecomputeBenchmark bench = new WindowRecomputeBenchmark();
                bench.hidden = hidden;
                bench.window = window;
                bench.setup();
                for (int w = 0; w < 2; w++) {
                    String where = "hidden " + hidden + ", W " + window + ", window " + w;
                    float[] dl4j = bench.dl4jForecast(w);
                    assertThat(dl4j).hasSize(BenchSetup.HORIZON);
                    assertClose(bench.javaForecast(w).clone(), dl4j, where);
                }
                // the feature-major copy DL4J is given is the same window: DL4J's own reference path agrees
                assertClose(LstmNetworks.windowForecast(bench.net, bench.stepMajor[1]), bench.dl4jForecast(1),
                        "hidden " + hidden + ", W " + window + ", reference");
            }
        }
    }

    @Test
    void carriedStepKernelsAgreeStepByStep() {
        for (int hidden : HIDDEN) {
            CarriedStepBenchmark java = carried(hidden, "java");
            CarriedStepBenchmark dl4j = carried(hidden, "dl4j");
            for (int step = 0; step < 8; step++) {
                String where = "hidden " + hidden + ", step " + step;
                assertClose(java.step(), dl4j.step(), where + ", outputs");
                assertClose(java.h[0], dl4j.h[0], where + ", h");
                assertClose(java.c[0], dl4j.c[0], where + ", c");
            }
        }
    }

    private static CarriedStepBenchmark carried(int hidden, String kernel) {
        CarriedStepBenchmark bench = new CarriedStepBenchmark();
        bench.hidden = hidden;
        bench.kernel = kernel;
        bench.setup();
        return bench;
    }

    /** Largest element difference within the tolerance (NaN fails): one assertion per array keeps this fast. */
    private static void assertClose(float[] actual, float[] expected, String where) {
        assertThat(actual).as(where).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]));
        }
        assertThat(worst).as("%s: largest difference", where).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Both shapes the per-record benchmark compares serve the model (not the baseline) on every primed key. */
    @Test
    void perRecordBenchmarkServesTheModelAtBothShapes() throws Exception {
        for (String[] shape : new String[][] {{"32", "48", "units"}, {"64", "169", "log"}}) {
            PerRecordBenchmark bench = new PerRecordBenchmark();
            bench.keys = 4;
            bench.hidden = Integer.parseInt(shape[0]);
            bench.window = Integer.parseInt(shape[1]);
            bench.space = shape[2];
            bench.setup();
            for (var forecast : bench.primedForecasts) {
                assertThat(forecast.modelVersion()).as(String.join(" ", shape)).isEqualTo("bench");
            }
            assertThat(bench.encodeState().length).isPositive();
        }
    }
}
