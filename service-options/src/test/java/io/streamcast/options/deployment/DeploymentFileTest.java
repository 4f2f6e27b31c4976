package io.streamcast.options.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentFileTest {
    private static final String TWO_GROUPS = """
            # sensors every 5 minutes, stock closes daily
            groups:
              - name: sensors
                input-pattern: "sensors-.*-raw"
                horizon: 12
                season: 288
                idle-ttl: 2d
                step: 5m
              - name: stocks
                inputs: [stock-closes, etf-closes]
                horizon: 5
                season: 5
                window: 60
                coverage: 0.8
                max-gap-fill: 3
                model: stocks-v2
                topics:
                  forecasts: stock-forecasts
            topics:
              model-updates: models
            """;

    @Test
    void aDeploymentFileGivesEachGroupItsShapeTopicsAndModelWithDerivedDefaults() throws Exception {
        Deployment d = DeploymentFile.parse("deployment.yaml", TWO_GROUPS);

        assertThat(d.groups()).extracting(ForecastGroup::name).containsExactly("sensors", "stocks");
        ForecastGroup sensors = d.group("sensors").orElseThrow();
        assertThat(sensors.inputTopics()).isEmpty();
        assertThat(sensors.reads("sensors-pump-7-raw")).isTrue();
        assertThat(sensors.reads("stock-closes")).isFalse();
        assertThat(sensors.forecast()).isEqualTo(ForecastSettings.builder().horizon(12).window(289).season(288)
                .coverage(0.9).maxGapFill(24).defaultStep(Duration.ofMinutes(5)).build());
        assertThat(sensors.idleTtl()).isEqualTo(Duration.ofDays(2));
        assertThat(sensors.modelName()).isEqualTo("sensors-lstm");
        assertThat(sensors.topics()).isEqualTo(new ForecastGroup.GroupTopics("sensors-forecasts",
                "sensors-forecast-accuracy", "sensors-dlq"));

        ForecastGroup stocks = d.group("stocks").orElseThrow();
        assertThat(stocks.inputTopics()).containsExactly("stock-closes", "etf-closes");
        assertThat(stocks.forecast()).isEqualTo(ForecastSettings.builder().horizon(5).window(60).season(5).coverage(0.8)
                .maxGapFill(3).defaultStep(Duration.ofHours(1)).build());
        assertThat(stocks.idleTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(stocks.modelName()).isEqualTo("stocks-v2");
        assertThat(stocks.topics().forecasts()).isEqualTo("stock-forecasts");
        assertThat(stocks.topics().accuracy()).isEqualTo("stocks-forecast-accuracy");
        assertThat(d.groupReading("etf-closes")).contains(stocks);
        assertThat(d.groupReading("forecasts")).isEmpty();

        assertThat(d.modelUpdates()).isEqualTo("models");
        assertThat(d.modelArchive()).isEqualTo("model-archive");
        assertThat(d.modelDecisions()).isEqualTo("model-decisions");
    }

    @Test
    void aGroupSetsItsEmitToleranceOrTurnsItOffOrLeavesItToTheFlag() throws Exception {
        String g = "groups:\n  - name: a\n    inputs: [in-a]\n    horizon: 12\n    season: 24\n";
        assertThat(DeploymentFile.parse("d.yaml", g + "    emit-tolerance: 0.25\n    emit-every: 6\n").groups().get(0)
                .output()).isEqualTo(new ForecastGroup.Output(6, OptionalDouble.of(0.25)));
        assertThat(DeploymentFile.parse("d.yaml", g + "    emit-tolerance: 0\n").groups().get(0).output()
                .emitTolerance()).hasValue(0.0);
        // 'off' is read as the word it is (values are read from the nodes' text, not as YAML 1.1 booleans)
        assertThat(DeploymentFile.parse("d.yaml", g + "    emit-tolerance: off\n").groups().get(0).output()
                .emitTolerance()).isEmpty();
        assertThat(DeploymentFile.parse("d.yaml", g).groups().get(0).output()).isEqualTo(ForecastGroup.Output.UNSET);
    }

    static List<Arguments> problems() {
        String g = "groups:\n  - name: a\n    inputs: [in-a]\n    horizon: 12\n    season: 24\n";
        return List.of(
                Arguments.of("not YAML", "groups: [\n  - name: a\n", "d.yaml:2: not valid YAML"),
                Arguments.of("not a mapping", "- a\n- b\n",
                        "d.yaml:1: a deployment file is a mapping with 'groups' (and optionally 'topics')"),
                Arguments.of("no groups", "topics: {}\n",
                        "d.yaml:1: the file: 'groups' is missing: a deployment needs at least one group"),
                Arguments.of("empty groups", "groups: []\n",
                        "d.yaml:1: the file: 'groups' must be a list of at least one group"),
                Arguments.of("unknown top key", g + "group: x\n",
                        "d.yaml:6: the file: unknown key 'group' (known: groups, topics)"),
                Arguments.of("unknown group key", g + "    horizn: 3\n",
                        "d.yaml:6: group 'a': unknown key 'horizn' (known: coverage, emit-every, emit-tolerance, horizon, idle-ttl, input-pattern, "
                                + "inputs, max-gap-fill, model, name, season, step, topics, window)"),
                Arguments.of("repeated key", g + "    horizon: 3\n", "d.yaml:6: group 'a': 'horizon' is given twice"),
                Arguments.of("group not a mapping", "groups:\n  - sensors\n", "d.yaml:2: group 1: must be a mapping"),
                Arguments.of("missing name", "groups:\n  - inputs: [x]\n    horizon: 1\n    season: 1\n",
                        "d.yaml:2: group 1: 'name' is missing"),
                Arguments.of("bad name", g.replace("name: a", "name: Sensors_1"),
                        "d.yaml:2: group 1: name 'Sensors_1' must be 1-48 lower-case letters, digits and dashes"),
                Arguments.of("inputs and pattern", g + "    input-pattern: x.*\n",
                        "d.yaml:2: group 'a': give either 'inputs' (topic names) or 'input-pattern'"),
                Arguments.of("no inputs", g.replace("    inputs: [in-a]\n", ""),
                        "d.yaml:2: group 'a': give either 'inputs' (topic names) or 'input-pattern'"),
                Arguments.of("empty inputs", g.replace("[in-a]", "[]"),
                        "d.yaml:3: group 'a': 'inputs' must name at least one topic"),
                Arguments.of("illegal input topic", g.replace("[in-a]", "[ok, 'not ok']"),
                        "d.yaml:3: group 'a' inputs: Topic name is invalid: 'not ok' contains one or more characters other than"),
                Arguments.of("bad pattern", g.replace("inputs: [in-a]", "input-pattern: 'in-(a'"),
                        "d.yaml:3: group 'a': input-pattern is not a regular expression"),
                Arguments.of("horizon not a number", g.replace("horizon: 12", "horizon: twelve"),
                        "d.yaml:4: group 'a': horizon must be a whole number >= 1, got 'twelve'"),
                Arguments.of("horizon 0", g.replace("horizon: 12", "horizon: 0"),
                        "d.yaml:4: group 'a': horizon must be a whole number >= 1, got '0'"),
                Arguments.of("missing season", g.replace("    season: 24\n", ""),
                        "d.yaml:2: group 'a': 'season' is missing"),
                Arguments.of("window too small", g + "    window: 10\n",
                        "d.yaml:6: group 'a': window must be in [m*ceil(H/m), 65535] = [24, 65535] for H=12, m=24: 10"),
                Arguments.of("coverage out of range", g + "    coverage: 1.5\n",
                        "d.yaml:2: group 'a': coverage must be in (0, 1): 1.5"),
                Arguments.of("coverage not a number", g + "    coverage: most\n",
                        "d.yaml:6: group 'a': coverage must be a number, got 'most'"),
                Arguments.of("ttl not a duration", g + "    idle-ttl: soon\n",
                        "d.yaml:6: group 'a': idle-ttl must be a positive duration (90s, 5m, 2h, 7d or ISO-8601), got 'soon'"),
                Arguments.of("emit-tolerance negative", g + "    emit-tolerance: -0.5\n",
                        "d.yaml:6: group 'a': emit-tolerance must be a finite number >= 0 or off, got '-0.5'"),
                Arguments.of("emit-tolerance NaN", g + "    emit-tolerance: NaN\n",
                        "d.yaml:6: group 'a': emit-tolerance must be a finite number >= 0 or off, got 'NaN'"),
                Arguments.of("emit-tolerance infinite", g + "    emit-tolerance: Infinity\n",
                        "d.yaml:6: group 'a': emit-tolerance must be a finite number >= 0 or off, got 'Infinity'"),
                Arguments.of("emit-tolerance a word", g + "    emit-tolerance: small\n",
                        "d.yaml:6: group 'a': emit-tolerance must be a finite number >= 0 or off, got 'small'"),
                Arguments.of("ttl zero", g + "    idle-ttl: 0s\n", "d.yaml:6: group 'a': idle-ttl must be a positive duration (90s, 5m, 2h, 7d or ISO-8601), got '0s'"),
                Arguments.of("topics not a mapping", g + "    topics: forecasts\n",
                        "d.yaml:6: group 'a' topics: must be a mapping of accuracy, dead-letters, forecasts"),
                Arguments.of("illegal output topic", g + "    topics:\n      forecasts: 'a/b'\n",
                        "d.yaml:7: group 'a' forecasts: Topic name is invalid: 'a/b' contains one or more characters other than"),
                Arguments.of("same group name", g + g.substring("groups:\n".length()),
                        "d.yaml:6: group 'a': another group has this name"),
                Arguments.of("same model", g + g.substring("groups:\n".length()).replace("name: a", "name: b")
                                .replace("in-a", "in-b") + "    model: a-lstm\n",
                        "d.yaml:10: group 'b': model 'a-lstm' already serves group 'a'"),
                Arguments.of("output is another group's input",
                        g + g.substring("groups:\n".length()).replace("name: a", "name: b").replace("in-a", "in-b")
                                + "    topics:\n      dead-letters: in-a\n",
                        "d.yaml:11: group 'b': topic 'in-a' is already the group 'a' input topic"),
                Arguments.of("one input in two groups",
                        g + g.substring("groups:\n".length()).replace("name: a", "name: b"),
                        "d.yaml:7: group 'b': topic 'in-a' is already the group 'a' input topic"),
                Arguments.of("pattern reads its own output", g.replace("inputs: [in-a]", "input-pattern: 'a-.*'"),
                        "d.yaml:3: group 'a': input-pattern 'a-.*' matches 'a-forecasts', the group 'a' forecasts topic"),
                Arguments.of("pattern reads the model topic", g.replace("inputs: [in-a]", "input-pattern: 'model-.*'"),
                        "d.yaml:3: group 'a': input-pattern 'model-.*' matches 'model-updates', the shared model topic"),
                Arguments.of("shared topics twice", g + "topics:\n  model-updates: m\n  model-archive: m\n",
                        "d.yaml:8: topics: 'm' is given for two of the shared model topics"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void everyProblemIsReportedWithItsLine(String what, String yaml, String expected) {
        assertThatThrownBy(() -> DeploymentFile.parse("d.yaml", yaml))
                .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.problems())
                        .as(what).anySatisfy(p -> assertThat(p).startsWith(expected)));
    }

    @Test
    void allProblemsOfAFileAreReportedAtOnce() {
        String yaml = """
                groups:
                  - name: a
                    inputs: [in-a]
                    horizon: 0
                    season: 24
                    colour: blue
                  - name: b
                    inputs: [in-a]
                    horizon: 5
                    season: 5
                """;
        assertThatThrownBy(() -> DeploymentFile.parse("d.yaml", yaml))
                .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.problems()).containsExactly(
                        "d.yaml:6: group 'a': unknown key 'colour' (known: coverage, emit-every, emit-tolerance, horizon, idle-ttl, input-pattern, "
                                + "inputs, max-gap-fill, model, name, season, step, topics, window)",
                        "d.yaml:4: group 'a': horizon must be a whole number >= 1, got '0'"))
                .hasMessageContaining("colour");
    }

    @Test
    void aFileThatIsNotUtf8OrTooLargeIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'g', 'r', 'o', 'u', 'p', 's', ':', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> DeploymentFile.read(latin1)).isInstanceOf(DeploymentException.class)
                .hasMessage(latin1 + ": not UTF-8 text");

        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[DeploymentFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> DeploymentFile.read(huge)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("more than a deployment file's");

        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, TWO_GROUPS);
        assertThat(DeploymentFile.read(ok).groups()).hasSize(2);
    }

    @Test
    void anAliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("b").append(i).append(": &b").append(i).append(" [*").append(i == 0 ? "a" : "b" + (i - 1))
                    .append(", *").append(i == 0 ? "a" : "b" + (i - 1)).append("]\n");
        }
        assertThatThrownBy(() -> DeploymentFile.parse("d.yaml", yaml.toString()))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("aliases");
    }
}
