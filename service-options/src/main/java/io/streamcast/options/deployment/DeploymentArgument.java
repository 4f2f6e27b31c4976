package io.streamcast.options.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A command's deployment-file option, read the same way by every command that takes one ({@code streams-app},
 * {@code trainer}, {@code model}, {@code demo}, {@code evaluate}): options the file replaces given beside it are a
 * usage error naming them, and a file that cannot be used is a usage error with each of its problems on its own
 * line ({@code FILE:LINE: what}), so the command exits 2 with every problem at once.
 */
public final class DeploymentArgument {
    /**
     * The options a deployment file replaces in every service: the model name and the topic names (per group or
     * for the deployment); the shape options are {@code ForecastOptions.given()}.
     */
    public static final List<String> MODEL_AND_TOPIC_OPTIONS = List.of("--model-name", "--observations-topic",
            "--forecasts-topic", "--dlq-topic", "--accuracy-topic", "--model-topic", "--model-archive-topic",
            "--decisions-topic");

    private DeploymentArgument() {}

    /**
     * The options among {@code replaced} given on the command line (environment variables are not options: a
     * deployment file leaves them unread).
     */
    public static List<String> given(CommandLine command, List<String> replaced) {
        var parsed = command.getParseResult();
        return replaced.stream().filter(name -> parsed != null && parsed.hasMatchedOption(name)).toList();
    }

    /**
     * Reads {@code file}, given as {@code flag}, after refusing the {@code beside} options given with it.
     *
     * @param why what the file gives instead, said when options are refused (e.g. "each group's shape ...")
     * @throws ParameterException for either
     */
    public static Deployment read(CommandLine command, String flag, Path file, List<String> beside, String why) {
        if (!beside.isEmpty()) {
            throw new ParameterException(command, String.join(", ", beside) + " cannot be combined with " + flag
                    + ": " + why);
        }
        try {
            return DeploymentFile.read(file);
        } catch (DeploymentException e) {
            throw new ParameterException(command, flag + " " + file + " cannot be used:" + System.lineSeparator()
                    + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read " + flag + " " + file + ": " + e.getMessage());
        }
    }
}
