package io.streamcast.trainer.training;

import io.streamcast.core.model.Feature;
import io.streamcast.core.model.Transform;
import java.time.Duration;
import java.util.List;

/**
 * How the trainer trains and decides.
 *
 * @param hiddenSizes       LSTM layer widths
 * @param features          model inputs
 * @param sequenceLength    length T of the training sequences cut from each series
 * @param warmup            first steps of each sequence without a loss (the LSTM state is still cold there)
 * @param batchSize         sequences per minibatch at most; a round on few sequences takes an eighth of them (at
 *                          least {@value #MIN_BATCH}), so that small data still gets many updates. DL4J's cost
 *                          per update grows far slower than the batch (overhead per time step dominates:
 *                          32 sequences took 200-300 ms here, 256 took 600 ms), so large data trains on large
 *                          batches
 * @param learningRate      Adam learning rate
 * @param maxTrainTime      wall-clock budget of one training run; the first minibatch update is made even when
 *                          the budget is spent before it, so a candidate is never left untrained
 * @param maxEpochs         passes at most, a pass being as many minibatch updates as it takes to draw as many
 *                          sequences as there are (minibatches are drawn series by series, not in passes)
 * @param minUpdates        minibatch updates allowed however few passes {@code maxEpochs} makes: on a small data
 *                          set a pass is a handful of updates, too few to learn from. The time budget and early
 *                          stopping still end training sooner
 * @param patience          validations without improvement before stopping early, i.e. patience × validateEvery
 *                          updates whatever the size of the data set
 * @param validateEvery     minibatch updates between two validations, however many a pass has: with many
 *                          sequences the model is validated within a pass, so a round whose time budget ends
 *                          mid-pass keeps the best weights it reached; with few it is not validated after every
 *                          short pass, which would end training after a few dozen updates and look at the gate's
 *                          origins every few updates (the updates after the last validation are validated at the
 *                          end)
 * @param validationSeries  series (their most recent origins) in the validation sample, at most: validating on
 *                          every series of a large data set would cost as much as training
 * @param validationPoints  forecast origins per series held back (the most recent) for early stopping, blend
 *                          selection and the promotion gate; {@code ModelTrainer} holds back more where few
 *                          series would give its gate too few blocks to estimate the noise from
 * @param promoteMargin     a candidate must beat the champion's MASE by this fraction (0.02 = 2 %)
 * @param seed              seed of initialization and sampling
 * @param relativeWeight    in log space, how much of each origin's loss weight follows its series' log scale (its
 *                          typical relative change) rather than being equal: 0 weighs errors as MASE does (in
 *                          units of each series' scale), 1 as relative errors (sMAPE's view, where a series with
 *                          deep troughs counts by its relative misses); measured on M4 Hourly's validation windows,
 *                          0.5 gave sMAPE 10.6 against 11.9 for 0 at MASE +0.01 (docs/accuracy.md)
 * @param transform         the space the model is trained in, or null to choose per round: log when every value
 *                          of every series is positive, else the series' units
 * @param carry             whether the model corrects the carried seasonal baseline, or null to choose per round
 *                          ({@code ModelTrainer#carryVariants})
 */
