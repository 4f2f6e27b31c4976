package io.streamcast.trainer.training;

import io.streamcast.core.forecast.FeatureTrace;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.LstmSpec;
import io.streamcast.core.model.Transform;
import io.streamcast.trainer.SeriesHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains one global LSTM across all series: sequences cut from every series' {@link FeatureTrace} (so inputs
 * are exactly what serving computes), targets = the correction to seasonal naive in units of the series scale
 * for all H steps at every time step, L1 loss (the MASE numerator after scaling), Adam with element-wise
 * gradient clipping, a fixed seed. Minibatches draw a series uniformly, then one of its sequences, so every
 * series weighs alike, as in MASE. Validated every {@code validateEvery} minibatch updates, however short a pass, on
 * the most recent origins of a fixed sample of series; stops early after {@code patience} validations without
 * improvement, at the time budget (after the first update, which is always made) or after
 * max({@code minUpdates}, {@code maxEpochs} passes) updates, and keeps the best weights validated.
 *
 * <p>The output layer starts at zero, i.e. the untrained model <em>is</em> seasonal naive and training can only
 * move it where the data says so. Warm-starts from the champion's network when its shape matches.
 */
public final class LstmTrainer {
    /**
     * @param epochs    passes made: updates / updates of a pass (ceil(sequences / batch size))
     * @param updates   minibatch updates, at least 1
     * @param sequences training sequences cut
     */
    public record Result(MultiLayerNetwork network, int epochs, int updates, double validationLoss,
                         double initialLoss, int sequences, double seconds) {}

    record Sequence(FeatureTrace trace, int start, int firstOrigin, int endOrigin) {}

    /**
     * A series' weight in the loss: 1 in the series' units; in log space {@code 1 - w + w * scale / median scale}
     * ({@link TrainerSettings#relativeWeight()} w, its scale the median over its training sequences), so that its
     * errors count partly by their relative size. Applied by drawing the series that often
     * ({@link SeriesWeightedSampler}).
     */
    private record Weights(double relative, double medianScale) {
        double of(double seriesScale) {
            return relative == 0 ? 1 : 1 - relative + relative * seriesScale / medianScale;
        }
    }

    /** Training sequences (a series' ones contiguous, as {@code sampler} indexes them) and validation ones. */
    record Sequences(List<Sequence> training, SeriesWeightedSampler sampler, List<Sequence> validation) {}

    private final ForecastSettings settings;
    private final TrainerSettings ts;
    private final Transform transform;
    private final int inputs;
    private int batchSize;

    /** @param trainerSettings its transform is the space trained in (null = the series' units) */
    public LstmTrainer(ForecastSettings settings, TrainerSettings trainerSettings) {
        this.settings = settings;
        this.ts = trainerSettings;
        this.transform = trainerSettings.transform() == null ? Transform.NONE : trainerSettings.transform();
        this.inputs = Feature.inputSize(trainerSettings.featureArray(), settings.horizon());
    }

