package io.cdctoolkit.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code cdc-toolkit run --config F} in its own JVM (the test classpath, entry point
 * {@code io.cdctoolkit.cli.Main}, the command's logging config), so a test can kill it with SIGKILL or stop it with SIGTERM exactly
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

    /** Starts {@code cdc-toolkit args…}; stdout and stderr go to {@code log}. */
    static CliProcess start(Path log, String... args) throws IOException {
        return start(null, log, args);
    }

    /**
     * Starts {@code cdc-toolkit args…} in {@code workingDirectory} (null: the test's); stdout and stderr
     * go to {@code log}.
     */
    static CliProcess start(Path workingDirectory, Path log, String... args) throws IOException {
        ProcessBuilder builder = command(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workingDirectory != null) builder.directory(workingDirectory.toFile());
        return new CliProcess(builder.start(), log);
    }

    /**
     * Starts {@code cdc-toolkit args…} with another Logback configuration (a class path resource);
     * stdout and stderr go to {@code log}.
     */
    static CliProcess startWithLogging(String logbackResource, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(command(args).command());
        // After the default's -D: the JVM keeps the last value of a repeated system property.
        command.add(command.indexOf("-cp"), "-Dlogback.configurationFile=" + logbackResource);
        return new CliProcess(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Starts {@code run --config config} with its stdout a pipe that the test reads ({@link #stdout()}),
     * as in {@code cdc-toolkit run … | head}; stderr goes to {@code log}.
     */
    static CliProcess runReadingStdout(Path config, Path log) throws IOException {
        Process process = command("run", "--config", config.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new CliProcess(process, log);
    }

    private static ProcessBuilder command(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The command's own logging config (cli's logback.xml), not the tests' logback-test.xml: logs as users see them.
        // C1 only (TieredStopAtLevel=1): these processes live seconds, and C2 compiling what they run cost more CPU than
        // it saved - PostgresDurabilityTest took 236 s of CPU with it, 115 s without, on CI's two cores, which the
        // tests keep busy. What the tests assert does not depend on it.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), "io.cdctoolkit.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** The process's standard output, when started by {@link #runReadingStdout}. */
    InputStream stdout() {
        return process.getInputStream();
    }

    /** Waits for the exit; returns its status, or -1 if it did not exit in time (it is then killed). */
    int waitFor(long timeoutSeconds) throws InterruptedException {
        if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) return process.exitValue();
        kill();
        return -1;
    }

    /** Everything logged so far. */
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
