package io.streamcast.core.model;

import java.util.Arrays;

/** The shape of a streamcast LSTM: inputs, one or more LSTM layers, H direct outputs; plus the init seed. */
public record LstmSpec(int inputSize, int[] hiddenSizes, int outputSize, long seed) {
    public LstmSpec {
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("inputSize and outputSize must be >= 1: " + inputSize + ", " + outputSize);
        }
        if (hiddenSizes == null || hiddenSizes.length == 0 || Arrays.stream(hiddenSizes).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("need one or more positive hidden sizes: " + Arrays.toString(hiddenSizes));
        }
        hiddenSizes = hiddenSizes.clone();
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LstmSpec s && s.inputSize == inputSize && Arrays.equals(s.hiddenSizes, hiddenSizes)
                && s.outputSize == outputSize && s.seed == seed;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * inputSize + Arrays.hashCode(hiddenSizes)) + outputSize) + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "LstmSpec[in=" + inputSize + ", hidden=" + Arrays.toString(hiddenSizes) + ", out=" + outputSize
                + ", seed=" + seed + "]";
    }
}
