package io.streamcast.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.trainer.backtest.PromotionGate.Decision;
import io.streamcast.trainer.backtest.PromotionGate.Outcome;
import org.junit.jupiter.api.Test;

class UntrainedRefusalTest {
    private static final Decision REFUSED = new Decision(Outcome.REFUSE, "candidate MASE 0.7880 does not beat the "
            + "baseline 0.7880");

    private static LstmTrainer.Result trained(double loss, double initial) {
        return new LstmTrainer.Result(null, 3, 70, loss, initial, 200, 20.0);
    }

    @Test
    void aRefusalAfterTrainingThatNeverImprovedSaysSoFirst() {
        Decision d = ModelTrainer.untrained(REFUSED, trained(306.4831, 306.4831), null);
        assertEquals(Outcome.REFUSE, d.outcome());
        assertTrue(d.reason().startsWith("training did not improve on the untrained network"), d.reason());
        assertTrue(d.reason().contains("after 70 updates"), d.reason());
        assertTrue(d.reason().endsWith(REFUSED.reason()), d.reason());
    }

    @Test
    void aWarmStartThatNeverImprovedNamesTheChampionsWeights() {
        Decision retired = new Decision(Outcome.RETIRE, "champion fell behind");
        Decision d = ModelTrainer.untrained(retired, trained(10, 10), "the champion's weights it started from");
        assertEquals(Outcome.RETIRE, d.outcome());
        assertTrue(d.reason().contains("the champion's weights"), d.reason());
        // the retirement leads; why the candidate could not replace the champion follows
        assertTrue(d.reason().startsWith("champion fell behind; training did not improve on the champion's"),
                d.reason());
    }

    @Test
    void decisionsAfterTrainingThatImprovedAreUnchanged() {
        assertSame(REFUSED, ModelTrainer.untrained(REFUSED, trained(290, 306), null));
        Decision promoted = new Decision(Outcome.PROMOTE, "beats");
        assertSame(promoted, ModelTrainer.untrained(promoted, trained(306, 306), null));
    }

    @Test
    void aNanValidationLossCountsAsNoImprovement() {
        assertTrue(ModelTrainer.untrained(REFUSED, trained(Double.NaN, 306), null).reason()
                .startsWith("training did not improve"));
    }
}
