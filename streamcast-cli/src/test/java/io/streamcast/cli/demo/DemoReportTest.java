package io.streamcast.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.options.deployment.ForecastGroup;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.service.DecisionRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo report file, byte for byte but for its {@code seconds}: an outside tool reads its keys, their order,
 * nesting and value types (docs/cli.md), with one group and with several.
 */
class DemoReportTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long HOUR = 3_600_000L;
    private static final ForecastSettings SETTINGS = new ForecastSettings(2, ForecastSettings.defaultWindow(2, 4), 4, 0.9, 24,
            Duration.ofHours(1));

    @TempDir
    Path dir;

    private static DemoGroup group(String name, String topic) {
        long[] ts = new long[24];
        float[] values = new float[24];
        List<ReplayRecords.Row> rows = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            ts[i] = T0 + i * HOUR;
            values[i] = 10 + (i % 4) * 2 + i * 0.25f;
            rows.add(new ReplayRecords.Row("s1", ts[i], new byte[0], true));
        }
        SeriesHistory s1 = new SeriesHistory("s1", ts, values);
        DemoGroup g = new DemoGroup(name, topic, SETTINGS, List.of(Path.of(name + ".csv")), rows,
                new CsvSeries.Result(List.of(s1), 24, 0, List.of()));
        for (int o = 12; o < 20; o++) {
            long origin = ts[o];
            g.outputs.forecast(new Forecast("s1", origin, o < 16 ? "baseline" : name + "-v1", List.of(
                    new ForecastPoint(1, origin + HOUR, values[o + 1] + 0.5, values[o + 1] - 1, values[o + 1] + 1),
                    new ForecastPoint(2, origin + 2 * HOUR, values[o + 2] - 0.25, values[o + 2] - 2,
                            values[o + 2] + 0.125))));
        }
        return g;
    }

    private static DemoRun.GroupResult result(DemoGroup g, long duplicates) {
        return new DemoRun.GroupResult(g, 8 + duplicates + 1, 0, null, duplicates, 0, List.of());
    }

    private String written(List<DemoGroup> groups, DemoRun.Result result) throws Exception {
        Path file = dir.resolve("demo.json");
        int exit = new DemoReport(groups, System.nanoTime()).finish(result, file, null);
        assertThat(exit).isZero();
        return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\"seconds\" : [0-9.]+", "\"seconds\" : S");
    }

    private static void assertGolden(String actual, String golden) throws Exception {
        try (var in = DemoReportTest.class.getResourceAsStream("/golden/" + golden)) {
            assertThat(actual).as(golden).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aOneGroupReportIsTheGroupsObject() throws Exception {
        DemoGroup g = group(ForecastGroup.DEFAULT, "observations");
        g.outputs.deadLetter(null);
        assertGolden(written(List.of(g), new DemoRun.Result(List.of(result(g, 0)))), "demo-one-group.json");
    }

    @Test
    void aGroupsDecisionsAreWrittenAsTheTrainerWritesThemToModelDecisions() throws Exception {
        DemoGroup g = group(ForecastGroup.DEFAULT, "observations");
        DecisionRecord refused = new DecisionRecord("2026-12-07T00:00:00Z", "streamcast-lstm", "default", "t", null,
                null, "refuse", "not enough history", null, null, null, null, null);
        String written = written(List.of(g), new DemoRun.Result(List.of(
                new DemoRun.GroupResult(g, 8, 0, null, 0, 0, List.of(refused)))));

        assertThat(written).contains("""
                  "decisions" : [ {
                    "ts" : "2026-12-07T00:00:00Z",
                    "model_name" : "streamcast-lstm",
                    "group" : "default",
                    "trainer" : "t",
                    "candidate_version" : null,
                    "champion_version" : null,
                    "decision" : "refuse",
                    "reason" : "not enough history"
                  } ],
                """);
    }

    @Test
    void aReportOfSeveralGroupsHasTheTotalsAtTheTopAndEachGroupWithItsTopic() throws Exception {
        DemoGroup a = group("sensors", "sensor-readings");
        DemoGroup b = group("stocks", "stock-closes");
        b.outputs.deadLetter(null);
        assertGolden(written(List.of(a, b), new DemoRun.Result(List.of(result(a, 1), result(b, 0)))),
                "demo-groups.json");
    }
}
