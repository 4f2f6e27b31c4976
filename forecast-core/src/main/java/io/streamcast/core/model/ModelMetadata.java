package io.streamcast.core.model;

import io.streamcast.core.domain.ShapeLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 *                        0 = unsequenced: every sequenced bundle is above it, so it serves only until one comes
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
     * Outputs are corrections, in the same units, to the key's baseline with its seasonal naive carrying the
     * newest seasonal difference y(t) - y(t-m) damped by the key's persistence, phi^j at step j (docs/forecasting.md).
     */
    public static final String TARGET_CARRIED_BASELINE_CORRECTION = "carried-baseline-correction/scale";

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
        season2 = season2 == null ? 0 : season2; // metadata without the key: no second season
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

    /** Whether the outputs correct the carried seasonal baseline ({@link #TARGET_CARRIED_BASELINE_CORRECTION}). */
    public boolean carriesSeasonalDifference() {
        return TARGET_CARRIED_BASELINE_CORRECTION.equals(target);
    }

    public Feature[] featureArray() {
        return features.stream().map(Feature::fromWireName).toArray(Feature[]::new);
    }

    /**
     * What a version may look like: a short printable identifier. Every forecast repeats it and it becomes a
     * metric tag and a log field, so a version that is huge, unprintable or a lone surrogate would break them.
     */
    public static final Pattern VERSION_PATTERN =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    /** What a model name may look like (it is the model-updates key and a configuration value). */
    public static final Pattern NAME_PATTERN =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final String EMPTY_SHA256 = ModelBundle.sha256Hex(new byte[0]);
    /** Sanity bounds of a bundle's shape: H and W as any forecast's, the layers far above what the trainer makes. */
    static final int MAX_HORIZON = ShapeLimits.MAX_HORIZON;
    static final int MAX_WINDOW = ShapeLimits.MAX_WINDOW;
    static final int MAX_LAYERS = 8;
    static final int MAX_HIDDEN = 4096;

    /**
     * Checks that the metadata is consistent and within sane bounds, as every bundle must be to be built or read.
     *
     * @throws BundleFormatException (reason {@code version} or {@code metadata}) saying what is wrong
     */
    void validate() throws BundleFormatException {
        require(modelName() != null && !modelName().isBlank(), "model_name is missing");
        require(version() != null && !version().isBlank(), "version is missing");
        if (!VERSION_PATTERN.matcher(version()).matches()) {
            throw new BundleFormatException("version", "version must be 1-64 of [A-Za-z0-9._+-] starting with a "
                    + "letter or digit, got " + printable(version()));
        }
        if (!NAME_PATTERN.matcher(modelName()).matches()) {
            throw new BundleFormatException("metadata", "model_name must be 1-128 of [A-Za-z0-9._-] starting "
                    + "with a letter or digit, got " + printable(modelName()));
        }
        if (group() != null && !NAME_PATTERN.matcher(group()).matches()) {
            throw new BundleFormatException("metadata", "group must be 1-128 of [A-Za-z0-9._-] starting "
                    + "with a letter or digit, got " + printable(group()));
        }
        require(sequence() >= 0, "sequence must be >= 0, got " + sequence());
        require(rollbackOf() == null || rollbackOf().equals("none")
                || VERSION_PATTERN.matcher(rollbackOf()).matches(), "rollback_of is not a version");
        require(createdAt() != null, "created_at is missing");
        // upper bounds too: a forged shape must not make the loader allocate gigabytes
        require(horizon() >= 1 && horizon() <= MAX_HORIZON, "horizon must be in [1, " + MAX_HORIZON + "], got "
                + horizon());
        require(window() >= 1 && window() <= MAX_WINDOW, "window must be in [1, " + MAX_WINDOW + "], got "
                + window());
        require(season() >= 1 && season() <= MAX_WINDOW, "season must be in [1, " + MAX_WINDOW + "], got "
                + season());
        if (retirement()) {
            require(features().isEmpty() && hiddenSizes().isEmpty(),
                    "a retirement (target '" + TARGET_BASELINE + "') has no features or hidden sizes");
            require(weightsSha256() != null && weightsSha256().equals(EMPTY_SHA256),
                    "a retirement (target '" + TARGET_BASELINE + "') has no weights");
            return;
        }
        require(features().size() <= 64, "at most 64 features, got " + features().size());
        require(!features().isEmpty(), "features is empty");
        for (String f : features()) {
            try {
                Feature.fromWireName(f);
            } catch (IllegalArgumentException e) {
                throw new BundleFormatException("metadata", e.getMessage());
            }
        }
        require(!hiddenSizes().isEmpty() && hiddenSizes().size() <= MAX_LAYERS
                        && hiddenSizes().stream().allMatch(h -> h != null && h > 0 && h <= MAX_HIDDEN),
                "hidden_sizes must be 1 to " + MAX_LAYERS + " widths in [1, " + MAX_HIDDEN + "], got "
                        + hiddenSizes());
        require(transform() != null, "normalization " + printable(normalization()) + " is none of "
                + java.util.Arrays.stream(Transform.values()).map(Transform::scheme).toList());
        require(season2() >= 0 && season2() < window(), "season2 must be in [0, window) = [0, " + window()
                + "), got " + season2());
        require(season2() > 0 || featureArray().length == 0
                        || java.util.Arrays.stream(featureArray()).noneMatch(Feature::usesSeason2),
                "features " + features() + " read a second season but season2 is 0");
        require(TARGET_BASELINE_CORRECTION.equals(target()) || carriesSeasonalDifference(),
                "target " + (target() == null ? "(missing)" : printable(target())) + " is not '" + TARGET_BASELINE_CORRECTION + "', '"
                        + TARGET_CARRIED_BASELINE_CORRECTION + "' or '" + TARGET_BASELINE + "'");
        require(weightsSha256() != null && weightsSha256().length() == 64, "weights_sha256 is missing");
    }

    /** A short, printable rendering of an untrusted string for a message: escapes, at most 80 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append(s.length() > 80 ? "'... (" + s.length() + " chars)" : "'").toString();
    }

    private static void require(boolean ok, String message) throws BundleFormatException {
        if (!ok) {
            throw new BundleFormatException("metadata", "inconsistent metadata: " + message);
        }
    }
}
