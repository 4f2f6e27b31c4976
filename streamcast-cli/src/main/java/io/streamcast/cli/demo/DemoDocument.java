package io.streamcast.cli.demo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamcast.cli.evaluate.ReportDocument;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.options.deployment.ForecastGroup;
import io.streamcast.trainer.service.DecisionRecord;
import java.util.List;
import java.util.Map;

/**
 * The demo report as its JSON document, read by outside tools (docs/cli.md): with one group, that group's object
 * with the run's {@code seconds} last; with several, the totals, the versions of every group and the group objects
 * under {@code groups}, then {@code seconds}. Keys are the components' names (or their {@link JsonProperty}), in
 * the components' order.
 */
final class DemoDocument {
    private DemoDocument() {}

    /**
     * One group's object: the keys the one-group demo always reported.
     *
     * @param topic   null (absent) for the default group
     * @param seconds null (absent) but in a one-group report
     */
    record Group(@JsonProperty("records_in") long recordsIn, @JsonProperty("forecasts_out") long forecastsOut,
                 long dlq, long duplicates, @JsonProperty("forecasts_suppressed") long forecastsSuppressed,
                 @JsonProperty("failed_sends") long failedSends,
                 @JsonProperty("model_versions") List<String> modelVersions, ReportDocument.Metrics metrics,
                 @JsonProperty("scored_forecasts") long scoredForecasts, int horizon, int season,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String topic, List<DecisionRecord> decisions,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Double seconds) {

        static Group of(DemoRun.GroupResult r) {
            DemoGroup g = r.group();
            BaselineComparison.Result scores = g.outputs.scores();
            return new Group(r.recordsIn(), g.outputs.forecasts(), g.outputs.deadLetters(), r.duplicates(),
                    r.suppressed(), r.failedSends(), g.outputs.versions(),
                    ReportDocument.Metrics.of(scores.model(), scores.naive(), scores.seasonalNaive()),
                    scores.origins(), g.settings.horizon(), g.settings.season(),
                    g.name.equals(ForecastGroup.DEFAULT) ? null : g.topic, r.decisions(), null);
        }

        /** The one-group report: this group's object with the run's seconds. */
        Group withSeconds(double seconds) {
            return new Group(recordsIn, forecastsOut, dlq, duplicates, forecastsSuppressed, failedSends,
                    modelVersions, metrics, scoredForecasts, horizon, season, topic, decisions, seconds);
        }
    }

    /** The report of several groups: the totals over them, the versions of every group, and each group. */
    record Groups(@JsonProperty("records_in") long recordsIn, @JsonProperty("forecasts_out") long forecastsOut,
                  long dlq, long duplicates, @JsonProperty("forecasts_suppressed") long forecastsSuppressed,
                  @JsonProperty("failed_sends") long failedSends,
                  @JsonProperty("model_versions") List<String> modelVersions, Map<String, Group> groups,
                  double seconds) {}
}
