package io.cdctoolkit.benchmarks.e2e;

import io.cdctoolkit.testing.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The end-to-end harness (docs/benchmarks.md#end-to-end-harness): on one PostgreSQL, runs every variant
 * in its own child JVM ({@link E2eChild}), interleaved in rounds with the order rotated, for each
 * workload; prints the {@link Report} and writes it to {@code <results-dir>/e2e-<timestamp>.md}.
 * Exit 1 when a run failed (its variant then has no numbers in the report).
 */
public final class E2eDriver {

    /** The embedded server's settings: logical decoding, and commits flushed as in production. */
    private static final Map<String, String> EMBEDDED_SETTINGS = Map.of(
            "wal_level", "logical",
            "max_replication_slots", "16",
            "max_wal_senders", "16",
            // zonky turns synchronous_commit off; the walsender only sends flushed WAL, so that would add
            // up to wal_writer_delay (200 ms) to every variant's latency.
            "synchronous_commit", "on");
    private static final String DATABASE = "e2e";

    private final DriverOptions options;
    private final PostgresTarget postgres;
    private final OrdersTable table;
    private final ReplicationSlots slots;
    private final ChildLauncher launcher;
    private final Path workRoot;
    /** {@code --broker separate}'s broker while the driver runs, else null. */
    private SeparateBroker broker;

    private E2eDriver(DriverOptions options, PostgresTarget postgres, Path workRoot) {
        this.options = options;
        this.postgres = postgres;
        this.table = new OrdersTable(postgres);
        this.slots = new ReplicationSlots(postgres);
        this.launcher = new ChildLauncher(options.childJvm(), postgres.password());
        this.workRoot = workRoot;
    }

    public static void main(String[] args) throws Exception {
        DriverOptions options;
        try {
            options = DriverOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) System.err.println("error: " + e.getMessage());
            System.err.print(DriverOptions.USAGE);
            System.exit(2);
            return;
        }
        Path workRoot = Files.createTempDirectory("cdc-e2e-");
        PostgresServer embedded = null;
        try {
            PostgresTarget postgres;
            if (options.postgresUrl() != null) {
                postgres = PostgresTarget.parse(options.postgresUrl());
            } else {
                embedded = PostgresServer.start(EMBEDDED_SETTINGS);
                embedded.createDatabase(DATABASE);
                postgres = new PostgresTarget(embedded.host(), embedded.port(), DATABASE, PostgresServer.SUPERUSER, "");
            }
            System.exit(new E2eDriver(options, postgres, workRoot).run());
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    private int run() throws Exception {
        System.out.println("PostgreSQL " + postgres + "; work folders under " + workRoot);
        slots.dropAll();
        MachineInfo machine = MachineInfo.collect(postgres);
        String timestamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<RunResult> results = new ArrayList<>();
        try {
            if (options.broker() == BrokerPlacement.SEPARATE && options.variants().stream().anyMatch(Variant::produces)) {
                broker = SeparateBroker.start(workRoot.resolve("broker"), options.childJvm());
                System.out.println("separate broker at " + broker.address().bootstrap() + "; warming it up with " + options.rows() + " records");
                broker.warmUp(options.rows());
            }
            for (int round = 1; round <= options.rounds(); round++) {
                for (Workload workload : options.workloads()) {
                    for (Variant variant : rotated(options.variantsFor(workload), round)) {
                        RunResult r = runOne(variant, workload, round);
                        results.add(r);
                        System.out.println(progressLine(r));
                    }
                }
            }
        } finally {
            slots.dropAll();
            if (broker != null) broker.close();
        }
        Report report = new Report(machine, options, timestamp, results);
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(options.resultsDir());
        Path file = options.resultsDir().resolve("e2e-" + timestamp + ".md");
        Files.writeString(file, markdown);
        System.out.println("written: " + file + (slots.remaining() == 0 ? "" : " (replication slots left behind!)"));
        return report.allRunsOk() ? 0 : 1;
    }

    /** Round r starts r-1 places further along, so no variant always runs first (or after the same one). */
    static <T> List<T> rotated(List<T> items, int round) {
        List<T> out = new ArrayList<>(items);
        if (!out.isEmpty()) Collections.rotate(out, -((round - 1) % out.size()));
        return out;
    }

    private RunResult runOne(Variant variant, Workload workload, int round) throws Exception {
        String slot = ReplicationSlots.name(variant, workload, round);
        Path workDir = Files.createDirectories(workRoot.resolve(round + "-" + workload.id() + "-" + variant.id()));
        SeparateBroker.Address separate = broker != null && variant.produces() ? broker.address() : null;
        table.recreate();
        try {
            return switch (workload) {
                case STREAMING -> {
                    slots.create(slot);
                    table.insert(rowsWritten(), options.rowsPerTransaction());
                    table.checkpoint();
                    yield throughput(throughputSpec(variant, workload, slot, workDir, separate), round);
                }
                case SNAPSHOT -> {
                    table.insert(rowsWritten(), options.rowsPerTransaction());
                    table.vacuum();
                    table.checkpoint();
                    yield throughput(throughputSpec(variant, workload, slot, workDir, separate), round);
                }
                case LATENCY -> {
                    slots.create(slot);
                    yield latency(new ChildSpec(variant, workload, new PacedWriter(options.rate(), options.seconds())
                            .transactions(), 0, postgres, slot, workDir, separate), round);
                }
            };
        } finally {
            slots.drop(slot);
            // The broker's log is the bulk of a run's folder (JSON with schemas: ~4 KB per event); the
            // config, log and results stay.
            deleteTree(workDir.resolve("kafka"));
            if (separate != null) broker.clearTopics();
        }
    }

    /** The streaming and snapshot workloads' rows: the warm-up rows first, then the measured ones. */
    private long rowsWritten() {
        return options.warmupRows() + options.rows();
    }

    private ChildSpec throughputSpec(Variant variant, Workload workload, String slot, Path workDir,
                                     SeparateBroker.Address separate) {
        return new ChildSpec(variant, workload, rowsWritten(), options.warmupRows(), postgres, slot, workDir, separate);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private RunResult throughput(ChildSpec spec, int round) throws Exception {
        ChildLauncher.Child child = launcher.start(spec);
        int exit = child.awaitExit(Duration.ofMinutes(30));
        if (exit != 0) return failed(spec, round, child, exit);
        return new RunResult(spec.variant(), spec.workload(), round, ChildResult.read(spec.workDir()), null, null);
    }

    private RunResult latency(ChildSpec spec, int round) throws Exception {
        ChildLauncher.Child child = launcher.start(spec);
        if (!child.awaitReady(Duration.ofMinutes(3))) {
            child.kill();
            return failed(spec, round, child, -1);
        }
        long[] sent;
        try (OrdersTable.SingleRowWriter writer = table.singleRowWriter()) {
            Thread.sleep(1000); // let the variant settle into streaming before the clock matters
            sent = new PacedWriter(options.rate(), options.seconds()).write(writer);
        } catch (Exception | Error e) {
            child.kill(); // not left streaming from a slot that is about to be dropped
            throw e;
        }
        int exit = child.awaitExit(Duration.ofMinutes(10));
        if (exit != 0) return failed(spec, round, child, exit);
        long[] received = Files.readAllLines(spec.workDir().resolve(ChildSpec.RECEIVED_FILE)).stream()
                .mapToLong(Long::parseLong).toArray();
        if (received.length != sent.length) {
            return RunResult.failed(spec.variant(), spec.workload(), round,
                    "consumed " + received.length + " records for " + sent.length + " transactions");
        }
        long warmupEnd = sent[0] + options.warmupSeconds() * 1_000_000L;
        long[] latencies = new long[sent.length];
        int n = 0;
        for (int i = 0; i < sent.length; i++) {
            long latency = received[i] - sent[i];
            // The n-th record is the n-th transaction (one partition, commit order); consumed before it was
            // written means that pairing is broken, and then no latency can be trusted.
            if (latency < 0) {
                return RunResult.failed(spec.variant(), spec.workload(), round, "record " + i + " consumed before it was written");
            }
            if (sent[i] >= warmupEnd) latencies[n++] = latency;
        }
        double writtenPerSecond = (sent.length - 1) * 1e6 / Math.max(1, sent[sent.length - 1] - sent[0]);
        return new RunResult(spec.variant(), spec.workload(), round, null,
                new LatencySample(Arrays.copyOf(latencies, n), writtenPerSecond), null);
    }

    private static RunResult failed(ChildSpec spec, int round, ChildLauncher.Child child, int exit) {
        String tail = child.logTail(40);
        System.err.println("run failed: round " + round + " " + spec.workload().id() + " " + spec.variant().id()
                + " (exit " + exit + "); log " + spec.workDir().resolve("child.log") + ":\n" + tail);
        String reason = tail.lines().filter(l -> l.contains("Exception") || l.contains("Error")).findFirst()
                .orElse("exit " + exit);
        return RunResult.failed(spec.variant(), spec.workload(), round, reason);
    }

    private static String progressLine(RunResult r) {
        String what = "round " + r.round() + " " + r.workload().id() + " " + r.variant().id() + ": ";
        if (!r.ok()) return what + "FAILED " + r.failure();
        if (r.throughput() != null) {
            return what + String.format(Locale.ROOT, "%,.0f events/s, %.1f µs CPU/event (%d events in %.2f s)%s",
                    r.eventsPerSecond(), r.cpuMicrosPerEvent(), r.throughput().events(), r.throughput().windowNanos() / 1e9,
                    (r.hasBrokerCpu() ? String.format(Locale.ROOT, "; separate broker %.1f µs CPU/event", r.brokerCpuMicrosPerEvent()) : "")
                    + (Double.isNaN(r.walsenderCores()) ? "" : String.format(Locale.ROOT, "; walsender %.2f cores", r.walsenderCores())));
        }
        long[] sorted = r.latency().micros().clone();
        Arrays.sort(sorted);
        return what + String.format(Locale.ROOT, "latency p50 %.1f ms, p99 %.1f ms (%d samples; written at %,.0f/s)",
                Report.percentile(sorted, 50) / 1000.0, Report.percentile(sorted, 99) / 1000.0, sorted.length,
                r.latency().writtenPerSecond());
    }
}
