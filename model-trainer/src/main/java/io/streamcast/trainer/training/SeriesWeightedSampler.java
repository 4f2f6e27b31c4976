package io.streamcast.trainer.training;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws training sequences so that every series is as likely as its weight says (equally by default), however
 * many sequences it yields: a series first, then one of its sequences (uniformly). MASE averages over series, so a
 * long series must not outweigh the others just because more sequences can be cut from it. A series' weight is
 * how much its errors count in the loss: drawing it more often weighs it in expectation exactly as a weighted loss
 * would, with DL4J's unweighted one (DL4J multiplies an RNN output layer's activations by the label mask, so a
 * mask is no way to weigh points: a weight of 2 made the network learn half the correction it then served).
 *
 * <p>Sequences are indexed as they were cut: those of one series are contiguous, series after series.
 */
final class SeriesWeightedSampler {
    private final int[] firstSequence; // of each series, and the total after the last
    private final double[] cumulativeWeight; // of the series before each, and the total after the last

    /** @param sequencesPerSeries how many sequences each series has, in order; at least 1 each */
    SeriesWeightedSampler(int[] sequencesPerSeries) {
        this(sequencesPerSeries, null);
    }

    /**
     * @param sequencesPerSeries how many sequences each series has, in order; at least 1 each
     * @param weights            each series' weight (positive, finite), or null for equal weights
     */
    SeriesWeightedSampler(int[] sequencesPerSeries, double[] weights) {
        if (sequencesPerSeries.length == 0) {
            throw new IllegalArgumentException("no series to sample from");
        }
        firstSequence = new int[sequencesPerSeries.length + 1];
        for (int s = 0; s < sequencesPerSeries.length; s++) {
            if (sequencesPerSeries[s] < 1) { // it would be drawn and have nothing to give
                throw new IllegalArgumentException("series " + s + " has no sequence");
            }
            firstSequence[s + 1] = firstSequence[s] + sequencesPerSeries[s];
        }
        if (weights != null && weights.length != sequencesPerSeries.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + sequencesPerSeries.length + " series");
        }
        cumulativeWeight = new double[sequencesPerSeries.length + 1];
        for (int s = 0; s < sequencesPerSeries.length; s++) {
            double w = weights == null ? 1 : weights[s];
            if (!(w > 0 && Double.isFinite(w))) {
                throw new IllegalArgumentException("series " + s + " has weight " + w);
            }
            cumulativeWeight[s + 1] = cumulativeWeight[s] + w;
        }
    }

    int series() {
        return firstSequence.length - 1;
    }

    int sequences() {
        return firstSequence[series()];
    }

    /** The index of a sequence drawn at random. */
    int next(Random random) {
        int s = seriesAt(random.nextDouble() * cumulativeWeight[series()]);
        return firstSequence[s] + random.nextInt(firstSequence[s + 1] - firstSequence[s]);
    }

    /** The series whose share of the cumulative weight holds {@code point}. */
    private int seriesAt(double point) {
        int found = Arrays.binarySearch(cumulativeWeight, point);
        int s = found >= 0 ? found : -found - 2;
        return Math.min(Math.max(s, 0), series() - 1);
    }

    /** The series that sequence {@code index} was cut from. */
    int seriesOf(int index) {
        int found = Arrays.binarySearch(firstSequence, index);
        return found >= 0 ? found : -found - 2;
    }
}
