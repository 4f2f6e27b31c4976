package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Speed;
import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Parsed;
import io.streamcast.core.domain.RejectReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CsvReadingTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsBothLayoutsSortsByTimeAndCountsBadRows() throws Exception {
        Path wide = write("taxi.csv", "timestamp,value\n2014-07-01 01:00:00,2\n2014-07-01 00:00:00,1\n"
                + "2014-07-01 02:00:00,oops\n2014-07-01 00:00:00,9\n");
        Path longFile = write("stocks.csv", "series,timestamp,value\nA,2016-01-04,10\nB,2016-01-04,20\nA,2016-01-05\n"
                + "A,1404172800000,5\n");
        CsvSeries.Result r = CsvSeries.read(List.of(wide, longFile));
        assertThat(r.rows()).isEqualTo(8);
        assertThat(r.badRows()).isEqualTo(3); // bad value, duplicate time, missing column
        assertThat(r.series()).extracting(s -> s.seriesId()).containsExactly("taxi", "A", "B");
        assertThat(r.series().get(0).values()).containsExactly(1f, 2f);
        assertThat(r.series().get(1).timestamps()).containsExactly(1_404_172_800_000L, 1_451_865_600_000L);
        assertThatThrownBy(() -> CsvSeries.read(List.of(write("x.csv", "a,b,c,d\n1,2,3,4\n"))))
                .hasMessageContaining("header must be");
    }

    @Test
    void replaySendsEveryRowInEventTimeOrderAndBadRowsAreRejectedWithTheirReason() throws Exception {
        Path file = write("s.csv", "series,timestamp,value\n"
                + "k,2014-02-14 14:35:00,2\n"
                + "k,2014-02-14 14:30:00,1\n"
                + "k,2014-02-14 14:40:00,abc\n"
                + "k,2014-13-45 00:00:00,1.5\n"
                + "k,2014-02-14 14:45:00\n"
                + "k,2014-02-14 14:50:00,NaN\n");
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(file));
        assertThat(rows).hasSize(6);
        // event-time order; bad rows keep the time of the row before them in the file (14:30)
        assertThat(rows).extracting(ReplayRecords.Row::timestampMillis).isSorted();
        assertThat(rows.get(rows.size() - 1).timestampMillis()).isEqualTo(1_392_388_500_000L); // 14:35
        ObservationCodec codec = new ObservationCodec();
        List<String> outcomes = rows.stream().map(r -> {
            Parsed<?> p = codec.parse(r.series(), r.value());
            return p instanceof Parsed.Rejected<?> rej ? rej.rejection().reason().code() : "ok";
        }).toList();
        assertThat(outcomes).containsExactlyInAnyOrder("ok", "ok", RejectReason.BAD_VALUE.code(),
                RejectReason.BAD_TIMESTAMP.code(), RejectReason.NOT_JSON.code(), RejectReason.NON_FINITE.code());
        assertThat(rows.stream().filter(ReplayRecords.Row::valid).count()).isEqualTo(2);
        assertThat(new String(rows.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ts\":\"2014-02-14T14:30:00Z\",\"value\":1.0}");
    }

    @Test
    void speedFlags() {
        assertThat(Speed.parse("600x")).isEqualTo(600.0);
        assertThat(Speed.parse("max")).isZero();
        assertThatThrownBy(() -> Speed.parse("fast")).hasMessageContaining("600x");
        assertThatThrownBy(() -> Speed.parse("-2x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithItsNameNotTheDecodersMessage() throws Exception {
        Path bad = dir.resolve("latin1.csv");
        Files.write(bad, new byte[] {'t', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p', ',', 'v', 'a', 'l', 'u', 'e', '\n',
                '2', '0', '1', '4', '-', '0', '1', '-', '0', '1', ',', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> CsvSeries.read(List.of(bad))).hasMessageContaining("latin1.csv")
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> ReplayRecords.read(List.of(bad))).hasMessageContaining("not UTF-8");
    }

    @Test
    void anUnreadableDataFileIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("missing.csv");
        for (String[] args : new String[][] {
                {"evaluate", "--data", missing.toString(), "--horizon", "5", "--season", "5"},
                {"replay", "--data", missing.toString(), "--bootstrap", "127.0.0.1:1"},
                {"demo", "--data", missing.toString()}}) {
            StringWriter err = new StringWriter();
            CommandLine cli = StreamcastCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute(args)).as(args[0]).isEqualTo(2);
            assertThat(err.toString().strip()).as(args[0])
                    .isEqualTo("streamcast " + args[0] + ": cannot read --data " + missing + " (see --help)");
        }
    }
}
