package io.streamcast.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a tool command writes what it found, as picocli mixins: the JSON report and the plot. */
public final class OutputFileOptions {
    private OutputFileOptions() {}

    /** {@code --report out.json}, for demo, evaluate and bench (the keys of each: docs/cli.md, docs/benchmarks.md). */
    public static final class Report {
        @Option(names = "--report", paramLabel = "out.json", description = "Write the run's report as JSON.")
        Path path;

        /** The file to write, or null for none. */
        public Path path() {
            return path;
        }
    }

    /** {@code --plot out.png}, for demo and evaluate. */
    public static final class Plot {
        @Option(names = "--plot", paramLabel = "out.png",
                description = "Write actual vs forecast, the interval as a band, for a few series.")
        Path path;

        /** The file to write, or null for none. */
        public Path path() {
            return path;
        }
    }
}
