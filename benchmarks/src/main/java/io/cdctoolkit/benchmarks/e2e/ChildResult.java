package io.cdctoolkit.benchmarks.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A child's throughput measurement: the window runs from the first moment events were seen delivered to
 * the moment all expected events were; events and CPU are those of that window.
 *
 * @param events      events delivered inside the window (expected minus those already delivered at its start)
 * @param windowNanos wall-clock length of the window
 * @param cpuNanos    CPU time (user + system, all threads) the child process used in the window
 * @param brokerCpuNanos CPU time the separate broker's process ({@code --broker separate}) used in the same
 *                    window, read at the same moments; -1 without one
 * @param walsenderCpuNanos CPU time the PostgreSQL walsender serving the slot used in the window (streaming,
 *                    server on this machine); -1 when not read
 * @param jitCpuNanos the part of {@code cpuNanos} the child's JIT compiler threads used ({@link ThreadCpuTicks}:
 *                    their share of the window's thread ticks); -1 when not read
 * @param gcCpuNanos  the part of {@code cpuNanos} the child's garbage collector threads used, likewise
 */
record ChildResult(long events, long windowNanos, long cpuNanos, long brokerCpuNanos, long walsenderCpuNanos,
                   long jitCpuNanos, long gcCpuNanos) {

    void write(Path workDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("events", Long.toString(events));
        p.setProperty("windowNanos", Long.toString(windowNanos));
        p.setProperty("cpuNanos", Long.toString(cpuNanos));
        p.setProperty("brokerCpuNanos", Long.toString(brokerCpuNanos));
        p.setProperty("walsenderCpuNanos", Long.toString(walsenderCpuNanos));
        p.setProperty("jitCpuNanos", Long.toString(jitCpuNanos));
        p.setProperty("gcCpuNanos", Long.toString(gcCpuNanos));
        try (Writer out = Files.newBufferedWriter(workDir.resolve(ChildSpec.RESULT_FILE))) {
            p.store(out, null);
        }
    }

    static ChildResult read(Path workDir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(workDir.resolve(ChildSpec.RESULT_FILE))) {
            p.load(in);
        }
        return new ChildResult(Long.parseLong(p.getProperty("events")), Long.parseLong(p.getProperty("windowNanos")),
                Long.parseLong(p.getProperty("cpuNanos")), Long.parseLong(p.getProperty("brokerCpuNanos")),
                Long.parseLong(p.getProperty("walsenderCpuNanos")), Long.parseLong(p.getProperty("jitCpuNanos")),
                Long.parseLong(p.getProperty("gcCpuNanos")));
    }
}
