package io.cdctoolkit.benchmarks.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What one child JVM runs, written by the driver to {@code <workDir>/child.properties}. The database
 * password is not in the file: it reaches the child in the {@value #PASSWORD_ENV} environment variable.
 *
 * @param expected how many change events the child must see delivered (exactly)
 * @param warmup   how many of them are delivered before the measured window opens
 * @param workDir  the run's own folder: broker data, offsets, state, result files
 * @param separateBroker the separate broker ({@code --broker separate}), or null for a broker in the child
 */
record ChildSpec(Variant variant, Workload workload, long expected, long warmup, PostgresTarget postgres, String slot,
                 Path workDir, SeparateBroker.Address separateBroker) {

    static final String PASSWORD_ENV = "E2E_PG_PASSWORD";
    static final String FILE = "child.properties";
    /** Written by the child once the variant streams (the latency workload starts writing then). */
    static final String READY_FILE = "ready";
    /** The child's measurement, {@link ChildResult}. */
    static final String RESULT_FILE = "result.properties";
    /** Latency workload: one line per consumed record, in topic order, the epoch µs at which it was consumed. */
    static final String RECEIVED_FILE = "received.txt";

    void write() throws IOException {
        Properties p = new Properties();
        p.setProperty("variant", variant.id());
        p.setProperty("workload", workload.id());
        p.setProperty("expected", Long.toString(expected));
        p.setProperty("warmup", Long.toString(warmup));
        p.setProperty("host", postgres.host());
        p.setProperty("port", Integer.toString(postgres.port()));
        p.setProperty("database", postgres.database());
        p.setProperty("user", postgres.user());
        p.setProperty("slot", slot);
        if (separateBroker != null) {
            p.setProperty("broker.bootstrap", separateBroker.bootstrap());
            p.setProperty("broker.pid", Long.toString(separateBroker.pid()));
        }
        try (Writer out = Files.newBufferedWriter(workDir.resolve(FILE))) {
            p.store(out, "e2e child run");
        }
    }

    static ChildSpec read(Path workDir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(workDir.resolve(FILE))) {
            p.load(in);
        }
        String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
        PostgresTarget postgres = new PostgresTarget(p.getProperty("host"), Integer.parseInt(p.getProperty("port")),
                p.getProperty("database"), p.getProperty("user"), password);
        return new ChildSpec(Variant.byId(p.getProperty("variant")), Workload.byId(p.getProperty("workload")),
                Long.parseLong(p.getProperty("expected")), Long.parseLong(p.getProperty("warmup")), postgres, p.getProperty("slot"), workDir,
                p.getProperty("broker.bootstrap") == null ? null
                        : new SeparateBroker.Address(p.getProperty("broker.bootstrap"), Long.parseLong(p.getProperty("broker.pid"))));
    }
}
