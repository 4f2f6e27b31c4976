package io.streamcast.streams.model;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.model.ServingModel;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model this streams-app instance serves, shared by its stream tasks.
 *
 * <p>The global model-updates processor {@link #offer offers} every bundle it reads. A bundle becomes current
 * only after it parsed and checksummed, passed the {@link ModelTrust trust check} (signed with the key; or
 * unsigned bundles explicitly allowed; without either every bundle is refused), carries a higher publication
 * sequence than the current one (an old bundle replayed onto the topic is {@code stale}), matches the service's
 * horizon and season, and loaded into a kernel with finite weights of the declared shape. Anything thrown while
 * loading — including an {@link Error} from DL4J's native code — refuses the bundle, and the current model
 * (or the baseline) keeps serving; nothing here can stop the global thread.
 *
 * <p>Stream tasks read {@link #current()} (a volatile read) on each record and, when it changed, take their own
 * {@link ServingModel#copyForThread() copy}; nobody waits for a swap.
 */
public final class ModelRegistry {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    /** The last bundle this registry refused, for {@code /health}. */
    public record Refusal(Instant at, String reason, String message) {}

    private final AtomicReference<ServingModel> current = new AtomicReference<>();
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

    public ModelRegistry(ForecastSettings settings, KernelKind kernel, ModelTrust trust, StreamsAppMetrics metrics) {
        this(settings, kernel, trust, metrics, ServingModel::load);
    }

    ModelRegistry(ForecastSettings settings, KernelKind kernel, ModelTrust trust, StreamsAppMetrics metrics,
                  Loader loader) {
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
        try {
            ModelBundle bundle = ModelBundle.fromBytes(bytes);
            if (previous != null && previous.version().equals(bundle.version())
                    && previous.bundle().sequence() == bundle.sequence()) {
                return false;
            }
            trust.check(bundle);
            if (previous != null && bundle.sequence() <= previous.bundle().sequence()) {
                throw new BundleFormatException("stale", "bundle " + bundle.version() + " has sequence "
                        + bundle.sequence() + ", not above the serving " + previous.version() + "'s "
                        + previous.bundle().sequence() + " (an old bundle replayed? a rollback is published with "
                        + "a new sequence by 'model rollback')");
            }
            String incompatible = settings.incompatibility(bundle.metadata());
            if (incompatible != null) {
                throw new BundleFormatException("incompatible", incompatible);
            }
            loaded = loader.load(bundle, kernel);
        } catch (BundleFormatException e) {
            refuse(e.reason(), e.getMessage(), source, previous, null);
            return false;
        } catch (Throwable t) { // DL4J and ND4J can throw Errors (native loading, OOM on a forged shape)
            refuse("load-error", t.toString(), source, previous, t);
            return false;
        }
        current.set(loaded);
        metrics.serving(loaded.version());
        log.info("Model {} (sequence {}) is now current (was {})", loaded.version(), loaded.bundle().sequence(),
                previous == null ? "baseline" : previous.version());
        return true;
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
