package io.streamcast.streams.model;

import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.BundleSigner;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model this streams-app instance serves, shared by its stream tasks.
 *
 * <p>The global model-updates processor {@link #offer offers} every bundle it reads; a bundle becomes current
 * only after it parsed, checksummed, passed the signature check (when a model key is configured), loaded into a
 * kernel and matched the service's horizon and season, so a bad bundle never replaces a good model. Stream tasks read {@link #current()} (a volatile read) on each record
 * and, when it changed, take their own {@link ServingModel#copyForThread() copy}; nobody waits for a swap.
 */
public final class ModelRegistry {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private final KernelKind kernel;
    private final SeriesForecaster compatibility;
    private final StreamsAppMetrics metrics;

    private final BundleSigner signer;

    /** @param modelKey the key bundles must be signed with, or null to accept unsigned bundles */
    public ModelRegistry(ForecastSettings settings, KernelKind kernel, String modelKey, StreamsAppMetrics metrics) {
        this.kernel = kernel;
        this.compatibility = new SeriesForecaster(settings);
        this.signer = modelKey == null ? null : new BundleSigner(modelKey);
        this.metrics = metrics;
        metrics.serving(io.streamcast.core.domain.Forecast.BASELINE_VERSION);
    }

    /** The serving model, or null while only the baseline serves. */
    public ServingModel current() {
        return current.get();
    }

    /**
     * Validates a bundle and makes it current if its version differs from the current one (the latest valid
     * record on the compacted topic wins, which is what makes a rollback a plain republish).
     *
     * @return whether the bundle became current
     */
    public boolean offer(byte[] bytes, String source) {
        ServingModel loaded;
        try {
            ModelBundle bundle = ModelBundle.fromBytes(bytes);
            if (signer != null) {
                signer.verify(bundle);
            }
            String incompatible = compatibility.incompatibility(bundle.metadata());
            if (incompatible != null) {
                throw new BundleFormatException("incompatible", incompatible);
            }
            loaded = ServingModel.load(bundle, kernel);
        } catch (BundleFormatException e) {
            metrics.bundleRejected(e.reason());
            ServingModel serving = current.get();
            log.warn("Rejected model bundle from {}: {} (still serving {})", source, e.getMessage(),
                    serving == null ? "baseline" : serving.version());
            return false;
        }
        ServingModel previous = current.get();
        if (previous != null && previous.version().equals(loaded.version())) {
            return false;
        }
        current.set(loaded);
        metrics.serving(loaded.version());
        log.info("Model {} is now current (was {})", loaded.version(),
                previous == null ? "baseline" : previous.version());
        return true;
    }
}
