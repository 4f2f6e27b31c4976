package io.streamcast.cli.bench;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.LstmSpec;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.model.Transform;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Untrained models of the shape the trainer produces at the bench's settings (its default inputs that the settings'
 * window holds, its default LSTM width, in log space, whose step costs the logarithms too): what a benchmark needs,
 * since the cost of a step does not depend on how good the weights are.
 */
final class BenchModels {
    /** The trainer's default LSTM width. */
    static final int HIDDEN = TrainerSettings.defaults().hiddenSizes()[0];
    /** Bundles made later get higher sequences, as the trainer's do (streams-app refuses lower ones). */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** The bench signs its models, as a deployment does: a fresh key per run. */
    static final String KEY = java.util.UUID.randomUUID().toString();
    static final ModelTrust TRUST = ModelTrust.signed(KEY);

    private BenchModels() {}

    /** The trainer's default inputs under {@code settings}: the second-season ones only where the window holds it. */
    static List<Feature> features(ForecastSettings settings) {
        return settings.readableInputs(TrainerSettings.defaults().features());
    }

    static MultiLayerNetwork network(ForecastSettings settings, int hidden, long seed) {
        int inputs = Feature.inputSize(features(settings).toArray(Feature[]::new), settings.horizon());
        MultiLayerNetwork net = LstmNetworks.create(new LstmSpec(inputs, new int[] {hidden}, settings.horizon(), seed),
                1e-3);
        net.params().muli(0.5); // outputs near 0.1 scales, like a trained correction
        return net;
    }

    static ModelBundle bundle(ForecastSettings settings, String version, int hidden, long seed) {
        ModelMetadata metadata = new ModelMetadata("streamcast-lstm", version, Instant.now(), settings.horizon(),
                settings.window(), settings.season(), features(settings).stream().map(Feature::wireName).toList(),
                List.of(hidden), Transform.LOG.scheme(), ModelMetadata.TARGET_BASELINE_CORRECTION, Map.of(),
                Map.of(), null, null, SEQUENCE.incrementAndGet(), null, settings.secondSeason());
        return TRUST.sign(ModelBundle.create(metadata, LstmNetworks.toBytes(network(settings, hidden, seed))));
    }
}
