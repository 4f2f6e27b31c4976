package io.streamcast.cli.demo;

import io.streamcast.cli.evaluate.PlotSeries;
import io.streamcast.cli.evaluate.PlotWriter;
import io.streamcast.cli.evaluate.ReportWriter;
import io.streamcast.core.accuracy.BaselineComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's end: the summary lines (the count identity {@code records_in = forecasts_out + forecasts_suppressed +
 * dlq + duplicates} overall and per group, the suppressed term 0 unless an emit policy suppresses forecasts; the
 * model versions, the scores), the report JSON ({@link DemoDocument}) and the plot. With one group the report
 * is what it always was; with several its top level holds the totals and the versions of every group, and
 * {@code groups} the same object per group (docs/cli.md).
 */
final class DemoReport {
    private final List<DemoGroup> groups;
    private final long started;

    DemoReport(List<DemoGroup> groups, long started) {
        this.groups = groups;
        this.started = started;
    }

    /** Prints the summary, writes the report and the plot when asked; returns the exit code. */
    int finish(DemoRun.Result result, Path reportPath, Path plotPath) throws Exception {
        double seconds = (System.nanoTime() - started) / 1e9;
        long in = 0;
        long out = 0;
        long dlq = 0;
        long dups = 0;
        long suppressed = 0;
        long failed = 0;
        Set<String> versions = new LinkedHashSet<>();
        Map<String, DemoDocument.Group> byGroup = new LinkedHashMap<>();
        for (DemoRun.GroupResult r : result.groups()) {
            byGroup.put(r.group().name, DemoDocument.Group.of(r));
            in += r.recordsIn();
            out += r.group().outputs.forecasts();
            dlq += r.group().outputs.deadLetters();
            dups += r.duplicates();
            suppressed += r.suppressed();
            failed += r.failedSends();
            versions.addAll(r.group().outputs.versions());
        }
        say("demo: done in %.0f s: records_in=%d forecasts_out=%d%s dlq=%d duplicates=%d (identity %s); versions %s",
                seconds, in, out, suppressedText(suppressed), dlq, dups, in == out + suppressed + dlq + dups ? "holds"
                        : "BROKEN", List.copyOf(versions));
        for (DemoRun.GroupResult r : result.groups()) {
            DemoGroup g = r.group();
            BaselineComparison.Result scores = g.outputs.scores();
            String prefix = groups.size() > 1 ? "demo: group " + g.name + ": " : "demo: ";
            if (groups.size() > 1) {
                long gOut = g.outputs.forecasts();
                long gDlq = g.outputs.deadLetters();
                say("%srecords_in=%d forecasts_out=%d%s dlq=%d duplicates=%d (identity %s); versions %s; last "
                                + "decision: %s", prefix, r.recordsIn(), gOut, suppressedText(r.suppressed()), gDlq,
                        r.duplicates(), r.recordsIn() == gOut + r.suppressed() + gDlq + r.duplicates() ? "holds"
                                : "BROKEN", g.outputs.versions(),
                        r.decisions().isEmpty() ? "none" : r.decisions().get(r.decisions().size() - 1).reason());
            }
            say("%sMASE model %.3f, naive %.3f, seasonal naive %.3f over %d scored forecasts; coverage %.3f", prefix,
                    scores.model().mase(), scores.naive().mase(), scores.seasonalNaive().mase(), scores.origins(),
                    scores.model().coverage());
        }
        if (reportPath != null) {
            double rounded = Math.round(seconds * 10) / 10.0;
            Object report = groups.size() == 1 ? byGroup.values().iterator().next().withSeconds(rounded)
                    : new DemoDocument.Groups(in, out, dlq, dups, suppressed, failed, List.copyOf(versions), byGroup,
                    rounded);
            ReportWriter.writeJson(report, reportPath);
            say("report: %s", reportPath);
        }
        if (plotPath != null) {
            List<PlotSeries> panels = new ArrayList<>();
            groups.forEach(g -> panels.addAll(g.outputs.plotPanels().subList(0,
                    Math.min(g.outputs.plotPanels().size(), groups.size() > 1 ? 2 : 3))));
            PlotWriter.write(panels, "streamcast demo (step-1 forecasts)", plotPath);
            say("plot: %s", plotPath);
        }
        for (DemoRun.GroupResult r : result.groups()) {
            if (r.failedSends() > 0) {
                System.err.printf("demo: %d of %d records were not delivered to the embedded broker (not counted in "
                        + "records_in); the first failure: %s%n", r.failedSends(), r.group().rows.size(),
                        r.firstFailure());
            }
        }
        return failed > 0 ? 1 : 0;
    }

    /** The summary names suppressed forecasts only when there are any: the default policy suppresses none. */
    private static String suppressedText(long suppressed) {
        return suppressed == 0 ? "" : " forecasts_suppressed=" + suppressed;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
