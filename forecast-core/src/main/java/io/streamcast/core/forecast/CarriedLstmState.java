package io.streamcast.core.forecast;

/**
 * A key's LSTM state carried from one observation to the next, (h, c) per layer, and the model version it belongs
 * to ({@link #NO_MODEL}: none, the key is on its baseline). {@link CarriedModelStepper} steps the arrays in place;
 * which arrays, and for which model, changes only here. Coded by {@link CarriedLstmStateCodec}.
 */
final class CarriedLstmState {
    /** The model id of a key whose carried state belongs to no model (baseline only). */
    static final int NO_MODEL = 0;

    private int modelId = NO_MODEL;
    private float[][] h;
    private float[][] c;

    int modelId() {
        return modelId;
    }

    /** The hidden state per layer, or null when nothing is carried. */
    float[][] hidden() {
        return h;
    }

    /** The cell state per layer, or null when nothing is carried. */
    float[][] cell() {
        return c;
    }

    boolean isCarried() {
        return h != null;
    }

    /** From now on the key carries this state, for model {@code modelId}. */
    void carry(int modelId, float[][] h, float[][] c) {
        this.modelId = modelId;
        this.h = h;
        this.c = c;
    }

    void drop() {
        carry(NO_MODEL, null, null);
    }
}
