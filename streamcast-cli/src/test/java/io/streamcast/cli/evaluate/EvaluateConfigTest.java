package io.streamcast.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.cli.StreamcastCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code evaluate --config}: each group of a deployment file backtested with its own shape, through the real CLI. */
class EvaluateConfigTest {
    private static final String DEPLOYMENT = """
            groups:
              - name: sensors
                inputs: [sensor-readings]
                horizon: 6
                season: 24
              - name: closes
                input-pattern: "market-.*-closes"
                horizon: 3
                season: 7
                step: 1d
            """;

    @TempDir
    Path dir;

    private record Run(int exit, String err) {}

    private Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = StreamcastCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void everyGroupIsBacktestedWithItsOwnShapeAndTheSameSeriesIdInTwoGroupsIsTwoSeries() throws Exception {
        Path config = Files.writeString(dir.resolve("deployment.yaml"), DEPLOYMENT);
        Path sensors = csv("sensors.csv", new String[] {"s1", "s2"}, 300, ChronoUnit.HOURS, 24);
        Path closes = csv("closes.csv", new String[] {"s1"}, 200, ChronoUnit.DAYS, 7);
        Path report = dir.resolve("report.json");

        Run run = run("evaluate", "--config", config.toString(), "--data", "sensor-readings=" + sensors,
                "--data", "market-eu-closes=" + closes, "--holdout", "--owa", "--train-seconds", "1", "--report",
                report.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.fieldNames()).toIterable().containsExactly("config", "mode", "groups");
        assertThat(r.get("config").asText()).isEqualTo(config.toString());
        assertThat(r.get("mode").asText()).isEqualTo("holdout");
        assertThat(r.get("groups").fieldNames()).toIterable().containsExactly("sensors", "closes");
        JsonNode s = r.get("groups").get("sensors");
        JsonNode c = r.get("groups").get("closes");
        assertThat(s.get("horizon").asInt()).isEqualTo(6);
        assertThat(s.get("season").asInt()).isEqualTo(24);
        assertThat(s.get("series").asInt()).isEqualTo(2);
        assertThat(s.get("forecasts").asInt()).isEqualTo(2);
        assertThat(c.get("horizon").asInt()).isEqualTo(3);
        assertThat(c.get("season").asInt()).isEqualTo(7);
        assertThat(c.get("series").asInt()).isEqualTo(1);
        assertThat(c.get("per_series").get(0).get("series").asText()).isEqualTo("s1");
        // each group's s1 is scored on its own values: the sensors' s1 is about 100 times the closes' s1
        assertThat(s.get("metrics").get("naive").get("mae").asDouble())
                .isGreaterThan(20 * c.get("metrics").get("naive").get("mae").asDouble());
        // every group's object has the fields for comparing with the literature, with its own H
        for (JsonNode g : List.of(s, c)) {
            assertThat(g.get("metrics").get("model").has("msis")).isTrue();
            assertThat(g.get("metrics").get("naive2").get("owa").asDouble()).isEqualTo(1.0);
            assertThat(g.get("metrics").get("model").has("owa")).isTrue();
            assertThat(g.get("per_series").get(0).has("seasonal_naive_smape")).isTrue();
            assertThat(g.get("per_series").get(0).has("naive2_mase")).isTrue();
        }
        assertThat(s.get("per_step")).hasSize(6);
        assertThat(c.get("per_step")).hasSize(3);
        assertThat(c.get("per_step").get(2).get("step").asInt()).isEqualTo(3);
    }

    @Test
    void filesThatNoGroupTakesAndShapeFlagsBesideTheFileAreUsageErrors() throws Exception {
        Path config = Files.writeString(dir.resolve("deployment.yaml"), DEPLOYMENT);
        Path data = csv("d.csv", new String[] {"s1"}, 50, ChronoUnit.HOURS, 24);

        Run plain = run("evaluate", "--config", config.toString(), "--data", data.toString());
        assertThat(plain.exit()).isEqualTo(2);
        assertThat(plain.err()).contains("say which input topic the file stands for, as --data TOPIC=" + data)
                .contains("sensors reads sensor-readings; closes reads topics matching market-.*-closes");

        Run unknown = run("evaluate", "--config", config.toString(), "--data", "elsewhere=" + data);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no group reads topic 'elsewhere'");

        Run shape = run("evaluate", "--config", config.toString(), "--data", "sensor-readings=" + data,
                "--season", "12");
        assertThat(shape.exit()).isEqualTo(2);
        assertThat(shape.err()).contains("--season cannot be combined with --config");

        Run holdout = run("evaluate", "--config", config.toString(), "--data", "sensor-readings=" + data,
                "--holdout", "3");
        assertThat(holdout.exit()).isEqualTo(2);
        assertThat(holdout.err()).contains("--holdout 3 is not the horizon of group 'sensors' (6)");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), "groups:\n  - name: x\n    horizon: -1\n");
        Run bad = run("evaluate", "--config", broken.toString(), "--data", data.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains(broken + ":2: group 'x': 'season' is missing")
                .contains(broken + ":3: group 'x': horizon must be a whole number >= 1, got '-1'");

        Run noShape = run("evaluate", "--data", data.toString());
        assertThat(noShape.exit()).isEqualTo(2);
        assertThat(noShape.err()).contains("Missing required options: '--horizon=H', '--season=M' (or --config)");
    }

    /** Series with a season of {@code m} steps and a level of 100 for the hourly ones, 1 for the daily ones. */
    private Path csv(String name, String[] ids, int points, ChronoUnit unit, int m) throws Exception {
        StringBuilder b = new StringBuilder("series,timestamp,value\n");
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        double level = unit == ChronoUnit.HOURS ? 100 : 1;
        for (int k = 0; k < ids.length; k++) {
            for (int i = 0; i < points; i++) {
                double v = level * (1 + 0.3 * Math.sin(2 * Math.PI * i / m) + 0.05 * Math.sin(i * 1.7 + k));
                b.append(ids[k]).append(',').append(start.plus(i, unit)).append(',').append(v).append('\n');
            }
        }
        return Files.writeString(dir.resolve(name), b.toString());
    }
}
