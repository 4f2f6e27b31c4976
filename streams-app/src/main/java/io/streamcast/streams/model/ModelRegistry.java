package io.streamcast.streams.model;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.model.ServingModel;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model one forecast group of this streams-app instance serves, shared by the group's stream tasks.
 *
 * <p>The global model-updates processor {@link #offer offers} every bundle it reads. A bundle becomes current
 * only after it parsed and checksummed, passed the {@link ModelTrust trust check} (signed with the key; or
 * unsigned bundles explicitly allowed; without either every bundle is refused), carries a higher publication
 * sequence than the current one (an old bundle replayed onto the topic is {@code stale}), declares this group
 * ({@code wrong-group} otherwise: a bundle trained on another group's series and shape), matches the group's
 * horizon and season, and loaded into a kernel with finite weights of the declared shape. A trusted, newer
 * <em>retirement</em> ({@link ModelBundle#retirement()}: the trainer found the model behind the baseline) makes
 * the baseline serve again; its sequence still counts, so the retired model replayed onto the topic is stale.
 * Anything thrown while
 * loading — including an {@link Error} from DL4J's native code — refuses the bundle, and the current model
 * (or the baseline) keeps serving; nothing here can stop the global thread.
 *
 * <p>Stream tasks read {@link #current()} (a volatile read) on each record and, when it changed, take their own
 * {@link ServingModel#privateCopy() copy}; nobody waits for a swap.
 */
public final class ModelRegistry {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    /** The last bundle this registry refused, for {@code /health}. */
    public record Refusal(Instant at, String reason, String message) {}

    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    /** The last bundle accepted, a model or a retirement: the sequence a newer bundle must exceed. */
    private ModelBundle lastAccepted; // guarded by this
    private final String group;
    private final KernelKind kernel;
    private final ForecastSettings settings;
    private final StreamsAppMetrics metrics;
    private final ModelTrust trust;
    private final Loader loader;
    private volatile Refusal lastRefusal;

    /** Builds the serving model from a checked bundle ({@link ServingModel#load}); a seam for tests. */
    @FunctionalInterface
    interface Loader {
        ServingModel load(ModelBundle bundle, KernelKind kind) throws BundleFormatException;
    }

    /** The default group's registry. */
    public ModelRegistry(ForecastSettings settings, KernelKind kernel, ModelTrust trust, StreamsAppMetrics metrics) {
        this(ModelMetadata.DEFAULT_GROUP, settings, kernel, trust, metrics, ServingModel::load);
    }

    /** @param group the forecast group served: a bundle must declare it ({@link ModelMetadata#servedGroup()}) */
    public ModelRegistry(String group, ForecastSettings settings, KernelKind kernel, ModelTrust trust,
                         StreamsAppMetrics metrics) {
        this(group, settings, kernel, trust, metrics, ServingModel::load);
    }

    ModelRegistry(String group, ForecastSettings settings, KernelKind kernel, ModelTrust trust,
                  StreamsAppMetrics metrics, Loader loader) {
        this.group = java.util.Objects.requireNonNull(group, "group");
        this.loader = loader;
        this.kernel = kernel;
        this.settings = settings;
        this.trust = trust;
        this.metrics = metrics;
        metrics.serving(Forecast.BASELINE_VERSION);
    }

    /** The serving model, or null while only the baseline serves. */
    public ServingModel current() {
        return current.get();
    }

    public String group() {
        return group;
    }

    public ModelTrust trust() {
        return trust;
    }

    /** The most recent refusal, or null if none. */
    public Refusal lastRefusal() {
        return lastRefusal;
    }

    /**
     * Validates a bundle and makes it current if it is newer than the current one. Offering the current bundle
     * again (a restart, a re-delivery) changes nothing and is not a refusal.
     *
     * @return whether the bundle became current
     */
    public synchronized boolean offer(byte[] bytes, String source) {
        ServingModel previous = current.get();
        ServingModel loaded;
        ModelBundle bundle;
        try {
            bundle = ModelBundle.fromBytes(bytes);
            if (lastAccepted != null && lastAccepted.version().equals(bundle.version())
                    && lastAccepted.sequence() == bundle.sequence()) {
                return false;
            }
            trust.check(bundle);
            if (lastAccepted != null && bundle.sequence() <= lastAccepted.sequence()) {
                throw new BundleFormatException("stale", "bundle " + bundle.version() + " has sequence "
                        + bundle.sequence() + ", not above the last accepted " + lastAccepted.version() + "'s "
                        + lastAccepted.sequence() + " (an old bundle replayed? a rollback is published with "
                        + "a new sequence by 'model rollback')");
            }
            if (!group.equals(bundle.metadata().servedGroup())) {
                throw new BundleFormatException("wrong-group", "bundle " + bundle.version() + " is for group '"
                        + bundle.metadata().servedGroup() + "', not '" + group + "' (published under this "
                        + "group's model name by mistake?)");
            }
            String incompatible = settings.incompatibility(bundle.metadata());
            if (incompatible != null) {
                throw new BundleFormatException("incompatible", incompatible);
            }
            loaded = bundle.retirement() ? null : loader.load(bundle, kernel);
        } catch (BundleFormatException e) {
            refuse(e.reason(), e.getMessage(), source, previous, null);
            return false;
        } catch (Throwable t) { // DL4J and ND4J can throw Errors (native loading, OOM on a forged shape)
            refuse("load-error", t.toString(), source, previous, t);
            return false;
        }
        lastAccepted = bundle;
        current.set(loaded);
        String was = previous == null ? Forecast.BASELINE_VERSION : previous.version();
        if (loaded == null) {
            metrics.serving(Forecast.BASELINE_VERSION);
            log.info("Retirement {} (sequence {}) accepted: the baseline serves (was {})", bundle.version(),
                    bundle.sequence(), was);
        } else {
            metrics.serving(loaded.version());
            log.info("Model {} (sequence {}) is now current (was {})", loaded.version(), bundle.sequence(), was);
        }
        return true;
    }

    /**
     * Refuses a tombstone (a null value) for this registry's model: deleting a bundle takes no signature, so
     * anyone who can write to model-updates could take the model away (from the store a restart reads, and from
     * the topic once it is compacted). Retiring a model is a signed retirement bundle.
     */
    public synchronized void refuseTombstone(String modelName, String source) {
        refuse("tombstone", "a tombstone for model " + modelName + " takes no signature, so it deletes nothing; "
                + "retire a model with a signed retirement bundle (the trainer does)", source, current.get(), null);
    }

    private void refuse(String reason, String message, String source, ServingModel serving, Throwable cause) {
        metrics.bundleRejected(reason);
        lastRefusal = new Refusal(Instant.now(), reason, message);
        String still = serving == null ? "baseline" : serving.version();
        if (cause != null) {
            log.error("Rejected model bundle from {}: {} (still serving {})", source, message, still, cause);
        } else {
            log.warn("Rejected model bundle from {}: {} (still serving {})", source, message, still);
        }
    }
}
