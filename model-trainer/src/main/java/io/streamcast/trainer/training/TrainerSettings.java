package io.streamcast.trainer.training;

import io.streamcast.core.model.Feature;
import java.time.Duration;
import java.util.List;

/**
 * How the trainer trains and decides.
 *
 * @param hiddenSizes       LSTM layer widths
 * @param features          model inputs
 * @param sequenceLength    length T of the training sequences cut from each series
 * @param warmup            first steps of each sequence without a loss (the LSTM state is still cold there)
 * @param batchSize         sequences per minibatch
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
 */
public record TrainerSettings(int[] hiddenSizes, List<Feature> features, int sequenceLength, int warmup,
                              int batchSize, double learningRate, Duration maxTrainTime, int maxEpochs,
                              int minUpdates, int patience, int validateEvery, int validationSeries,
                              int validationPoints, double promoteMargin, long seed) {

    public static TrainerSettings defaults() {
        return new TrainerSettings(new int[] {32}, List.of(Feature.VALUE, Feature.SEASONAL_DIFF, Feature.HOUR_SIN,
                Feature.HOUR_COS, Feature.DOW_SIN, Feature.DOW_COS, Feature.DIFF), 96, 16, 32, 3e-3,
                Duration.ofSeconds(60), 40,
                300, 5, 25, 256, 96, 0.02, 42);
    }

    public TrainerSettings withMaxTrainTime(Duration d) {
        return new TrainerSettings(hiddenSizes, features, sequenceLength, warmup, batchSize, learningRate, d,
                maxEpochs, minUpdates, patience, validateEvery, validationSeries, validationPoints, promoteMargin,
                seed);
    }

    public TrainerSettings withValidationPoints(int points) {
        return new TrainerSettings(hiddenSizes, features, sequenceLength, warmup, batchSize, learningRate,
                maxTrainTime, maxEpochs, minUpdates, patience, validateEvery, validationSeries, points,
                promoteMargin, seed);
    }

    /** At most {@code passes} passes (or {@code minUpdates} updates if more), validating every {@code every}. */
    public TrainerSettings withPasses(int passes, int every) {
        return new TrainerSettings(hiddenSizes, features, sequenceLength, warmup, batchSize, learningRate,
                maxTrainTime, passes, minUpdates, patience, every, validationSeries, validationPoints,
                promoteMargin, seed);
    }

    public TrainerSettings withMinUpdates(int updates) {
        return new TrainerSettings(hiddenSizes, features, sequenceLength, warmup, batchSize, learningRate,
                maxTrainTime, maxEpochs, updates, patience, validateEvery, validationSeries, validationPoints,
                promoteMargin, seed);
    }

    public TrainerSettings withFeatures(List<Feature> inputs) {
        return new TrainerSettings(hiddenSizes, List.copyOf(inputs), sequenceLength, warmup, batchSize, learningRate,
                maxTrainTime, maxEpochs, minUpdates, patience, validateEvery, validationSeries, validationPoints,
                promoteMargin, seed);
    }

    public TrainerSettings withPatience(int validations) {
        return new TrainerSettings(hiddenSizes, features, sequenceLength, warmup, batchSize, learningRate,
                maxTrainTime, maxEpochs, minUpdates, validations, validateEvery, validationSeries,
                validationPoints, promoteMargin, seed);
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
}
