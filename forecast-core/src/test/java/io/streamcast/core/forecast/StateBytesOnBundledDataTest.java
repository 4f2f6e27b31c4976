package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.codec.Timestamps;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ServingModel;
import io.streamcast.core.model.Transform;
import io.streamcast.core.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored bytes (layout 8) of states made by replaying bundled series (data/nab, a few data/stocks tickers)
 * through the forecaster as the topology does (decode, observe, encode per record), with an LSTM-32 in the
 * series' units, one in log space, one correcting the carried seasonal baseline, and without a model: the same bytes as the golden file
 * {@code state-bytes-golden.txt}, which holds, per series and model, a SHA-256 over every record's state and the
 * hex of the last one. Layout 8 is what stores and changelogs hold: a change to how a state is kept in memory or
 * coded must not change a byte of it. Run with {@code -Dstreamcast.writeGolden=true} to rewrite the file (only
 * when the layout itself changes).
 */
class StateBytesOnBundledDataTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults();
    private static final String GOLDEN = "state-bytes-golden.txt";
    private static final List<String> TICKERS = List.of("AAPL", "IBM", "MSFT");

    @Test
    void statesOfBundledSeriesEncodeToTheGoldenBytes() throws Exception {
        List<String> lines = new ArrayList<>();
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        String[] names = {"lstm32", "lstm32-log", "lstm32-carried", "baseline"};
        ServingModel[] models = {model(Transform.NONE, false), model(Transform.LOG, false),
            model(Transform.NONE, true), null};
        for (var e : series().entrySet()) {
            for (int i = 0; i < models.length; i++) {
                SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] stored = codec.encode(forecaster.newState());
                for (Observation o : e.getValue()) {
                    SeriesState s = codec.decode(stored);
                    forecaster.observe(s, o, models[i]);
                    s.arrivedAt(o.timestampMillis() + 1500);
                    stored = codec.encode(s);
                    digest.update(stored);
                }
                HexFormat hex = HexFormat.of();
                lines.add(e.getKey() + " " + names[i] + " " + hex.formatHex(digest.digest()) + " "
                        + hex.formatHex(stored));
            }
        }
        Path golden = dataDir().getParent().resolve("forecast-core/src/test/resources/io/streamcast/core/forecast")
                .resolve(GOLDEN);
        if (Boolean.getBoolean("streamcast.writeGolden")) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, lines, StandardCharsets.UTF_8);
        }
        try (var in = StateBytesOnBundledDataTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file " + GOLDEN).isNotNull();
            List<String> expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(4 * (5 + TICKERS.size())).containsExactlyElementsOf(expected);
        }
    }

    private static ServingModel model(Transform transform, boolean carried) throws Exception {
        ModelMetadata m = TestModels.metadata(SETTINGS, transform == Transform.LOG ? "lstm32-log" : "lstm32",
                List.of(32));
        ModelMetadata meta = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(), m.window(),
                m.season(), m.features(), m.hiddenSizes(), transform.scheme(),
                carried ? ModelMetadata.TARGET_CARRIED_BASELINE_CORRECTION : m.target(), m.trainingMetrics(),
                m.backtestMetrics(), null, null, m.sequence(), null, 0);
        return ServingModel.load(ModelBundle.create(meta,
                LstmNetworks.toBytes(TestModels.network(SETTINGS.horizon(), 32, 11))), KernelKind.JAVA);
    }

    private static java.util.Map<String, List<Observation>> series() throws IOException {
        Path data = dataDir();
        java.util.Map<String, List<Observation>> series = new java.util.LinkedHashMap<>();
        try (var files = Files.list(data.resolve("nab"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".csv", "");
                List<String> rows = Files.readAllLines(f);
                List<Observation> obs = new ArrayList<>();
                for (String line : rows.subList(1, rows.size())) {
                    String[] cells = line.split(",");
                    obs.add(new Observation(name, Timestamps.parse(cells[0]).getAsLong(),
                            Double.parseDouble(cells[1])));
                }
                series.put(name, obs);
            }
        }
        List<String> stocks = Files.readAllLines(data.resolve("stocks/stocks_daily_long.csv"));
        for (String line : stocks.subList(1, stocks.size())) {
            String[] cells = line.split(",");
            if (TICKERS.contains(cells[0])) {
                series.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(new Observation(cells[0],
                        Timestamps.parse(cells[1]).getAsLong(), Double.parseDouble(cells[2])));
            }
        }
        return series;
    }

    private static Path dataDir() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("data/nab"))) {
                return dir.resolve("data");
            }
        }
        throw new IOException("data/nab not found above " + Path.of("").toAbsolutePath());
    }
}
