package io.streamcast.cli.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.accuracy.StepErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluate report as its JSON document, a contract that outside tools read (keys as in docs/evaluate.md): the
 * keys are the components' names (or their {@link JsonProperty}), in the components' order. Figures are kept as
 * measured, NaN or infinite included; {@link ReportWriter} writes a figure that is not finite as null. A key that
 * only some reports have is a null component, left out ({@link JsonInclude}).
 */
public record ReportDocument(String mode, int horizon, int season,
                             @JsonProperty("nominal_coverage") double nominalCoverage,
                             @JsonProperty("score_from") Integer scoreFrom, int series, long forecasts,
                             @JsonProperty("model_versions") List<String> modelVersions, Metrics metrics,
                             @JsonProperty("per_series") List<SeriesFigures> perSeries,
                             @JsonProperty("per_step") List<StepErrors.Step> perStep,
                             @JsonProperty("train_seconds") double trainSeconds, double seconds, int rows,
                             @JsonProperty("bad_rows") int badRows, List<String> decisions) {

    /** The report of one backtest; its times rounded to the millisecond. */
    public static ReportDocument of(EvaluationReport r) {
        BaselineComparison.Result scores = r.scores();
        return new ReportDocument(r.mode(), r.horizon(), r.season(), r.coverage(), r.scoreFrom(), r.series(),
                r.forecasts(), r.modelVersions(), Metrics.of(scores), SeriesFigures.of(scores),
                scores.modelPerStep(), millis(r.trainSeconds()),
                millis(r.seconds()), r.rows(), r.badRows(), r.decisions());
    }

    /** {@code evaluate --config}: a report per group of the deployment file, by group name. */
    public record Deployment(String config, String mode, Map<String, ReportDocument> groups) {}

    /**
     * The {@code metrics} object: model, naive and seasonal naive; with Naive2 scored, {@code naive2} too.
     *
     * @param naive2 null (absent) unless Naive2 was scored
     */
    public record Metrics(Figures model, Figures naive, @JsonProperty("seasonal_naive") Figures seasonalNaive,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Figures naive2) {

        /** The evaluate report's: the model with coverage and MSIS; with Naive2, every forecaster's OWA. */
        static Metrics of(BaselineComparison.Result scores) {
            MetricSummary naive2 = scores.naive2();
            return new Metrics(Figures.of(scores.model(), true, true, naive2),
                    Figures.of(scores.naive(), false, false, naive2),
                    Figures.of(scores.seasonalNaive(), false, false, naive2),
                    naive2 == null ? null : Figures.of(naive2, false, false, naive2));
        }

        /** The demo report's: the model with coverage, naive and seasonal naive. */
        public static Metrics of(MetricSummary model, MetricSummary naive, MetricSummary snaive) {
            return new Metrics(Figures.of(model, true, false, null), Figures.of(naive, false, false, null),
                    Figures.of(snaive, false, false, null), null);
        }
    }

    /**
     * One forecaster's figures.
     *
     * @param coverage null (absent) for a forecaster without intervals
     * @param msis     null (absent) but for the evaluate report's model
     * @param owa      null (absent) unless Naive2 was scored
     */
    public record Figures(double mae, double smape, double mase,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double coverage,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double msis,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double owa) {
        static Figures of(MetricSummary m, boolean coverage, boolean msis, MetricSummary naive2) {
            return new Figures(m.mae(), m.smape(), m.mase(), coverage ? m.coverage() : null,
                    msis ? m.msis() : null, naive2 == null ? null : m.owa(naive2));
        }
    }

    /**
     * One series: the model's figures next to the baselines' on the same targets.
     *
     * @param naive2Mase  null (absent) unless Naive2 was scored
     * @param naive2Smape null (absent) unless Naive2 was scored
     */
    public record SeriesFigures(String series, double mase, double smape, double coverage, double msis,
                                @JsonProperty("naive_mase") double naiveMase,
                                @JsonProperty("seasonal_naive_mase") double seasonalNaiveMase,
                                @JsonProperty("naive_smape") double naiveSmape,
                                @JsonProperty("seasonal_naive_smape") double seasonalNaiveSmape,
                                @JsonProperty("naive2_mase") @JsonInclude(JsonInclude.Include.NON_NULL)
                                Double naive2Mase,
                                @JsonProperty("naive2_smape") @JsonInclude(JsonInclude.Include.NON_NULL)
                                Double naive2Smape) {
        static List<SeriesFigures> of(BaselineComparison.Result scores) {
            List<SeriesFigures> list = new ArrayList<>();
            for (int i = 0; i < scores.modelPerSeries().size(); i++) {
                MetricSummary.PerSeries model = scores.modelPerSeries().get(i);
                MetricSummary.PerSeries naive = scores.naivePerSeries().get(i);
                MetricSummary.PerSeries seasonal = scores.seasonalNaivePerSeries().get(i);
                MetricSummary.PerSeries naive2 = scores.naive2() == null ? null : scores.naive2PerSeries().get(i);
                list.add(new SeriesFigures(model.seriesId(), model.mase(), model.smape(), model.coverage(),
                        model.msis(), naive.mase(), seasonal.mase(), naive.smape(), seasonal.smape(),
                        naive2 == null ? null : naive2.mase(), naive2 == null ? null : naive2.smape()));
            }
            return list;
        }
    }

    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
