package io.streamcast.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.cli.bench.ThroughputRun.Variant;
import io.streamcast.core.forecast.ForecastSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    /**
     * Every key of the report as the bench wrote it before its results were typed (a --profile run's report),
     * array elements as []: outside checks read these (check-contract bench: throughput.ratio, step.ratio,
     * swap.lost, swap.duplicated, latency.p99_ms).
     */
    private static final List<String> KEYS = List.of(".date", ".latency.p50_ms", ".latency.p99_ms",
            ".latency.rate_rps", ".machine.cores", ".machine.java", ".machine.max_heap_mb", ".mode",
            ".profile.all_samples", ".profile.by_thread[].name", ".profile.by_thread[].percent",
            ".profile.by_thread[].samples", ".profile.components[].name", ".profile.components[].percent",
            ".profile.components[].samples", ".profile.file", ".profile.samples", ".profile.self[].name",
            ".profile.self[].percent", ".profile.self[].samples", ".profile.threads", ".profile.total[].name",
            ".profile.total[].percent", ".profile.total[].samples", ".profile.truncated_stacks",
            ".scaling[].changelog_bytes_per_key", ".scaling[].changelog_bytes_per_record",
            ".scaling[].forecaster_rps", ".scaling[].heap_used_mb", ".scaling[].keys", ".scaling[].records",
            ".scaling[].restore_mb", ".scaling[].restore_seconds", ".scaling[].restored_records",
            ".scaling[].rss_mb", ".scaling[].state_bytes_per_key", ".scaling[].store_bytes_per_key", ".seconds",
            ".settings.hidden", ".settings.horizon", ".settings.keys", ".settings.records", ".settings.season",
            ".settings.window", ".step.carried_us", ".step.dl4j_carried_us", ".step.hidden",
            ".step.java_vs_dl4j_ratio", ".step.ratio", ".step.window", ".step.window_us", ".swap.duplicated",
            ".swap.forecasts_expected", ".swap.input_send_failures", ".swap.lost", ".swap.p99_ratio",
            ".swap.p99_steady_ms", ".swap.p99_swap_ms", ".swap.swaps", ".throughput.changelog_bytes_per_record",
            ".throughput.forecast_bytes_per_record", ".throughput.forecaster_rps", ".throughput.passthrough_changelog_bytes_per_record",
            ".throughput.passthrough_rps", ".throughput.ratio", ".throughput.raw_passthrough_rps",
            ".throughput.raw_ratio", ".throughput.runs[].rps", ".throughput.runs[].variant",
            ".throughput.state_bytes_per_key", ".throughput.stateless_ratio", ".throughput.stateless_rps",
            // thread and instance scaling, and a killed instance
            ".parallelism[].layout", ".parallelism[].threads", ".parallelism[].instances", ".parallelism[].rps",
            ".parallelism[].ratio", ".parallelism[].process_cores", ".parallelism[].stream_thread_cores",
            ".parallelism[].runs_rps[]", ".failover.rate_rps", ".failover.session_timeout_s",
            ".failover.kill_to_first_forecast_s", ".failover.p99_steady_ms", ".failover.p99_rebalance_ms",
            ".failover.p99_ratio", ".failover.forecasts_expected", ".failover.lost", ".failover.duplicated");

    /** Two timed runs per variant in the bench's order, A B C D D C B A, over 1,000 records each. */
    private static List<ThroughputRun.Result> abba() {
        List<ThroughputRun.Result> runs = new ArrayList<>();
        double[][] rps = {{1_000_000, 900_000}, {30_000, 28_000}, {20_000, 18_000}, {10_000, 12_000}};
        long[][] changelog = {{0, 0}, {400_000, 410_000}, {300_000, 310_000}, {250_000, 999_999}};
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < 4; j++) {
                int v = pass == 0 ? j : 3 - j;
                Variant variant = Variant.ORDER.get(v);
                runs.add(new ThroughputRun.Result(variant, 500, 1_000, 1_000 / rps[v][pass], rps[v][pass],
                        changelog[v][pass]));
            }
        }
        return runs;
    }

    private static BenchReport report(JfrProfile.Summary profile, double restoreSeconds) {
        return new BenchReport("2026-11-24T10:00:00Z", "quick", new BenchReport.Machine(2, 4096, "17.0.15"),
                BenchReport.Settings.of(ForecastSettings.defaults(), 32, 500, 1_000),
                BenchReport.Step.of(new StepBench.Result(32, 48, 8.0, 384.2123, 1_544.8)), profile,
                BenchReport.Throughput.of(abba(), 772, 1_077),
                BenchReport.Latency.of(new PacedRun.Result(1_290, 87.6054, 197.4881, 366.6304, 25_800, 2, 3, 6, 0)),
                BenchReport.Swap.of(new PacedRun.Result(1_290, 87.6054, 197.4881, 366.6304, 25_800, 2, 3, 6, 0)),
                BenchReport.Parallel.of(parallel()),
                BenchReport.Failover.of(new FailoverRun.Result(1_290, 6, 17.2345, 90.0, 17_500.1234, 38_700, 0, 0)),
                List.of(BenchReport.Scaling.of(new ScalingRun.Result(100_000, 100_000, 9_925.4, 772, 1_065.4,
                        790.0, 790.0667, restoreSeconds, 100_000, 234, 1_400))),
                12.3);
    }

    /** Each layout twice in the bench's order, A B C C B A. */
    private static List<ParallelRun.Result> parallel() {
        ParallelRun.Layout one = ParallelRun.Layout.ONE_THREAD;
        ParallelRun.Layout two = ParallelRun.Layout.TWO_THREADS;
        ParallelRun.Layout instances = ParallelRun.Layout.TWO_INSTANCES;
        return List.of(new ParallelRun.Result(one, 1_000, 5_000, 1.5, 0.8),
                new ParallelRun.Result(two, 1_000, 6_000, 1.9, 1.2),
                new ParallelRun.Result(instances, 1_000, 6_500, 1.9, 1.3),
                new ParallelRun.Result(instances, 1_000, 7_500, 1.9, 1.3),
                new ParallelRun.Result(two, 1_000, 7_000, 1.9, 1.4),
                new ParallelRun.Result(one, 1_000, 5_400, 1.6, 0.9));
    }

    private static JfrProfile.Summary profile() {
        List<JfrProfile.Share> rows = List.of(new JfrProfile.Share("a.B.c", 3, 75.0));
        return new JfrProfile.Summary("p/forecaster.jfr", "StreamThread", 4, 1, 10, rows, rows, rows, rows);
    }

    private static JsonNode json(BenchReport r) throws Exception {
        return new ObjectMapper().readTree(r.json());
    }

    @Test
    void theJsonHasExactlyTheReportsKeys() throws Exception {
        assertThat(keys(json(report(profile(), 0.5)), "")).containsExactlyInAnyOrderElementsOf(KEYS);
    }

    @Test
    void withoutAProfileThereIsNoProfileKeyAndAMissingRestoreIsNull() throws Exception {
        JsonNode j = json(report(null, Double.NaN));
        assertThat(j.has("profile")).isFalse();
        assertThat(keys(j, "")).containsExactlyInAnyOrderElementsOf(
                KEYS.stream().filter(k -> !k.startsWith(".profile.")).toList());
        assertThat(j.at("/scaling/0").has("restore_seconds")).isTrue();
        assertThat(j.at("/scaling/0/restore_seconds").isNull()).isTrue();
    }

    @Test
    void throughputIsEachVariantsMeanAndTheForecastersRatiosToIt() throws Exception {
        JsonNode t = json(report(null, 0.5)).get("throughput");
        assertThat(t.get("forecaster_rps").asLong()).isEqualTo(11_000);
        assertThat(t.get("passthrough_rps").asLong()).isEqualTo(19_000);
        assertThat(t.get("raw_passthrough_rps").asLong()).isEqualTo(29_000);
        assertThat(t.get("stateless_rps").asLong()).isEqualTo(950_000);
        assertThat(t.get("ratio").asDouble()).isEqualTo(0.579); // 11000 / 19000 = 0.57894...
        assertThat(t.get("raw_ratio").asDouble()).isEqualTo(0.379);
        assertThat(t.get("stateless_ratio").asDouble()).isEqualTo(0.012);
        // the first timed run of each variant: 250,000 and 300,000 bytes over 1,000 records
        assertThat(t.get("changelog_bytes_per_record").asDouble()).isEqualTo(250.0);
        assertThat(t.get("passthrough_changelog_bytes_per_record").asDouble()).isEqualTo(300.0);
        assertThat(t.get("state_bytes_per_key").asInt()).isEqualTo(772);
        assertThat(t.get("forecast_bytes_per_record").asInt()).isEqualTo(1_077);
        List<String> order = new ArrayList<>();
        t.get("runs").forEach(r -> order.add(r.get("variant").asText() + " " + r.get("rps").asLong()));
        assertThat(order).containsExactly("stateless 1000000", "raw_passthrough 30000", "passthrough 20000",
                "forecaster 10000", "forecaster 12000", "passthrough 18000", "raw_passthrough 28000",
                "stateless 900000");
    }

    @Test
    void stepLatencySwapAndScalingAreRoundedTheirRatiosFromTheMeasurements() throws Exception {
        JsonNode j = json(report(null, 7.40749));
        assertThat(j.at("/step/carried_us").asDouble()).isEqualTo(8.0);
        assertThat(j.at("/step/window_us").asDouble()).isEqualTo(384.212);
        assertThat(j.at("/step/ratio").asDouble()).isEqualTo(48.027); // 384.2123 / 8
        assertThat(j.at("/step/java_vs_dl4j_ratio").asDouble()).isEqualTo(193.1);
        assertThat(j.at("/latency/rate_rps").asInt()).isEqualTo(1_290);
        assertThat(j.at("/latency/p50_ms").asDouble()).isEqualTo(87.605);
        assertThat(j.at("/latency/p99_ms").asDouble()).isEqualTo(197.488);
        assertThat(j.at("/swap/p99_steady_ms").asDouble()).isEqualTo(197.488);
        assertThat(j.at("/swap/p99_swap_ms").asDouble()).isEqualTo(366.63);
        assertThat(j.at("/swap/p99_ratio").asDouble()).isEqualTo(1.856);
        assertThat(j.at("/swap/lost").asLong()).isEqualTo(2);
        assertThat(j.at("/swap/duplicated").asLong()).isEqualTo(3);
        assertThat(j.at("/swap/forecasts_expected").asLong()).isEqualTo(25_800);
        JsonNode s = j.at("/scaling/0");
        assertThat(s.get("forecaster_rps").asLong()).isEqualTo(9_925);
        assertThat(s.get("store_bytes_per_key").asLong()).isEqualTo(1_065);
        assertThat(s.get("changelog_bytes_per_record").asDouble()).isEqualTo(790.067);
        assertThat(s.get("restore_seconds").asDouble()).isEqualTo(7.407);
        assertThat(s.get("restore_mb").asLong()).isEqualTo(75); // 790 B x 100,000 keys
        assertThat(j.at("/settings/horizon").asInt()).isEqualTo(ForecastSettings.defaults().horizon());
        assertThat(j.at("/settings/keys").asInt()).isEqualTo(500);
    }

    @Test
    void parallelismIsEachLayoutsMeanAndItsRatioToOneThreadAndFailoverItsP99Ratio() throws Exception {
        JsonNode j = json(report(null, 0.5));
        List<String> layouts = new ArrayList<>();
        j.get("parallelism").forEach(p -> layouts.add(p.get("layout").asText() + " " + p.get("threads").asInt() + "x"
                + p.get("instances").asInt() + " " + p.get("rps").asLong() + " " + p.get("ratio").asDouble() + " "
                + p.get("process_cores").asDouble() + " " + p.get("stream_thread_cores").asDouble() + " "
                + p.get("runs_rps")));
        // one thread 5,200 on average; two threads 6,500 = 1.25 of it; two instances 7,000 = 1.346
        assertThat(layouts).containsExactly("one_thread 1x1 5200 1.0 1.55 0.85 [5000,5400]",
                "two_threads 2x1 6500 1.25 1.9 1.3 [6000,7000]", "two_instances 1x2 7000 1.346 1.9 1.3 [6500,7500]");
        assertThat(j.at("/failover/kill_to_first_forecast_s").asDouble()).isEqualTo(17.235);
        assertThat(j.at("/failover/p99_rebalance_ms").asDouble()).isEqualTo(17_500.123);
        assertThat(j.at("/failover/p99_ratio").asDouble()).isEqualTo(194.446); // 17,500.1234 / 90
        assertThat(j.at("/failover/session_timeout_s").asDouble()).isEqualTo(6.0);
        assertThat(j.at("/failover/forecasts_expected").asLong()).isEqualTo(38_700);
    }

    @Test
    void theSummaryTablePrintsTheFiguresWithTheirBaselines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report(null, Double.NaN).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains(String.format("%-44s %14s  %s%n", "throughput forecaster (records/s)", 11000, ""))
                .contains(String.format("%-44s %14s  %s%n", "  / passthrough, same serdes, stores and bytes",
                        0.579, "19000 rec/s; goal >= 0.9"))
                .contains(String.format("%-44s %14s  %s%n", "latency p50 / p99 (ms)", "87.605 / 197.488",
                        "at 1290 rec/s"))
                .contains(String.format("%-44s %14s  %s%n", "swaps: forecasts lost / duplicated", "2 / 3",
                        "6 swaps; goal 0 / 0"))
                .contains(String.format("%-44s %14s  %s%n", "  2 thread(s) x 1 instance(s) / 1 thread", 1.25,
                        "6500 rec/s; JVM 1.90 cores, stream threads 1.30; goal >= 1.6"))
                .contains(String.format("%-44s %14s  %s%n", "SIGKILL to first moved-partition forecast (s)",
                        17.235, "session timeout 6.0 s"))
                .contains(String.format("%-10s %10s %8s %9s %9s %9s %10s %11s %8s %8s%n", "100000 keys", 100000,
                        9925, 1065, 790, 790.067, null, 100000, 234, 1400));
    }

    @Test
    void writeWritesTheSameJson(@TempDir Path out) throws Exception {
        BenchReport r = report(profile(), 0.5);
        r.write(out.resolve("b.json"));
        assertThat(new ObjectMapper().readTree(Files.readString(out.resolve("b.json")))).isEqualTo(json(r));
    }

    /** Every leaf's path, array elements as []. */
    private static TreeSet<String> keys(JsonNode node, String path) {
        TreeSet<String> out = new TreeSet<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.addAll(keys(e.getValue(), path + "." + e.getKey()));
            }
        } else if (node.isArray()) {
            node.forEach(e -> out.addAll(keys(e, path + "[]")));
        } else {
            out.add(path);
        }
        return out;
    }
}
