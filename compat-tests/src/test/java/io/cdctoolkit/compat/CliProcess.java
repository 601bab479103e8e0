package io.cdctoolkit.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code cdc-toolkit run --config F} in its own JVM (the test classpath, entry point
 * {@code io.cdctoolkit.cli.Main}), so a test can kill it with SIGKILL or stop it with SIGTERM exactly
 * as an operator would. Its stdout and stderr go to a log file, appended across restarts.
 */
final class CliProcess {

    private final Process process;
    private final Path log;

    private CliProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code run --config config}; output goes to {@code log}. */
    static CliProcess run(Path config, Path log) throws IOException {
        return start(null, log, "run", "--config", config.toString());
    }

    /**
     * Starts {@code cdc-toolkit args…} in {@code workingDirectory} (null: the test's); output goes to
     * {@code log}.
     */
    static CliProcess start(Path workingDirectory, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.cdctoolkit.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workingDirectory != null) builder.directory(workingDirectory.toFile());
        return new CliProcess(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits for the process to exit by itself.
     *
     * @return its exit status, or -1 if it was still running after the timeout (it is then killed)
     */
    int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) return process.exitValue();
        kill();
        return -1;
    }

    /** The whole log. */
    String log() throws IOException {
        return Files.readString(log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, then waits for the process to exit.
     *
     * @return its exit status, or -1 if it did not exit in time (it is then killed)
     */
    int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy(); // SIGTERM on Unix
        if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) return process.exitValue();
        kill();
        return -1;
    }

    /** The last lines of the log, for assertion messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- " + log + " (tail) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
