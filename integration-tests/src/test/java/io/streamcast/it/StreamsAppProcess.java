package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * streams-app as its own JVM ({@code streamcast streams-app}, the test's class path), so that it can be killed with
 * SIGKILL or stopped with SIGTERM as an orchestrator does. Its output goes to its own log file.
 */
final class StreamsAppProcess implements AutoCloseable {
    private static final Pattern HTTP = Pattern.compile("http=http://([^ ]+)");

    final String name;
    final Path log;
    private final Process process;
    private final String endpoint;

    private StreamsAppProcess(String name, Path log, Process process, String endpoint) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts {@code streams-app args...} on a free loopback port and waits until it serves HTTP (its
     * {@code http=} line).
     */
    static StreamsAppProcess start(String name, List<String> args) throws Exception {
        Path log = Files.createTempFile("streamcast-" + name + "-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "io.streamcast.cli.StreamcastCli", "streams-app",
                "--http-bind", "127.0.0.1", "--http-port", "0"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(90)).until(() -> !p.isAlive() || endpointIn(log) != null);
        assertThat(p.isAlive()).as("%s started; its output: %s", name, log).isTrue();
        return new StreamsAppProcess(name, log, p, endpointIn(log));
    }

    /** host:port of its REST API. */
    String endpoint() {
        return endpoint;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no commit, no clean close, an open transaction and a group member left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s killed", name).isTrue();
    }

    /** SIGTERM, as Kubernetes stops a pod, and waits for the process to end. */
    void terminate() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s stopped after SIGTERM", name).isTrue();
    }

    List<String> output() throws IOException {
        return Files.readAllLines(log);
    }

    private static String endpointIn(Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            Matcher m = HTTP.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