public record TrainerSettings(int[] hiddenSizes, List<Feature> features, int sequenceLength, int warmup,
                              int batchSize, double learningRate, Duration maxTrainTime, int maxEpochs,
                              int minUpdates, int patience, int validateEvery, int validationSeries,
                              int validationPoints, double promoteMargin, long seed, double relativeWeight,
                              Transform transform, Boolean carry) {
    /** The smallest minibatch a round draws, however few sequences it has. */
    public static final int MIN_BATCH = 32;
    /** The default wall-clock cap of a training run, in seconds (flags' defaults say it with this constant). */
    public static final int DEFAULT_TRAIN_SECONDS = 600;
    /** The default passes over the training sequences, at most. */
    public static final int DEFAULT_PASSES = 12;
    /** The default updates allowed however few passes make. */
    public static final int DEFAULT_MIN_UPDATES = 300;

    /**
     * LSTM-64 over the value, seasonal, calendar and second-season inputs, sequences of 96 steps (16 of warm-up),
     * minibatches of up to 256, Adam 6e-3, at most 12 passes (at least 300 updates) within 600 s, early stopping
     * after 8 validations 25 updates apart without improvement; the space chosen per round. Chosen on M4 Hourly's
     * validation windows (the last 48 points of each training series), docs/accuracy.md.
     */
    public static TrainerSettings defaults() {
        return new TrainerSettings(new int[] {64}, List.of(Feature.VALUE, Feature.SEASONAL_DIFF, Feature.HOUR_SIN,
                Feature.HOUR_COS, Feature.DOW_SIN, Feature.DOW_COS, Feature.DIFF, Feature.SEASON2_DIFF,
                Feature.SEASON2_AHEAD), 96, 16, 256, 6e-3, Duration.ofSeconds(DEFAULT_TRAIN_SECONDS), DEFAULT_PASSES,
                DEFAULT_MIN_UPDATES, 8, 25, 256, 96, 0.02, 42, 0.5, null, null);
    }

    public TrainerSettings withMaxTrainTime(Duration d) {
        return toBuilder().maxTrainTime(d).build();
    }

    public TrainerSettings withValidationPoints(int points) {
        return toBuilder().validationPoints(points).build();
    }

    /** At most {@code passes} passes (or {@code minUpdates} updates if more), validating every {@code every}. */
    public TrainerSettings withPasses(int passes, int every) {
        return toBuilder().maxEpochs(passes).validateEvery(every).build();
    }

    public TrainerSettings withMinUpdates(int updates) {
        return toBuilder().minUpdates(updates).build();
    }

    public TrainerSettings withFeatures(List<Feature> inputs) {
        return toBuilder().features(List.copyOf(inputs)).build();
    }

    public TrainerSettings withPatience(int validations) {
        return toBuilder().patience(validations).build();
    }

    public TrainerSettings withHiddenSizes(int... sizes) {
        return toBuilder().hiddenSizes(sizes.clone()).build();
    }

    public TrainerSettings withBatchSize(int sequences) {
        return toBuilder().batchSize(sequences).build();
    }

    public TrainerSettings withLearningRate(double rate) {
        return toBuilder().learningRate(rate).build();
    }

    public TrainerSettings withRelativeWeight(double weight) {
        return toBuilder().relativeWeight(weight).build();
    }

    /**
     * One of {@code parts} equal shares of this budget: passes, the updates allowed however few passes make, and
     * the wall-clock time, each divided (at least one pass and one update). A round that trains in two spaces
     * gives each a share, so it costs what a round in one space costs, on small data (where the updates floor
     * decides) as on large (where passes or time do).
     */
    public TrainerSettings share(int parts) {
        return toBuilder().maxEpochs(Math.max(1, maxEpochs / parts)).minUpdates(Math.max(1, minUpdates / parts))
                .maxTrainTime(maxTrainTime.dividedBy(parts)).build();
    }

    /** Whether the model corrects the carried seasonal baseline, or null to choose per round. */
    public TrainerSettings withCarry(Boolean carried) {
        return toBuilder().carry(carried).build();
    }

    /**
     * Whether a round on {@code sequences} training sequences ends on the updates floor rather than on its passes:
     * a small data set, where a pass is a handful of updates.
     */
    public boolean floorBound(int sequences) {
        return (long) maxEpochs * updatesPerPass(sequences) < minUpdates;
    }

    /** Minibatch updates of one pass over {@code sequences} training sequences: ceil(sequences / batch). */
    public int updatesPerPass(int sequences) {
        int batch = batchFor(sequences);
        return (sequences + batch - 1) / batch;
    }

    /** Whether the model corrects the carried seasonal baseline: {@link #carry()} set and true (null = plain). */
    public boolean carried() {
        return Boolean.TRUE.equals(carry);
    }

    /** The space to train in, or null to choose per round. */
    public TrainerSettings withTransform(Transform space) {
        return toBuilder().transform(space).build();
    }

    /**
     * The fewest points a series needs to be trained on at horizon H: one training sequence, then H steps before
     * the held-back origins, and the H actuals of an origin.
     */
    public int minTrainablePoints(int horizon) {
        return sequenceLength + 2 * horizon + 1;
    }

    public Feature[] featureArray() {
        return features.toArray(Feature[]::new);
    }

    /** The minibatch of a round on {@code sequences} training sequences: an eighth of them, within [32, batchSize]. */
    public int batchFor(int sequences) {
        return Math.max(Math.min(MIN_BATCH, batchSize), Math.min(batchSize, sequences / 8));
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** A changed copy, one field at a time. */
    static final class Builder {
        private int[] hiddenSizes;
        private List<Feature> features;
        private int sequenceLength;
        private int warmup;
        private int batchSize;
        private double learningRate;
        private Duration maxTrainTime;
        private int maxEpochs;
        private int minUpdates;
        private int patience;
        private int validateEvery;
        private int validationSeries;
        private int validationPoints;
        private double promoteMargin;
        private long seed;
        private double relativeWeight;
        private Transform transform;
        private Boolean carry;

        private Builder(TrainerSettings s) {
            hiddenSizes = s.hiddenSizes;
            features = s.features;
            sequenceLength = s.sequenceLength;
            warmup = s.warmup;
            batchSize = s.batchSize;
            learningRate = s.learningRate;
            maxTrainTime = s.maxTrainTime;
            maxEpochs = s.maxEpochs;
            minUpdates = s.minUpdates;
            patience = s.patience;
            validateEvery = s.validateEvery;
            validationSeries = s.validationSeries;
            validationPoints = s.validationPoints;
            promoteMargin = s.promoteMargin;
            seed = s.seed;
            relativeWeight = s.relativeWeight;
            transform = s.transform;
            carry = s.carry;
        }

        Builder hiddenSizes(int[] v) { hiddenSizes = v; return this; }
        Builder features(List<Feature> v) { features = v; return this; }
        Builder batchSize(int v) { batchSize = v; return this; }
        Builder learningRate(double v) { learningRate = v; return this; }
        Builder maxTrainTime(Duration v) { maxTrainTime = v; return this; }
        Builder maxEpochs(int v) { maxEpochs = v; return this; }
        Builder minUpdates(int v) { minUpdates = v; return this; }
        Builder patience(int v) { patience = v; return this; }
        Builder validateEvery(int v) { validateEvery = v; return this; }
        Builder validationPoints(int v) { validationPoints = v; return this; }
        Builder relativeWeight(double v) { relativeWeight = v; return this; }
        Builder transform(Transform v) { transform = v; return this; }
        Builder carry(Boolean v) { carry = v; return this; }

        TrainerSettings build() {
            return new TrainerSettings(hiddenSizes, features, sequenceLength, warmup, batchSize, learningRate,
                    maxTrainTime, maxEpochs, minUpdates, patience, validateEvery, validationSeries, validationPoints,
                    promoteMargin, seed, relativeWeight, transform, carry);
        }
    }
}
