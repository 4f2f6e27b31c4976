package io.streamcast.cli.bench;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesNormalization;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.LstmSpec;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Untrained models of the shape the trainer produces (its default features, one LSTM layer): what a benchmark
 * needs, since the cost of a step does not depend on how good the weights are.
 */
final class BenchModels {
    static final List<Feature> FEATURES = TrainerSettings.defaults().features();
    /** Bundles made later get higher sequences, as the trainer's do (streams-app refuses lower ones). */
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();
    /** The bench signs its models, as a deployment does: a fresh key per run. */
    static final ModelTrust TRUST = ModelTrust.signed(java.util.UUID.randomUUID().toString());

    private BenchModels() {}

    static MultiLayerNetwork network(int horizon, int hidden, long seed) {
        MultiLayerNetwork net = LstmNetworks.create(new LstmSpec(FEATURES.size(), new int[] {hidden}, horizon, seed),
                1e-3);
        net.params().muli(0.5); // outputs near 0.1 scales, like a trained correction
        return net;
    }

    static ModelBundle bundle(ForecastSettings settings, String version, int hidden, long seed) {
        ModelMetadata metadata = new ModelMetadata("streamcast-lstm", version, Instant.now(), settings.horizon(),
                settings.window(), settings.season(), FEATURES.stream().map(Feature::wireName).toList(),
                List.of(hidden), SeriesNormalization.SCHEME, ModelMetadata.TARGET_BASELINE_CORRECTION, Map.of(),
                Map.of(), null, null, SEQUENCE.incrementAndGet());
        return TRUST.sign(ModelBundle.create(metadata, LstmNetworks.toBytes(network(settings.horizon(), hidden, seed))));
    }
}
