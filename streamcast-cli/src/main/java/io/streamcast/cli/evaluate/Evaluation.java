package io.streamcast.cli.evaluate;

import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.training.ModelTrainer;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An offline backtest through the serving code: the same {@code SeriesForecaster} (carried state, re-priming
 * on swaps), the same trainer and promotion gate, the same metrics ({@link BaselineComparison}: scoring by index,
 * the forecast made after x[t] against x[t+1..t+H], as in M4). Two protocols: {@link HoldoutEvaluation} (M4's)
 * and {@link RollingEvaluation} (walk-forward, retraining as it goes). One evaluation runs once.
 */
public abstract sealed class Evaluation permits HoldoutEvaluation, RollingEvaluation {
    /** Up to this many series keep forecasts for the plot. */
    static final int PLOTTED_SERIES = 3;

    protected final ForecastSettings settings;
    protected final Consumer<String> progress;
    protected final List<PlotSeries> plots = new ArrayList<>();
    /** What the protocol scores besides the M4 point figures: MSIS, the first scored row, Naive2. */
    protected final BaselineComparison.Scoring scoring;
    private final Integer scoreFrom;
    private final ModelTrainer trainer;
    private final List<String> decisions = new ArrayList<>();
    private double trainSeconds;

    /**
     * @param scoreFrom the first index scored in each series, or null: every index the protocol scores
     * @param naive2    whether M4's Naive2 is scored too (for OWA)
     */
    protected Evaluation(ForecastSettings settings, TrainerSettings trainerSettings, Consumer<String> progress,
                         Integer scoreFrom, boolean naive2) {
        this.settings = settings;
        this.progress = progress;
        this.scoreFrom = scoreFrom;
        this.scoring = new BaselineComparison.Scoring(settings.coverage(), scoreFrom == null ? 0 : scoreFrom,
                naive2);
        this.trainer = new ModelTrainer(settings, trainerSettings, "evaluate");
    }

    /** Backtests the series; {@code rows} and {@code badRows} (of the input) only go into the report. */
    public abstract EvaluationReport run(List<SeriesHistory> series, int rows, int badRows)
            throws BundleFormatException;

    /** The series kept for the plot, after {@link #run}. */
    public List<PlotSeries> plots() {
        return plots;
    }

    /**
     * One training round on the histories, timed and recorded as a decision (after {@code prefix}).
     *
     * @return the promoted candidate, the champion when the gate refused the candidate, or null (the baseline)
     *         when it retired the champion
     */
    protected ServingModel train(List<SeriesHistory> histories, ServingModel champion, String prefix)
            throws BundleFormatException {
        long start = System.nanoTime();
        ModelTrainer.Round round = trainer.run(histories, champion, version(), progress);
        trainSeconds += (System.nanoTime() - start) / 1e9;
        String line = prefix + describe(round);
        decisions.add(line);
        progress.accept(line);
        return switch (round.decision().outcome()) {
            case PROMOTE -> ServingModel.load(round.bundle(), KernelKind.JAVA);
            case RETIRE -> null; // the champion fell behind the baseline: the baseline serves
            case REFUSE -> champion;
        };
    }

    /** The report of a run that started at {@code started} (System.nanoTime). */
    protected EvaluationReport report(String mode, int series, BaselineComparison.Result scores,
                                      Set<String> versions, long started, int rows, int badRows) {
        return new EvaluationReport(mode, settings.horizon(), settings.season(), settings.coverage(),
                scoreFrom, series, List.copyOf(versions), scores,
                trainSeconds, (System.nanoTime() - started) / 1e9, rows, badRows, List.copyOf(decisions));
    }

    private static String describe(ModelTrainer.Round round) {
        if (round.bundle() == null) {
            return "no model: " + round.decision().reason();
        }
        return String.format("%s %s (blend %.2f, %d updates = %d epochs, %.1f s): %s", round.bundle().version(),
                switch (round.decision().outcome()) {
                    case PROMOTE -> "promoted";
                    case REFUSE -> "refused";
                    case RETIRE -> "refused, champion retired";
                }, round.blend(), round.training().updates(),
                round.training().epochs(), round.training().seconds(), round.decision().reason());
    }

    private static String version() {
        return "lstm-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
    }
}
