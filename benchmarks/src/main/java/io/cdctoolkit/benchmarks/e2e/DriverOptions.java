package io.cdctoolkit.benchmarks.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The driver's command line (see {@link #USAGE}).
 *
 * @param postgresUrl JDBC URL of the server to use, or null for an embedded PostgreSQL 17
 * @param childJvm    JVM options of every child (identical for all variants)
 * @param broker      where the producing variants' Kafka broker runs
 * @param warmupRows  rows written before the {@code rows} of the streaming and snapshot workloads, delivered
 *                    but not measured
 */
record DriverOptions(long rows, long warmupRows, int rounds, List<Variant> variants, List<Workload> workloads, int rowsPerTransaction,
                     int rate, int seconds, int warmupSeconds, String postgresUrl, List<String> childJvm,
                     BrokerPlacement broker, Path resultsDir, String gitRevision) {

    static final String USAGE = """
            usage: E2eDriver [options]
              --rows N             rows of the streaming and snapshot workloads (200000)
              --warmup-rows N      streaming, snapshot: rows delivered first and not measured, so the
                                   window sees warmed-up JVMs (0: the window opens at the first event)
              --rounds N           rounds; each runs every variant once, order rotated (3)
              --variants a,b       subset of: %s (all)
              --workloads a,b      subset of: streaming, snapshot, latency (all)
              --rate N             latency workload: single-row transactions per second (1000)
              --seconds N          latency workload: seconds of writing (40)
              --warmup-seconds N   latency workload: first seconds not counted (10)
              --postgres URL       jdbc:postgresql://host:port/db?user=u&password=p (wal_level=logical)
                                   instead of the embedded PostgreSQL 17
              --child-jvm "OPTS"   JVM options of every child ("-Xms1g -Xmx1g")
              --broker WHERE       child: a fresh in-process broker in each producing child (default);
                                   separate: one warmed-up broker in its own JVM for all runs, its CPU
                                   reported apart from the child's
              --results-dir DIR    where e2e-<timestamp>.md is written (benchmarks/results)
              --git-revision REV   recorded in the results header
            """.formatted(Variant.ids());

    static DriverOptions parse(String[] args) {
        long rows = 200_000, warmupRows = 0;
        int rounds = 3, rate = 1000, seconds = 40, warmup = 10;
        List<Variant> variants = List.of(Variant.values());
        List<Workload> workloads = List.of(Workload.values());
        String postgres = null, revision = "unknown";
        List<String> jvm = List.of("-Xms1g", "-Xmx1g");
        BrokerPlacement broker = BrokerPlacement.CHILD;
        Path results = Path.of("benchmarks", "results");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("-h") || name.equals("--help")) throw new IllegalArgumentException("");
            if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value");
            String value = args[++i];
            switch (name) {
                case "--rows" -> rows = Long.parseLong(value);
                case "--warmup-rows" -> warmupRows = Long.parseLong(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--variants" -> variants = Arrays.stream(value.split(",")).map(String::trim).map(Variant::byId).toList();
                case "--workloads" -> workloads = Arrays.stream(value.split(",")).map(String::trim).map(Workload::byId).toList();
                case "--rate" -> rate = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                case "--postgres" -> postgres = value;
                case "--child-jvm" -> jvm = new ArrayList<>(Arrays.asList(value.trim().split("\\s+")));
                case "--broker" -> broker = BrokerPlacement.byId(value);
                case "--results-dir" -> results = Path.of(value);
                case "--git-revision" -> revision = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (rows < 1 || warmupRows < 0 || rounds < 1 || rate < 1 || seconds <= warmup) {
            throw new IllegalArgumentException(
                    "need rows >= 1, warmup-rows >= 0, rounds >= 1, rate >= 1 and seconds > warmup-seconds");
        }
        return new DriverOptions(rows, warmupRows, rounds, variants, workloads, 1000, rate, seconds, warmup, postgres,
                List.copyOf(jvm), broker, results, revision);
    }

    /** The variants run for {@code workload}: latency is measured on Kafka, so only for producing variants. */
    List<Variant> variantsFor(Workload workload) {
        return workload == Workload.LATENCY ? variants.stream().filter(Variant::produces).toList() : variants;
    }
}
