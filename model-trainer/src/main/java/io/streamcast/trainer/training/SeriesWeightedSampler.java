package io.streamcast.trainer.training;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws training sequences so that every series is equally likely, however many sequences it yields: a series
 * first (uniformly), then one of its sequences (uniformly). MASE averages over series, so a long series must not
 * outweigh the others just because more sequences can be cut from it.
 *
 * <p>Sequences are indexed as they were cut: those of one series are contiguous, series after series.
 */
final class SeriesWeightedSampler {
    private final int[] firstSequence; // of each series, and the total after the last

    /** @param sequencesPerSeries how many sequences each series has, in order; at least 1 each */
    SeriesWeightedSampler(int[] sequencesPerSeries) {
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
    }

    int series() {
        return firstSequence.length - 1;
    }

    int sequences() {
        return firstSequence[series()];
    }

    /** The index of a sequence drawn at random. */
    int next(Random random) {
        int s = random.nextInt(series());
        return firstSequence[s] + random.nextInt(firstSequence[s + 1] - firstSequence[s]);
    }

    /** The series that sequence {@code index} was cut from. */
    int seriesOf(int index) {
        int found = Arrays.binarySearch(firstSequence, index);
        return found >= 0 ? found : -found - 2;
    }
}
