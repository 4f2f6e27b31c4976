package io.streamcast.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLayoutTest {
    @Test
    void aQuotedCellKeepsItsCommasAndDoubledQuotes() {
        assertThat(CsvLayout.cells("\"pump 3, north\",2014-07-01T00:00:00Z,1.5"))
                .containsExactly("pump 3, north", "2014-07-01T00:00:00Z", "1.5");
        assertThat(CsvLayout.cells("\"say \"\"hi\"\", then\",1,2")).containsExactly("say \"hi\", then", "1", "2");
    }

    @Test
    void plainLinesSplitOnEveryCommaKeepingEmptyCellsAndSpaces() {
        assertThat(CsvLayout.cells("a,b,c")).containsExactly("a", "b", "c");
        assertThat(CsvLayout.cells("a,,c")).containsExactly("a", "", "c");
        assertThat(CsvLayout.cells("a,b,")).containsExactly("a", "b", "");
        assertThat(CsvLayout.cells(" a , b ")).containsExactly(" a ", " b ");
        assertThat(CsvLayout.cells("\"timestamp\",\"value\"")).containsExactly("timestamp", "value");
    }

    @Test
    void aLineTheParserRefusesIsOneCellSoItsRowIsMalformed() {
        String[] cells = CsvLayout.cells("\"unclosed,2014-07-01T00:00:00Z,1.5");
        assertThat(cells).hasSize(1);
    }

    @Test
    void aLongFileWithAQuotedCommaInASeriesIdReadsThatIdWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pumps.csv");
        Files.writeString(file, "series,timestamp,value\n\"pump 3, north\",2014-07-01T00:00:00Z,1.5\n"
                + "pump4,2014-07-01T00:00:00Z,2\n");
        List<String> rows = new ArrayList<>();
        CsvLayout.forEachRow(file, (layout, lineNo, line, cells) -> rows.add(lineNo + " " + cells.length + " "
                + layout.series(cells) + " " + layout.value(cells)));
        assertThat(rows).containsExactly("2 3 pump 3, north 1.5", "3 3 pump4 2");
    }
}
