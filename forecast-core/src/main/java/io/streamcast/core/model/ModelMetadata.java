package io.streamcast.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a model bundle says about its network, as JSON (snake_case) inside the bundle.
 *
 * @param modelName       the model's name; the model-updates topic is keyed by it
 * @param version         unique version, e.g. {@code lstm-20261123T041500Z-3f2a}
 * @param createdAt       when the model was trained
 * @param horizon         H, outputs per step
 * @param window          W, observations the model was trained on per sequence (and re-primes on after a swap)
 * @param season          m, the seasonal period the model's baseline and features use
 * @param features        the network's inputs in order, see {@link Feature}
 * @param hiddenSizes     LSTM layer widths
 * @param normalization   the normalization scheme: a {@link Transform#scheme()}, which says the space the network's
 *                        inputs and outputs are in
 * @param target          what the outputs mean: {@link #TARGET_BASELINE_CORRECTION}, or {@link #TARGET_BASELINE} for a
 *                        retirement (no network: the baseline serves)
 * @param trainingMetrics free-form training figures (loss, epochs, seconds)
 * @param backtestMetrics backtest figures (mase, smape, coverage, ...)
 * @param weightsSha256   hex SHA-256 of the weights bytes; checked on every read
 * @param rollbackOf      the version this bundle rolled back from, when it was republished by a rollback
 * @param sequence        publication sequence, inside the signed content: streams-app serves a bundle only if its
 *                        sequence is above the one it serves, so an old (even validly signed) bundle replayed onto
 *                        model-updates is refused; a rollback republishes old weights under a new sequence.
 *                        0 = none (bundles from before sequences existed: served only when nothing else is)
 * @param group           the forecast group the model was trained for and is only served to (a deployment's groups
 *                        have their own shapes and series); null = declared none (a trainer without a
 *                        deployment file), which only the {@link #DEFAULT_GROUP default group} accepts
 * @param season2         m2, the second seasonal period the {@link Feature#usesSeason2() second-season inputs} read
 *                        (168 for a week of hourly data whose m is a day), or 0 for none; the window covers it
 */
public record ModelMetadata(
        String modelName,
        String version,
        Instant createdAt,
        int horizon,
        int window,
        int season,
        List<String> features,
        List<Integer> hiddenSizes,
        String normalization,
        String target,
        Map<String, Double> trainingMetrics,
        Map<String, Double> backtestMetrics,
        String weightsSha256,
        String rollbackOf,
        long sequence,
        String group,
        Integer season2) {

    /** The group of a deployment without a deployment file, and of bundles that declare none. */
    public static final String DEFAULT_GROUP = "default";

    /**
     * Outputs are corrections to the key's baseline (seasonal naive, or naive where that has been better), in
     * units of the series' seasonal-naive MAE.
     */
    public static final String TARGET_BASELINE_CORRECTION = "baseline-correction/scale";

    /**
     * A retirement: a bundle without a network, published when the served model fell behind the baseline; the
     * baseline serves after it. It is signed and sequenced like any bundle, so it cannot be forged or replayed
     * over a newer model, and as the latest value on the compacted topic it is what a restarted service reads.
     */
    public static final String TARGET_BASELINE = "baseline";

    /** Metadata that declares no group (see {@link #group()}): served to the default group only. */
    public ModelMetadata(String modelName, String version, Instant createdAt, int horizon, int window, int season,
                         List<String> features, List<Integer> hiddenSizes, String normalization, String target,
                         Map<String, Double> trainingMetrics, Map<String, Double> backtestMetrics,
                         String weightsSha256, String rollbackOf, long sequence) {
        this(modelName, version, createdAt, horizon, window, season, features, hiddenSizes, normalization, target,
                trainingMetrics, backtestMetrics, weightsSha256, rollbackOf, sequence, null, 0);
    }

    /** Metadata without a second season (see {@link #season2()}). */
    public ModelMetadata(String modelName, String version, Instant createdAt, int horizon, int window, int season,
                         List<String> features, List<Integer> hiddenSizes, String normalization, String target,
                         Map<String, Double> trainingMetrics, Map<String, Double> backtestMetrics,
                         String weightsSha256, String rollbackOf, long sequence, String group) {
        this(modelName, version, createdAt, horizon, window, season, features, hiddenSizes, normalization, target,
                trainingMetrics, backtestMetrics, weightsSha256, rollbackOf, sequence, group, 0);
    }

    public ModelMetadata {
        features = features == null ? List.of() : List.copyOf(features);
        hiddenSizes = hiddenSizes == null ? List.of() : List.copyOf(hiddenSizes);
        trainingMetrics = trainingMetrics == null ? Map.of() : Map.copyOf(trainingMetrics);
        backtestMetrics = backtestMetrics == null ? Map.of() : Map.copyOf(backtestMetrics);
        season2 = season2 == null ? 0 : season2; // bundles written before it existed
    }

    public ModelMetadata withWeightsSha256(String sha) {
        return new ModelMetadata(modelName, version, createdAt, horizon, window, season, features, hiddenSizes,
                normalization, target, trainingMetrics, backtestMetrics, sha, rollbackOf, sequence, group, season2);
    }

    /** The same model published under {@code newSequence}. */
    public ModelMetadata withSequence(long newSequence) {
        return new ModelMetadata(modelName, version, createdAt, horizon, window, season, features, hiddenSizes,
                normalization, target, trainingMetrics, backtestMetrics, weightsSha256, rollbackOf, newSequence, group,
                season2);
    }

    /** The same model republished by a rollback that replaces {@code replaced} (null = nothing served). */
    public ModelMetadata asRollbackOf(String replaced) {
        return new ModelMetadata(modelName, version, createdAt, horizon, window, season, features, hiddenSizes,
                normalization, target, trainingMetrics, backtestMetrics, weightsSha256,
                replaced == null ? "none" : replaced, sequence, group, season2);
    }

    /** The same model declared for forecast group {@code forGroup}. */
    public ModelMetadata withGroup(String forGroup) {
        return new ModelMetadata(modelName, version, createdAt, horizon, window, season, features, hiddenSizes,
                normalization, target, trainingMetrics, backtestMetrics, weightsSha256, rollbackOf, sequence,
                forGroup, season2);
    }

    /** The group this bundle serves: the one it declares, or {@link #DEFAULT_GROUP} when it declares none. */
    public String servedGroup() {
        return group == null ? DEFAULT_GROUP : group;
    }

    /**
     * The sequence for a bundle published after one with {@code previous}: above it, and the wall clock in
     * milliseconds where that is higher, so a publisher that lost track of the last sequence (a fresh trainer)
     * still publishes above every earlier one unless clocks went backwards.
     */
    public static long nextSequence(long previous, long nowMillis) {
        return Math.max(previous + 1, nowMillis);
    }

    /** Whether this bundle retires the model rather than carrying one ({@link #TARGET_BASELINE}). */
    public boolean retirement() {
        return TARGET_BASELINE.equals(target);
    }

    /** The space of the network's inputs and outputs its {@code normalization} declares, or null for an unknown one. */
    public Transform transform() {
        return Transform.fromScheme(normalization);
    }

    public Feature[] featureArray() {
        return features.stream().map(Feature::fromWireName).toArray(Feature[]::new);
    }
}
