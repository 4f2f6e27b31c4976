package io.streamcast.cli.services;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamcast trainer}: the model-trainer service against an existing cluster. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {"Run model-trainer against a Kafka cluster until Ctrl-C.",
                "Consumes the history topic, retrains the LSTM, gates it against the champion and seasonal naive,",
                "publishes better models to the compacted model-updates topic (archived by version)."})
public final class TrainerCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", defaultValue = "${env:STREAMCAST_BOOTSTRAP:-localhost:9092}",
            description = "Kafka bootstrap servers (env STREAMCAST_BOOTSTRAP; default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--horizon", defaultValue = "${env:STREAMCAST_HORIZON:-48}", description = "H; must match streams-app (default ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--window", defaultValue = "${env:STREAMCAST_WINDOW:-48}", description = "W; must not exceed streams-app's (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--season", defaultValue = "${env:STREAMCAST_SEASON:-24}", description = "m; must match streams-app (default ${DEFAULT-VALUE}).")
    int season;

    @Option(names = "--model-name", defaultValue = "${env:STREAMCAST_MODEL_NAME:-streamcast-lstm}",
            description = "Key of the published bundles (default ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--retrain-every", defaultValue = "5000", description = "Retrain after this many new observations (default ${DEFAULT-VALUE}).")
    long retrainEvery;

    @Option(names = "--retrain-interval", defaultValue = "PT30M", description = "... or after this long with new data (default ${DEFAULT-VALUE}).")
    Duration retrainInterval;

    @Option(names = "--min-points", defaultValue = "1000", description = "History needed before the first training (default ${DEFAULT-VALUE}).")
    long minPoints;

    @Option(names = "--train-seconds", defaultValue = "60", description = "Budget of one training run (default ${DEFAULT-VALUE}).")
    int trainSeconds;

    @Option(names = "--once", description = "Read the history topic to its end, train once, publish if promoted, exit.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        ForecastSettings settings = new ForecastSettings(horizon, window, season, 0.9, 24, Duration.ofHours(1));
        TrainerConfig defaults = TrainerConfig.defaults(bootstrap, settings);
        TrainerConfig config = new TrainerConfig(bootstrap, defaults.groupId(), defaults.observationsTopic(),
                defaults.modelUpdatesTopic(), defaults.modelArchiveTopic(), defaults.decisionsTopic(), modelName,
                settings, TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(trainSeconds)), retrainEvery,
                retrainInterval, minPoints, defaults.maxPointsPerSeries(), defaults.maxSeries(), Map.of(),
                System.getenv("STREAMCAST_MODEL_KEY") == null || System.getenv("STREAMCAST_MODEL_KEY").isEmpty()
                        ? null : System.getenv("STREAMCAST_MODEL_KEY"));
        try (TrainerService trainer = new TrainerService(config, System.out::println)) {
            if (once) {
                Map<String, Object> decision = trainer.runOnce();
                System.out.println("decision=" + decision.get("decision"));
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "trainer-shutdown"));
            trainer.start();
            stopped.await();
        }
        return 0;
    }
}
