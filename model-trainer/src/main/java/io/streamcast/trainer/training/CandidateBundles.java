package io.streamcast.trainer.training;

import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.Transform;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The bundles a round makes of its candidate: the network at a blend, with metadata that declares its inputs, its
 * space and its second season, and, once the gate has scored it, the training and backtest figures.
 */
final class CandidateBundles {
    private final ForecastSettings settings;
    private final TrainerSettings trainerSettings;
    private final String modelName;

    CandidateBundles(ForecastSettings settings, TrainerSettings trainerSettings, String modelName) {
        this.settings = settings;
        this.trainerSettings = trainerSettings;
        this.modelName = modelName;
    }

    /** The trained network with its output layer scaled by {@code blend}: serves baseline + blend · correction. */
    ModelBundle blended(LstmTrainer.Result trained, double blend, String version, List<String> features,
                        Transform transform, boolean carry) {
        MultiLayerNetwork net = trained.network().clone();
        Layer output = net.getLayer(net.getnLayers() - 1);
        output.getParam("W").muli(blend);
        output.getParam("b").muli(blend);
        return ModelBundle.create(metadata(version, features, transform, carry, Map.of(), Map.of()),
                LstmNetworks.toBytes(net));
    }

    /** The same bundle, its metadata carrying the round's training figures and the candidate's backtest. */
    ModelBundle withBacktest(ModelBundle bundle, BaselineComparison.Result backtest, LstmTrainer.Result trained,
                             double blend) {
        Map<String, Double> training = new LinkedHashMap<>();
        training.put("epochs", (double) trained.epochs());
        training.put("updates", (double) trained.updates());
        training.put("validation_loss", trained.validationLoss());
        training.put("untrained_loss", trained.initialLoss());
        training.put("sequences", (double) trained.sequences());
        training.put("seconds", trained.seconds());
        training.put("blend", blend);
        Map<String, Double> metrics = new LinkedHashMap<>();
        putFinite(metrics, "mase", backtest.model().mase());
        putFinite(metrics, "smape", backtest.model().smape());
        putFinite(metrics, "coverage", backtest.model().coverage());
        putFinite(metrics, "seasonal_naive_mase", backtest.seasonalNaive().mase());
        putFinite(metrics, "naive_mase", backtest.naive().mase());
        metrics.put("origins", (double) backtest.origins());
        return ModelBundle.create(metadata(bundle.version(), bundle.metadata().features(),
                bundle.metadata().transform(), bundle.metadata().carriesSeasonalDifference(), training, metrics),
                bundle.weights());
    }

    private static void putFinite(Map<String, Double> map, String key, double value) {
        if (Double.isFinite(value)) {
            map.put(key, value);
        }
    }

    private ModelMetadata metadata(String version, List<String> features, Transform transform, boolean carry,
                                   Map<String, Double> training, Map<String, Double> backtest) {
        boolean season2 = features.stream().map(Feature::fromWireName).anyMatch(Feature::usesSeason2);
        return new ModelMetadata(modelName, version, Instant.now(), settings.horizon(), settings.window(),
                settings.season(), features, Arrays.stream(trainerSettings.hiddenSizes()).boxed().toList(),
                transform.scheme(), carry ? ModelMetadata.TARGET_CARRIED_BASELINE_CORRECTION
                        : ModelMetadata.TARGET_BASELINE_CORRECTION, training, backtest, null, null, 0, null,
                season2 ? settings.secondSeason() : 0);
    }
}