    /**
     * @param warmStart a network to continue from (not modified), or null
     * @param progress  receives a line before the first update and one per validation, or null
     * @return null when the histories are too short to cut a single training sequence
     */
    public Result train(List<SeriesHistory> histories, MultiLayerNetwork warmStart, Consumer<String> progress) {
        long started = System.nanoTime();
        Sequences cut = cut(histories);
        if (cut == null) {
            return null;
        }
        List<Sequence> training = cut.training();
        List<Sequence> validation = cut.validation();
        Random random = new Random(ts.seed());
        if (validation.size() > ts.validationSeries()) { // a fixed sample: the same series at every validation
            Collections.shuffle(validation, random);
            validation = validation.subList(0, ts.validationSeries());
        }
        batchSize = ts.batchFor(training.size());
        int updatesPerPass = ts.updatesPerPass(training.size());
        // Not capped at a pass: with one or two series a pass is 5-10 updates, and validating after each made
        // patience (counted in validations) 25-50 updates, fewer than an LSTM takes to leave its first plateau, and
        // looked 3-5 times as often at the origins the gate scores the candidate on.
        int validateEvery = Math.max(1, ts.validateEvery());
        long maxUpdates = Math.max(1, Math.max(ts.minUpdates(), (long) ts.maxEpochs() * updatesPerPass));
        if (progress != null) {
            progress.accept(String.format("training on %d sequences of %d series (%d validation series), batch %d, "
                    + "at most %d updates or %d s", training.size(), cut.sampler().series(), validation.size(),
                    batchSize, maxUpdates, ts.maxTrainTime().toSeconds()));
        }
        MultiLayerNetwork net = startingNetwork(warmStart);
        DataSet validationSet = batch(validation);
        // DL4J's score is the sum of |error| over the batch's points divided by its sequences; per point:
        double perPoint = validation.size() / Math.max(1e-9, validationSet.getLabelsMaskArray().sumNumber()
                .doubleValue() * settings.horizon());
        double initial = net.score(validationSet) * perPoint;
        BestWeights best = new BestWeights(initial, net);
        long deadline = started + ts.maxTrainTime().toNanos();
        List<Sequence> minibatch = new ArrayList<>(batchSize);
        int updates = 0;
        int sinceBest = 0;
        // The first update is made whatever the budget: cutting and the first validation of a large data set may
        // spend it all, and a candidate that never trained is no candidate.
        while (updates < maxUpdates && (updates == 0 || System.nanoTime() <= deadline)) {
            minibatch.clear();
            for (int k = 0; k < batchSize; k++) {
                minibatch.add(training.get(cut.sampler().next(random)));
            }
            net.fit(batch(minibatch));
            updates++;
            if (updates % validateEvery != 0) {
                continue;
            }
            double loss = net.score(validationSet) * perPoint;
            sinceBest = best.offer(loss, net) ? 0 : sinceBest + 1;
            if (progress != null) {
                progress.accept(String.format("update %d/%d (pass %.1f), %.0f s: validation loss %.4f (best %.4f, "
                        + "untrained %.4f)", updates, maxUpdates, (double) updates / updatesPerPass,
                        (System.nanoTime() - started) / 1e9, loss, best.loss, initial));
            }
            if (sinceBest >= ts.patience()) {
                break;
            }
        }
        if (updates % validateEvery != 0) { // the updates since the last validation count too
            best.offer(net.score(validationSet) * perPoint, net);
        }
        net.setParams(best.params);
        return new Result(net, updates / updatesPerPass, updates, best.loss, initial, training.size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** The sequences of every series long enough, or null when not a single training sequence can be cut. */
    Sequences cut(List<SeriesHistory> histories) {
        int h = settings.horizon();
        int length = ts.sequenceLength();
        List<Sequence> training = new ArrayList<>();
        List<Integer> perSeries = new ArrayList<>();
        List<Sequence> validation = new ArrayList<>();
        for (SeriesHistory s : histories) {
            int n = s.size();
            if (n < ts.minTrainablePoints(h)) {
                continue;
            }
            FeatureTrace trace = FeatureTrace.of(settings, ts.featureArray(), transform, settings.secondSeason(),
                    ts.carried(), s.timestamps(), s.values());
            int lastOrigin = n - h - 1;
            int validationStart = Math.max(lastOrigin - ts.validationPoints() + 1, length);
            int trainEnd = validationStart - h; // training targets end before validation origins begin
            int before = training.size();
            for (int start = 0; start + length <= trainEnd; start += length / 4) {
                training.add(new Sequence(trace, start, start + ts.warmup(), start + length));
            }
            if (training.size() > before) { // a series too short to train on is still validated on
                perSeries.add(training.size() - before);
            }
            int valStart = lastOrigin + 1 - length;
            validation.add(new Sequence(trace, valStart, Math.max(validationStart, valStart + ts.warmup()),
                    lastOrigin + 1));
        }
        if (training.isEmpty()) {
            return null;
        }
        int[] counts = perSeries.stream().mapToInt(Integer::intValue).toArray();
        return new Sequences(training, new SeriesWeightedSampler(counts, seriesWeights(training, counts)), validation);
    }

    /** Each series' weight (in order; its sequences are contiguous in {@code training}), see {@link Weights}. */
    private double[] seriesWeights(List<Sequence> training, int[] counts) {
        double relative = transform == Transform.LOG ? ts.relativeWeight() : 0;
        if (relative == 0) {
            return null;
        }
        double[] scales = new double[counts.length];
        int from = 0;
        for (int s = 0; s < counts.length; s++) {
            scales[s] = median(training.subList(from, from + counts[s]).stream()
                    .mapToDouble(q -> q.trace().scale(q.firstOrigin())).toArray());
            from += counts[s];
        }
        Weights weights = new Weights(relative, median(scales.clone()));
        double[] out = new double[counts.length];
        for (int s = 0; s < counts.length; s++) {
            out[s] = weights.of(scales[s]);
        }
        return out;
    }

    /** The median (sorts the array); 1 when it is not positive and finite. */
    private static double median(double[] values) {
        Arrays.sort(values);
        double median = values[values.length / 2];
        return median > 0 && Double.isFinite(median) ? median : 1;
    }

    /** The lowest validation loss seen and the weights that had it. */
    private static final class BestWeights {
        double loss;
        INDArray params;

        BestWeights(double loss, MultiLayerNetwork net) {
            this.loss = loss;
            this.params = net.params().dup();
        }

        /** Keeps the network's weights if {@code validationLoss} improves on the best; whether it does. */
        boolean offer(double validationLoss, MultiLayerNetwork net) {
            if (!(validationLoss < loss - 1e-6)) { // NaN never improves
                return false;
            }
            loss = validationLoss;
            params = net.params().dup();
            return true;
        }
    }

    private MultiLayerNetwork startingNetwork(MultiLayerNetwork warmStart) {
        MultiLayerNetwork fresh = LstmNetworks.create(new LstmSpec(inputs, ts.hiddenSizes(),
                settings.horizon(), ts.seed()), ts.learningRate());
        if (warmStart != null && warmStart.params().length() == fresh.params().length()
                && warmStart.getLayers().length == fresh.getLayers().length) {
            fresh.setParams(warmStart.params().dup());
            return fresh;
        }
        Layer output = fresh.getLayer(fresh.getnLayers() - 1);
        output.getParam("W").assign(0);
        output.getParam("b").assign(0);
        return fresh;
    }

    /**
     * Writes origin t's H targets into the labels at (sequence k, position p); whether all are there (an origin
     * whose actuals run past the end, or that a log model cannot take, is not trained on: its labels stay 0 and
     * its mask 0).
     */
    private static boolean targets(FeatureTrace trace, int t, float[] labels, int k, int h, int length, int p) {
        for (int j = 1; j <= h; j++) {
            float target = trace.target(t, j);
            if (Float.isNaN(target)) {
                for (int i = 1; i < j; i++) {
                    labels[(k * h + i - 1) * length + p] = 0;
                }
                return false;
            }
            labels[(k * h + j - 1) * length + p] = target;
        }
        return true;
    }

    /** The label mask of one batch of every training sequence cut from {@code histories} (what tests hold to 0/1). */
    INDArray trainingLabelMask(List<SeriesHistory> histories) {
        return batch(cut(histories).training()).getLabelsMaskArray();
    }

    /** Features [B, nIn, T], labels [B, H, T], label mask [B, T]: 1 where an origin is scored. */
    private DataSet batch(List<Sequence> sequences) {
        int b = sequences.size();
        int nIn = inputs;
        int h = settings.horizon();
        int length = ts.sequenceLength();
        float[] features = new float[b * nIn * length];
        float[] labels = new float[b * h * length];
        float[] mask = new float[b * length];
        for (int k = 0; k < b; k++) {
            Sequence s = sequences.get(k);
            for (int p = 0; p < length; p++) {
                int t = s.start() + p;
                float[] x = s.trace().features(t);
                for (int i = 0; i < nIn; i++) {
                    features[(k * nIn + i) * length + p] = x[i];
                }
                if (t < s.firstOrigin() || t >= s.endOrigin() || !targets(s.trace(), t, labels, k, h, length, p)) {
                    continue;
                }
                mask[k * length + p] = 1; // only 0 or 1: DL4J multiplies the outputs by it (SeriesWeightedSampler)
            }
        }
        return new DataSet(Nd4j.create(features, new long[] {b, nIn, length}, 'c'),
                Nd4j.create(labels, new long[] {b, h, length}, 'c'), null,
                Nd4j.create(mask, new long[] {b, length}, 'c'));
    }
}
