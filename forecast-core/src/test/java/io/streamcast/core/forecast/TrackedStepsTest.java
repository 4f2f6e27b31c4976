package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrackedStepsTest {

    @Test
    void powersOfTwoBelowHorizonPlusHorizon() {
        TrackedSteps t = new TrackedSteps(48);
        assertThat(t.count()).isEqualTo(7);
        int[] steps = new int[t.count()];
        for (int i = 0; i < t.count(); i++) {
            steps[i] = t.step(i);
        }
        assertThat(steps).containsExactly(1, 2, 4, 8, 16, 32, 48);
        assertThat(t.pendingSize()).isEqualTo(111);
        assertThat(t.pendingOffset(3)).isEqualTo(1 + 2 + 4);
        assertThat(new TrackedSteps(1).count()).isEqualTo(1);
        assertThat(new TrackedSteps(8).pendingSize()).isEqualTo(1 + 2 + 4 + 8);
    }

    @Test
    void widthsInterpolateInLogStep() {
        TrackedSteps t = new TrackedSteps(4); // steps 1, 2, 4
        double[] out = new double[4];
        t.interpolate(new float[] {1f, 2f, 4f}, out);
        assertThat(out[0]).isEqualTo(1.0);
        assertThat(out[1]).isEqualTo(2.0);
        // step 3 lies log(3/2)/log(2) = 0.585 of the way from step 2 to step 4
        assertThat(out[2]).isCloseTo(2 + 2 * Math.log(1.5) / Math.log(2), within(1e-9));
        assertThat(out[3]).isEqualTo(4.0);
    }
}
