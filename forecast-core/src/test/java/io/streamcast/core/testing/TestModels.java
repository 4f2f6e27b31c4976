package io.streamcast.core.testing;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.LstmSpec;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.Transform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/** Small untrained-but-nontrivial model bundles for tests of everything around the model. */
public final class TestModels {
    private TestModels() {}

    /** Bundles made later get higher sequences, as a publisher's would (streams-app refuses lower ones). */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    public static final List<Feature> FEATURES = List.of(Feature.VALUE, Feature.SEASONAL_DIFF, Feature.HOUR_SIN);

    /** A bundle whose network fits the settings (H outputs, window W), with hidden size 8 and random weights. */
    public static ModelBundle bundle(ForecastSettings settings, String version, long seed) {
        MultiLayerNetwork net = network(settings.horizon(), 8, seed);
        return ModelBundle.create(metadata(settings, version, List.of(8)), LstmNetworks.toBytes(net));
    }

    /** As {@link #bundle}, its inputs and outputs in log space. */
    public static ModelBundle logBundle(ForecastSettings settings, String version, long seed) {
        ModelMetadata m = metadata(settings, version, List.of(8));
        ModelMetadata log = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(), m.window(),
                m.season(), m.features(), m.hiddenSizes(), Transform.LOG.scheme(), m.target(), m.trainingMetrics(),
                m.backtestMetrics(), null, null, m.sequence(), null, 0);
        return ModelBundle.create(log, LstmNetworks.toBytes(network(settings.horizon(), 8, seed)));
    }

    public static MultiLayerNetwork network(int horizon, int hidden, long seed) {
        MultiLayerNetwork net = LstmNetworks.create(new LstmSpec(FEATURES.size(), new int[] {hidden}, horizon, seed),
                1e-3);
        // Small random corrections: outputs are in units of the series scale, so keep them near 0.1.
        net.params().muli(0.5);
        Nd4j.getRandom().setSeed(seed);
        return net;
    }

    public static ModelMetadata metadata(ForecastSettings settings, String version, List<Integer> hidden) {
        return new ModelMetadata("streamcast-lstm", version, Instant.parse("2026-11-23T00:00:00Z"),
                settings.horizon(), settings.window(), settings.season(),
                FEATURES.stream().map(Feature::wireName).toList(), hidden, Transform.NONE.scheme(),
                ModelMetadata.TARGET_BASELINE_CORRECTION, Map.of("loss", 0.5), Map.of("mase", 0.9), null, null,
                SEQUENCE.incrementAndGet());
    }
}
