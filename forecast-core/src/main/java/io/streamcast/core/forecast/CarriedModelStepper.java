package io.streamcast.core.forecast;

import io.streamcast.core.model.ServingModel;
import io.streamcast.core.model.StepKernel;

/**
 * A key's carried LSTM state against the serving model: one step per observation while the state belongs to
 * the model, a re-prime from the key's window (W_model steps from zero state) when it does not (a new key for
 * this model, or a model swapped in), and the output layer alone when a reader asks for the key's latest
 * forecast. The one prime loop serves stepping and reading alike. Each of these returns the output array it filled
 * (one scratch array, overwritten by the next call), or null when the key has no usable model output. Owns scratch
 * buffers: used by one thread.
 */
final class CarriedModelStepper {
    private final long defaultStepMillis;
    private final float[] output;
    private float[] features = new float[0];
    /** The inputs of the model last stepped ({@link #inputsFor}), rebuilt when another model comes. */
    private ModelInputs inputs;
    private int inputsModelId = SeriesState.NO_MODEL;

    CarriedModelStepper(ForecastSettings settings) {
        this.defaultStepMillis = settings.defaultStep().toMillis();
        this.output = new float[settings.horizon()];
    }

    /** The inputs (and output transform) of {@code model}, built once per model version. */
    ModelInputs inputsFor(ServingModel model) {
        if (inputs == null || inputsModelId != model.versionId()) {
            inputs = ModelInputs.of(model.bundle().metadata());
            inputsModelId = model.versionId();
            features = new float[inputs.size()];
        }
        return inputs;
    }

    /** Whether {@code model} can forecast the key now: its window is covered, and its space takes the values. */
    private boolean usable(SeriesState s, ServingModel model) {
        return model != null && s.window.count() >= model.window() && inputsFor(model).applies(s, model.window());
    }

    /**
     * Advances (or primes) the key's carried state by its newest value at {@code ts}.
     *
     * @return the model's outputs for steps 1..H, or null when the key has no usable (finite) model output
     */
    float[] advance(SeriesState s, long ts, ServingModel model) {
        if (!usable(s, model)) {
            s.carried.drop();
            return null;
        }
        if (carries(s, model)) {
            stepNewest(s, ts, model);
            return finiteOutput(s);
        }
        // New key for this model, or state carried from another model: rebuild it from the window.
        StepKernel kernel = model.kernel();
        float[][] h = kernel.zeroState();
        float[][] c = kernel.zeroState();
        prime(s, model, ts, h, c);
        s.carried.carry(model.versionId(), h, c);
        return finiteOutput(s);
    }

    /** A forward-filled step: the carried state advances with the filled value, if it belongs to the model. */
    void advanceFilled(SeriesState s, long ts, ServingModel model) {
        if (model != null && carries(s, model)) {
            if (usable(s, model)) {
                stepNewest(s, ts, model);
            } else {
                s.carried.drop();
            }
        }
    }

    /**
     * The model's output at the key's last observation, without changing the key: the output layer over its
     * carried hidden state while that belongs to {@code model}, else {@code model} primed on the key's window
     * into scratch state, as the key's next observation would re-prime it.
     *
     * @return the model's outputs for steps 1..H, or null when the key has no usable (finite) model output
     */
    float[] readLatest(SeriesState s, ServingModel model) {
        if (!s.carried.isCarried() || !usable(s, model)) {
            return null;
        }
        StepKernel kernel = model.kernel();
        if (carries(s, model)) {
            float[][] h = s.carried.hidden();
            kernel.readout(h[h.length - 1], output);
        } else {
            prime(s, model, s.lastEventMillis, kernel.zeroState(), kernel.zeroState());
        }
        for (float v : output) {
            if (!Float.isFinite(v)) {
                return null;
            }
        }
        return output;
    }

    /** Runs the key's last W_model values, the newest at {@code newestTs}, through the model into (h, c). */
    private void prime(SeriesState s, ServingModel model, long newestTs, float[][] h, float[][] c) {
        StepKernel kernel = model.kernel();
        long step = StepInference.stepOrDefault(s, defaultStepMillis);
        ModelInputs in = inputsFor(model);
        for (int age = model.window() - 1; age >= 0; age--) {
            in.encode(s, age, newestTs - age * step, features);
            kernel.step(features, h, c, output);
        }
    }

    /** A model that diverges on some input must not crash the service: serve the baseline and re-prime later. */
    private float[] finiteOutput(SeriesState s) {
        for (float v : output) {
            if (!Float.isFinite(v)) {
                s.carried.drop();
                return null;
            }
        }
        return output;
    }

    /**
     * Whether the key's carried state belongs to {@code model} and fits its kernel. The shape check matters for
     * a state that was stored corrupted or forged with the right model id: it is re-primed, not stepped.
     */
    private static boolean carries(SeriesState s, ServingModel model) {
        CarriedLstmState carried = s.carried;
        return carried.modelId() == model.versionId() && carried.isCarried()
                && model.kernel().fits(carried.hidden(), carried.cell());
    }

    private void stepNewest(SeriesState s, long ts, ServingModel model) {
        inputsFor(model).encode(s, 0, ts, features);
        model.kernel().step(features, s.carried.hidden(), s.carried.cell(), output);
    }
}
