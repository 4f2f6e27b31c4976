package io.streamcast.cli.evaluate;

import io.streamcast.cli.OutputFileOptions;
import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.data.DataFiles;
import io.streamcast.cli.data.GroupData;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.options.ForecastOptions;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.DeploymentArgument;
import io.streamcast.options.deployment.ForecastGroup;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code streamcast evaluate}: an offline backtest through the serving and training code. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Backtest the forecaster on CSV files through the same code the services run.",
                "Rolling mode (default) walks forward through all series in event-time order, retraining as it goes;",
                "--holdout N scores the forecast made before the last N points of each series (M4 protocol).",
                "Reports MASE, sMAPE, coverage and MSIS next to naive and seasonal naive, per series and per step;",
                "--owa adds M4's Naive2 and OWA; --score-from N scores only rows from N on (rolling mode).",
                "--config backtests every group of a deployment file with the group's own settings."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "[TOPIC=]FILE.csv",
            description = "CSV file: 'series,timestamp,value' or 'timestamp,value' (series = file name). Repeatable. "
                    + "With --config, TOPIC= names the input topic the file stands for, and so its group.")
    List<String> data;

    @Option(names = {"--config", "--deployment"}, paramLabel = "deployment.yaml", description = "A deployment file "
            + "(docs/configuration.md; --deployment as for the services): each group given --data is backtested "
            + "with its own horizon, season, window, coverage and gap fill, and reported on its own.")
    Path config;

    /** --horizon and --season (required without --config), --window, --coverage, --max-gap-fill. */
    @Mixin
    ForecastOptions forecast = ForecastOptions.shapeRequiredUnless("--config");

    @Option(names = "--holdout", arity = "0..1", fallbackValue = "0", paramLabel = "N", description = "Holdout mode: "
            + "the last N points of each series are the test (N must equal H; without N: H, each group's own with "
            + "--config).")
    Integer holdout;

    @Option(names = "--retrain-every", paramLabel = "N", description = "Rolling mode: retrain after every N points "
            + "seen across all series (default: a quarter of all points rounded up, at least 500, so that rounds "
            + "fall at 25, 50 and 75 %%; of a group's, with --config).")
    Integer retrainEvery;

    @Option(names = "--score-from", paramLabel = "N", description = "Rolling mode: score only targets at row N "
            + "or later of each series (0-based), the baselines' too: an origin o's step j counts when o + j >= N. "
            + "Not with --holdout, which scores the last H points.")
    Integer scoreFrom;

    @Option(names = "--owa", description = "Also score M4's Naive2 (seasonality test at lag m, multiplicative "
            + "decomposition, naive) on the same targets and print every forecaster's OWA against it: "
            + "(sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2.")
    boolean owa;

    @Option(names = "--train-seconds", defaultValue = "" + TrainerSettings.DEFAULT_TRAIN_SECONDS,
            description = "Wall-clock cap of one training run (default ${DEFAULT-VALUE}). A run makes at most "
                    + TrainerSettings.DEFAULT_PASSES + " passes over its training sequences (at least "
                    + TrainerSettings.DEFAULT_MIN_UPDATES + " updates) and stops early when validation stops "
                    + "improving, so the budget follows the data; progress lines say where it stands.")
    int trainSeconds;

    @Mixin
    OutputFileOptions.Report report;

    @Mixin
    OutputFileOptions.Plot plot;

    @Override
    public Integer call() throws Exception {
        return config != null ? deployment() : single();
    }

    /** Without --config: every file, one shape from the flags (the report keys of docs/evaluate.md). */
    private int single() throws Exception {
        checkScoreFrom();
        List<Path> files = DataFiles.readable(spec, data.stream().map(Path::of).toList());
        forecast.requireShape();
        ForecastSettings settings = forecast.settings(ForecastSettings.defaults());
        if (!holdoutFits(settings.horizon())) {
            throw new ParameterException(spec.commandLine(), "--holdout (" + holdout + ") must equal --horizon ("
                    + settings.horizon() + "): the forecast made before the holdout is scored on it");
        }
        List<PlotSeries> plots = new ArrayList<>();
        EvaluationReport result = evaluate(files, settings, null, plots);
        ReportWriter.printTable(result, System.out);
        if (report.path() != null) {
            ReportWriter.write(result, report.path());
            System.out.println("report: " + report.path());
        }
        writePlot(plots, result.mode());
        return 0;
    }

    /** With --config: each group with files, its own shape; one report with a section per group. */
    private int deployment() throws Exception {
        checkScoreFrom();
        Deployment deployment = DeploymentArgument.read(spec.commandLine(), "--config", config, forecast.given(),
                "each group's shape comes from the deployment file");
        List<GroupData.Entry> entries = data.stream().map(GroupData.Entry::parse).toList();
        DataFiles.readable(spec, entries.stream().map(GroupData.Entry::file).toList());
        Map<ForecastGroup, List<Path>> files;
        try {
            files = GroupData.assign(deployment, entries);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        for (ForecastGroup g : files.keySet()) {
            if (!holdoutFits(g.forecast().horizon())) {
                throw new ParameterException(spec.commandLine(), "--holdout " + holdout + " is not the horizon of "
                        + "group '" + g.name() + "' (" + g.forecast().horizon() + "): give --holdout without a value "
                        + "to hold out each group's own H");
            }
        }
        Map<String, ReportDocument> groups = new LinkedHashMap<>();
        List<PlotSeries> plots = new ArrayList<>();
        String mode = null;
        for (Map.Entry<ForecastGroup, List<Path>> e : files.entrySet()) {
            ForecastGroup g = e.getKey();
            System.err.printf("evaluate: group %s (H=%d, m=%d, W=%d) on %s%n", g.name(), g.forecast().horizon(),
                    g.forecast().season(), g.forecast().window(), e.getValue());
            EvaluationReport result = evaluate(e.getValue(), g.forecast(), g.name(), plots);
            System.out.printf("%ngroup %s:", g.name());
            ReportWriter.printTable(result, System.out);
            groups.put(g.name(), ReportDocument.of(result));
            mode = result.mode();
        }
        if (report.path() != null) {
            ReportWriter.writeJson(new ReportDocument.Deployment(config.toString(), mode, groups), report.path());
            System.out.println("report: " + report.path());
        }
        writePlot(plots, mode);
        return 0;
    }

    /** One backtest of {@code files} under {@code settings}, of {@code group} (null without --config). */
    private EvaluationReport evaluate(List<Path> files, ForecastSettings settings, String group,
                                      List<PlotSeries> plots) throws Exception {
        String prefix = group == null ? "evaluate: " : "evaluate: " + group + ": ";
        int h = settings.horizon();
        CsvSeries.Result read = CsvSeries.read(files);
        if (read.series().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no valid rows in " + files);
        }
        System.err.printf("%sread %d rows (%d bad) into %d series%n", group == null ? "" : prefix,
                read.rows(), read.badRows(), read.series().size());
        read.badExamples().forEach(e -> System.err.println("  bad row " + e));
        TrainerSettings trainer = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(trainSeconds));
        Consumer<String> progress = line -> System.err.println(prefix + line);
        Evaluation evaluation;
        if (holdout != null) {
            evaluation = new HoldoutEvaluation(settings, trainer, progress, h, owa);
        } else {
            long total = read.series().stream().mapToLong(SeriesHistory::size).sum();
            int every = retrainEvery != null ? retrainEvery : defaultRetrainEvery(total);
            evaluation = new RollingEvaluation(settings, trainer, progress, every, scoreFrom, owa);
        }
        EvaluationReport result = evaluation.run(read.series(), read.rows(), read.badRows());
        plots.addAll(evaluation.plots());
        return result;
    }

    /** --score-from is a row index, and a rolling-mode flag: holdout scores exactly the last H points (M4). */
    private void checkScoreFrom() {
        if (scoreFrom == null) {
            return;
        }
        if (scoreFrom < 0) {
            throw new ParameterException(spec.commandLine(), "--score-from must be a row index >= 0, got " + scoreFrom);
        }
        if (holdout != null) {
            throw new ParameterException(spec.commandLine(), "--score-from applies to rolling mode only: --holdout "
                    + "scores the last H points of each series, as M4 does");
        }
    }

    /** Whether --holdout, if given, holds out H points (without a value it always does). */
    private boolean holdoutFits(int horizon) {
        return holdout == null || holdout == 0 || holdout == horizon;
    }

    private void writePlot(List<PlotSeries> plots, String mode) throws IOException {
        if (plot.path() != null) {
            PlotWriter.write(plots, "streamcast evaluate (" + mode + ")", plot.path());
            System.out.println("plot: " + plot.path());
        }
    }

    /**
     * Rolling mode's default: a quarter of all points (at least 500), rounded up, so that the rounds fall at 25, 50
     * and 75 % of the walk. Rounded down, a fourth round fell a few points before the end (229,912 of 229,915 points),
     * where what it trains can serve nothing: minutes of training for no forecast.
     */
    static int defaultRetrainEvery(long totalPoints) {
        return (int) Math.max(500, (totalPoints + 3) / 4);
    }
}
