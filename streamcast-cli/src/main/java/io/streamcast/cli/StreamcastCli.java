package io.streamcast.cli;

import io.streamcast.cli.bench.BenchCommand;
import io.streamcast.cli.demo.DemoCommand;
import io.streamcast.cli.evaluate.EvaluateCommand;
import io.streamcast.cli.services.BrokerCommand;
import io.streamcast.cli.services.ModelCommand;
import io.streamcast.cli.services.ReplayCommand;
import io.streamcast.options.DurationConverter;
import io.streamcast.options.EnvironmentHelp;
import io.streamcast.streams.run.StreamsAppCommand;
import io.streamcast.trainer.run.TrainerCommand;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./streamcast}: one entry point for every streamcast command. */
@Command(name = "streamcast", mixinStandardHelpOptions = true, version = "streamcast 0.1.0",
        description = "Streaming time-series forecasting on Apache Kafka.",
        subcommands = {DemoCommand.class, EvaluateCommand.class, ReplayCommand.class, StreamsAppCommand.class,
                TrainerCommand.class, ModelCommand.class, BrokerCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class StreamcastCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Errors are one clear line on stderr and a non-zero exit code; usage errors exit 2. */
    public static CommandLine commandLine() {
        CommandLine cli = EnvironmentHelp.install(DurationConverter.register(new CommandLine(new StreamcastCli())));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("streamcast " + cmd.getCommandName() + ": " + message(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("streamcast " + cmd.getCommandName() + ": " + e.getMessage()
                    + " (see --help)");
            return 2;
        });
        return cli;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        m = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        // "Failed to construct kafka producer" and the like say why only in their cause (a bad client property)
        Throwable cause = e.getCause();
        if (e instanceof KafkaException && cause != null && cause.getMessage() != null
                && !m.contains(cause.getMessage())) {
            m += ": " + message(cause);
        }
        return m;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
