package io.cdctoolkit.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link E2eChild} in a JVM of its own: the same java binary and class path as the driver, the
 * same options for every variant; its output goes to {@code <workDir>/child.log}.
 */
final class ChildLauncher {

    private final List<String> jvmOptions;
    private final String password;

    ChildLauncher(List<String> jvmOptions, String password) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.password = password;
    }

    Child start(ChildSpec spec) throws IOException {
        spec.write();
        ProcessBuilder builder = new ProcessBuilder(javaCommand(jvmOptions, E2eChild.class, spec.workDir().toString())).redirectErrorStream(true)
                .redirectOutput(spec.workDir().resolve("child.log").toFile());
        builder.environment().put(ChildSpec.PASSWORD_ENV, password);
        return new Child(spec.workDir(), builder.start());
    }

    /** {@code main} run by this JVM's java binary with its class path and {@code jvmOptions}. */
    static List<String> javaCommand(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** A running child. */
    record Child(Path workDir, Process process) {

        /** Waits for the ready file; false when the child ended (failed) first. */
        boolean awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(workDir.resolve(ChildSpec.READY_FILE))) return true;
                if (!process.isAlive()) return false;
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return false;
        }

        /** The exit code, or a failure description when it did not end in time (it is then killed). */
        int awaitExit(Duration timeout) throws InterruptedException {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return -1;
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        /** The log's last lines, for the failure report. */
        String logTail(int lines) {
            try {
                List<String> all = Files.readAllLines(workDir.resolve("child.log"));
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(no child.log: " + e.getMessage() + ")";
            }
        }
    }
}
