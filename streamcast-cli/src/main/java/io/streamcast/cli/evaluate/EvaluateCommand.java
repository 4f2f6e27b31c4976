package io.streamcast.cli.evaluate;

import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.data.DataFiles;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.options.ForecastOptions;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.training.TrainerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import io.streamcast.cli.OutputFileOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamcast evaluate}: an offline backtest through the serving and training code. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Backtest the forecaster on CSV files through the same code the services run.",
                "Rolling mode (default) walks forward through all series in event-time order, retraining as it goes;",
                "--holdout N scores the forecast made before the last N points of each series (M4 protocol)."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "CSV file: 'series,timestamp,value' or 'timestamp,value' (series = file name). Repeatable.")
    List<Path> data;

    /** --horizon and --season (required), --window, --coverage, --max-gap-fill. */
    @Mixin
    ForecastOptions forecast = ForecastOptions.shapeRequired();

    @Option(names = "--holdout", paramLabel = "N", description = "Holdout mode: the last N points of each series "
            + "are the test (N must equal H).")
    Integer holdout;

    @Option(names = "--retrain-every", paramLabel = "N", description = "Rolling mode: retrain after every N points "
            + "seen across all series (default: a quarter of all points, at least 500).")
    Integer retrainEvery;

    @Option(names = "--train-seconds", defaultValue = "60", description = "Time budget of one training run "
            + "(default ${DEFAULT-VALUE}).")
    int trainSeconds;

    @Mixin
    OutputFileOptions.Report report;

    @Mixin
    OutputFileOptions.Plot plot;

    @Override
    public Integer call() throws Exception {
        DataFiles.readable(spec, data);
        ForecastSettings settings = forecast.settings(ForecastSettings.defaults());
        if (holdout != null && holdout != settings.horizon()) {
            throw new ParameterException(spec.commandLine(), "--holdout (" + holdout + ") must equal --horizon ("
                    + settings.horizon() + "): the forecast made before the holdout is scored on it");
        }
        CsvSeries.Result read = CsvSeries.read(data);
        if (read.series().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no valid rows in " + data);
        }
        System.err.printf("read %d rows (%d bad) into %d series%n", read.rows(), read.badRows(), read.series().size());
        read.badExamples().forEach(e -> System.err.println("  bad row " + e));
        TrainerSettings trainer = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(trainSeconds));
        Consumer<String> progress = line -> System.err.println("evaluate: " + line);
        Evaluation evaluation;
        if (holdout != null) {
            evaluation = new HoldoutEvaluation(settings, trainer, progress, holdout);
        } else {
            long total = read.series().stream().mapToLong(SeriesHistory::size).sum();
            int every = retrainEvery != null ? retrainEvery : (int) Math.max(500, total / 4);
            evaluation = new RollingEvaluation(settings, trainer, progress, every);
        }
        EvaluationReport result = evaluation.run(read.series(), read.rows(), read.badRows());
        ReportWriter.printTable(result, System.out);
        if (report.path() != null) {
            ReportWriter.write(result, report.path());
            System.out.println("report: " + report.path());
        }
        if (plot.path() != null) {
            PlotWriter.write(evaluation.plots(), "streamcast evaluate (" + result.mode() + ")", plot.path());
            System.out.println("plot: " + plot.path());
        }
        return 0;
    }
}
