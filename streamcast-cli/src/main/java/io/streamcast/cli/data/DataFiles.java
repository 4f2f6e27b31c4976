package io.streamcast.cli.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --data} files of evaluate, demo and replay. */
public final class DataFiles {
    private DataFiles() {}

    /** {@code files}, once each is readable; else a usage error of {@code command} naming the first that is not. */
    public static List<Path> readable(CommandSpec command, List<Path> files) {
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new ParameterException(command.commandLine(), "cannot read --data " + file);
            }
        }
        return files;
    }
}
