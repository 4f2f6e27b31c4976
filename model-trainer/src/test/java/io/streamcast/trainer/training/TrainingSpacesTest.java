package io.streamcast.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Transform;
import io.streamcast.trainer.SeriesHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which spaces a round trains in: log space only where the log can take every value, the gate choosing. */
class TrainingSpacesTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(48).season(24)
            .maxGapFill(3).build();

    private static SeriesHistory series(float... values) {
        long[] ts = new long[values.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_700_000_000_000L + i * 3_600_000L;
        }
        return new SeriesHistory("s" + values.length, ts, values);
    }

    @Test
    void positiveDataTrainsInBothSpacesAndDataWithAZeroOrANegativeValueInTheSeriesUnitsOnly() {
        ModelTrainer trainer = new ModelTrainer(SETTINGS, TrainerSettings.defaults(), "m");
        assertThat(trainer.spaces(List.of(series(1, 2, 3), series(0.5f, 7)))).containsExactly(Transform.LOG,
                Transform.NONE);
        assertThat(trainer.spaces(List.of(series(1, 2, 3), series(0.5f, 0)))).containsExactly(Transform.NONE);
        assertThat(trainer.spaces(List.of(series(-1, 2)))).containsExactly(Transform.NONE);
        assertThat(trainer.spaces(List.of(series(Float.NaN, 2)))).containsExactly(Transform.NONE);
    }

    @Test
    void aShareDividesPassesUpdatesAndTime() {
        TrainerSettings half = TrainerSettings.defaults().share(2);
        assertThat(half.maxEpochs()).isEqualTo(TrainerSettings.DEFAULT_PASSES / 2);
        assertThat(half.minUpdates()).isEqualTo(TrainerSettings.DEFAULT_MIN_UPDATES / 2);
        assertThat(half.maxTrainTime()).isEqualTo(Duration.ofSeconds(TrainerSettings.DEFAULT_TRAIN_SECONDS / 2));
        TrainerSettings tiny = TrainerSettings.defaults().withPasses(1, 25).withMinUpdates(1).share(4);
        assertThat(tiny.maxEpochs()).isEqualTo(1);
        assertThat(tiny.minUpdates()).isEqualTo(1);
    }

    @Test
    void aSmallRoundTrainsEachSpaceOnBothBaselinesEachOnTheShareOfOneSpace() throws Exception {
        float[] a = new float[400];
        float[] b = new float[399]; // another length, another id
        for (int i = 0; i < a.length; i++) { // positive daily cycles: both spaces train
            a[i] = (float) (50 + 20 * Math.sin(2 * Math.PI * i / 24) + (i * 37 % 11));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (10 + 5 * Math.cos(2 * Math.PI * i / 24) + (i * 13 % 7));
        }
        TrainerSettings budget = TrainerSettings.defaults().withHiddenSizes(8).withPasses(1, 4).withMinUpdates(8)
                .withMaxTrainTime(Duration.ofSeconds(40)).withValidationPoints(24);
        List<String> progress = new ArrayList<>();
        new ModelTrainer(SETTINGS, budget, "m").run(List.of(series(a), series(b)), null, "v1", progress::add);
        List<String> plans = progress.stream().filter(line -> line.startsWith("training on ")).toList();
        // one pass of a few sequences is below the updates floor: small data, so the carried baseline is tried too,
        // on the same updates and at most the same time (what the first two left of the round's 40 s)
        assertThat(plans).hasSize(4)
                .allSatisfy(line -> assertThat(line).containsPattern("at most 4 updates or \\d+ s$"));
        assertThat(plans.subList(0, 2)).allSatisfy(line -> assertThat(line).endsWith("at most 4 updates or 20 s"));
        assertThat(progress).contains("training in log space (1 of 2)", "training in the series' units (2 of 4)",
                "training in log space, the carried seasonal baseline (3 of 4)",
                "training in the series' units, the carried seasonal baseline (4 of 4)");
        assertThat(progress).anyMatch(line -> line.startsWith("candidate in ")
                && line.endsWith(": the best on the gate's origins"));
    }

    @Test
    void theCarriedVariantsShareWhatIsLeftOfTheRoundsTime() {
        Duration share = Duration.ofSeconds(300); // two spaces of a 600 s round
        // nothing spent yet: their share
        assertThat(ModelTrainer.timeLeft(Duration.ofSeconds(600), 0, 2, share)).isEqualTo(share);
        // the plain variants took 70 s: two carried ones split the 530 s left
        assertThat(ModelTrainer.timeLeft(Duration.ofSeconds(600), 70, 2, share)).isEqualTo(Duration.ofSeconds(265));
        // they took 500 s: the 100 s left, split between the two
        assertThat(ModelTrainer.timeLeft(Duration.ofSeconds(600), 500, 2, share)).isEqualTo(Duration.ofSeconds(50));
        assertThat(ModelTrainer.timeLeft(Duration.ofSeconds(600), 500, 1, share)).isEqualTo(Duration.ofSeconds(100));
        // nothing left: no carried variant
        assertThat(ModelTrainer.timeLeft(Duration.ofSeconds(600), 599.5, 2, share)).isNull();
    }

    @Test
    void onlyARoundThatEndsOnTheUpdatesFloorIsSmallData() {
        TrainerSettings half = TrainerSettings.defaults().share(2); // 6 passes, a floor of 150 updates
        assertThat(half.floorBound(94)).isTrue(); // one series of nyc_taxi: batch 32, 3 updates a pass
        assertThat(half.floorBound(800)).isTrue(); // batch 100, 8 a pass: 48 < 150
        assertThat(half.floorBound(3_300)).isTrue(); // batch 256, 13 a pass: 78 < 150
        assertThat(half.floorBound(6_400)).isFalse(); // 25 a pass: 150, the floor itself
        assertThat(half.floorBound(10_000)).isFalse(); // M4 Hourly's rounds: 40 a pass, 240 updates
    }

    @Test
    void aConfiguredSpaceIsTheOnlyOne() {
        ModelTrainer log = new ModelTrainer(SETTINGS, TrainerSettings.defaults().withTransform(Transform.LOG), "m");
        assertThat(log.spaces(List.of(series(1, 2)))).containsExactly(Transform.LOG);
        ModelTrainer units = new ModelTrainer(SETTINGS, TrainerSettings.defaults().withTransform(Transform.NONE), "m");
        assertThat(units.spaces(List.of(series(1, 2)))).containsExactly(Transform.NONE);
    }
}
