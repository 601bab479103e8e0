package io.cdctoolkit.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The results as Markdown: header (machine, versions, sizes), per workload and variant the median
 * events/s with min–max over rounds, median CPU µs per event, ratios to the baselines, the latency
 * percentiles, the issue's bars, and every run. A variant with a failed run gets no numbers for that
 * workload.
 */
final class Report {

    private final MachineInfo machine;
    private final DriverOptions options;
    private final String timestamp;
    private final List<RunResult> runs;

    Report(MachineInfo machine, DriverOptions options, String timestamp, List<RunResult> runs) {
        this.machine = machine;
        this.options = options;
        this.timestamp = timestamp;
        this.runs = List.copyOf(runs);
    }

    /**
     * The aggregate of one variant in one workload; empty when it did not run or a run failed.
     *
     * @param brokerCpuMicrosPerEvent median of the separate broker's CPU per event, NaN without one
     * @param walsenderCores          median of how busy the slot's walsender was (cores), NaN when not read
     * @param jitMicrosPerEvent       median of the JIT compiler threads' part of the child's CPU per event, NaN when not read
     * @param gcMicrosPerEvent        median of the garbage collector threads' part, likewise
     */
    record Summary(double eventsPerSecond, double minEventsPerSecond, double maxEventsPerSecond, double cpuMicrosPerEvent,
                   double brokerCpuMicrosPerEvent, double walsenderCores, double jitMicrosPerEvent, double gcMicrosPerEvent) {

        /** The child's and the separate broker's CPU together (the child's alone without a separate broker). */
        double cpuWithBrokerMicrosPerEvent() {
            return Double.isNaN(brokerCpuMicrosPerEvent) ? cpuMicrosPerEvent : cpuMicrosPerEvent + brokerCpuMicrosPerEvent;
        }
    }

    Optional<Summary> summary(Workload workload, Variant variant) {
        List<RunResult> mine = runs.stream().filter(r -> r.workload() == workload && r.variant() == variant).toList();
        if (mine.isEmpty() || mine.stream().anyMatch(r -> !r.ok())) return Optional.empty();
        double[] rates = values(mine, RunResult::eventsPerSecond);
        return Optional.of(new Summary(median(rates), rates[0], rates[rates.length - 1],
                median(values(mine, RunResult::cpuMicrosPerEvent)), median(values(mine, RunResult::brokerCpuMicrosPerEvent)),
                median(values(mine, RunResult::walsenderCores)), median(values(mine, RunResult::jitMicrosPerEvent)),
                median(values(mine, RunResult::gcMicrosPerEvent))));
    }

    /** All latencies of the variant's rounds together (µs, sorted); empty when it did not run or a run failed. */
    Optional<long[]> latencies(Variant variant) {
        List<RunResult> mine = runs.stream().filter(r -> r.workload() == Workload.LATENCY && r.variant() == variant).toList();
        if (mine.isEmpty() || mine.stream().anyMatch(r -> !r.ok())) return Optional.empty();
        long[] all = mine.stream().flatMapToLong(r -> Arrays.stream(r.latency().micros())).sorted().toArray();
        return all.length == 0 ? Optional.empty() : Optional.of(all);
    }

    boolean allRunsOk() {
        return runs.stream().allMatch(RunResult::ok);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# End-to-end: cdc-toolkit vs Debezium (").append(timestamp).append(")\n\n");
        md.append("- machine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpuModel()).append("), RAM ")
                .append(machine.memory()).append('\n');
        md.append("- JDK: ").append(machine.jdk()).append("; child JVM options: ").append(String.join(" ", options.childJvm())).append('\n');
        md.append("- PostgreSQL: ").append(machine.postgres()).append(options.postgresUrl() == null ? " (embedded, zonky)" : "").append('\n');
        md.append("- Debezium ").append(machine.debezium()).append(", Kafka ").append(machine.kafka()).append('\n');
        md.append("- Kafka broker: ").append(options.broker() == BrokerPlacement.SEPARATE
                ? "separate (one warmed-up broker in its own JVM for every run; CPU µs/event is the child's alone, the broker's is in its own column)"
                : "in each producing child (its CPU is in the child's)").append('\n');
        md.append("- git revision: ").append(options.gitRevision()).append('\n');
        md.append("- rows: ").append(options.rows()).append(" (").append(options.rowsPerTransaction())
                .append(" per transaction when streamed); rounds: ").append(options.rounds());
        if (options.warmupRows() > 0) {
            md.append("; warm-up: ").append(options.warmupRows())
                    .append(" rows delivered first in each streaming and snapshot run, not measured");
        }
        if (options.workloads().contains(Workload.LATENCY)) {
            md.append("; latency: ").append(options.rate()).append(" changes/s for ").append(options.seconds())
                    .append(" s, first ").append(options.warmupSeconds()).append(" s discarded");
        }
        md.append('\n');
        md.append("- method and meaning of each number: docs/benchmarks.md#end-to-end-harness\n\n");
        for (Workload w : List.of(Workload.STREAMING, Workload.SNAPSHOT)) {
            if (options.workloads().contains(w)) throughputTable(md, w);
        }
        if (options.workloads().contains(Workload.LATENCY)) latencyTable(md);
        bars(md);
        runsTable(md);
        return md.toString();
    }

    private void throughputTable(StringBuilder md, Workload w) {
        md.append("## ").append(w.id()).append(" (").append(options.rows()).append(" rows")
                .append(options.warmupRows() > 0 ? " after " + options.warmupRows() + " of warm-up" : "").append(")\n\n");
        boolean separate = options.broker() == BrokerPlacement.SEPARATE;
        boolean walsender = runs.stream().anyMatch(r -> r.workload() == w && r.ok() && !Double.isNaN(r.walsenderCores()));
        md.append("| variant | events/s (median) | min–max | CPU µs/event | of which JIT + GC |")
                .append(separate ? " separate broker CPU µs/event |" : "")
                .append(walsender ? " walsender busy (cores) |" : "")
                .append(" ÷ debezium-json-producer | ÷ debezium-raw | CPU ÷ debezium-json-producer |\n");
        md.append("|---|---:|---:|---:|---:|").append(separate ? "---:|" : "").append(walsender ? "---:|" : "").append("---:|---:|---:|\n");
        Optional<Summary> producer = summary(w, Variant.DEBEZIUM_JSON_PRODUCER);
        Optional<Summary> raw = summary(w, Variant.DEBEZIUM_RAW);
        for (Variant v : options.variantsFor(w)) {
            Optional<Summary> s = summary(w, v);
            if (s.isEmpty()) {
                md.append("| ").append(v.id()).append(" | FAILED (see runs) | | | | | | |").append(separate ? " |" : "")
                        .append(walsender ? " |" : "").append('\n');
                continue;
            }
            Summary x = s.get();
            md.append("| ").append(v.id()).append(" | ").append(f("%,.0f", x.eventsPerSecond())).append(" | ")
                    .append(f("%,.0f–%,.0f", x.minEventsPerSecond(), x.maxEventsPerSecond())).append(" | ")
                    .append(f("%.1f", x.cpuMicrosPerEvent())).append(" | ")
                    .append(jitAndGc(x.jitMicrosPerEvent(), x.gcMicrosPerEvent())).append(" | ");
            if (separate) md.append(Double.isNaN(x.brokerCpuMicrosPerEvent()) ? "–" : f("%.1f", x.brokerCpuMicrosPerEvent())).append(" | ");
            if (walsender) md.append(Double.isNaN(x.walsenderCores()) ? "–" : f("%.2f", x.walsenderCores())).append(" | ");
            md
                    .append(producer.map(p -> f("%.2f×", x.eventsPerSecond() / p.eventsPerSecond())).orElse("–")).append(" | ")
                    .append(raw.map(r -> f("%.2f×", x.eventsPerSecond() / r.eventsPerSecond())).orElse("–")).append(" | ")
                    .append(producer.map(p -> f("%.2f×", x.cpuMicrosPerEvent() / p.cpuMicrosPerEvent())).orElse("–"))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private void latencyTable(StringBuilder md) {
        md.append("## latency: commit → consumed from Kafka (").append(options.rate()).append(" changes/s)\n\n");
        md.append("| variant | samples | written/s (lowest round) | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n");
        for (Variant v : options.variantsFor(Workload.LATENCY)) {
            Optional<long[]> l = latencies(v);
            if (l.isEmpty()) {
                md.append("| ").append(v.id()).append(" | FAILED (see runs) | | | | |\n");
                continue;
            }
            long[] x = l.get();
            double written = runs.stream().filter(r -> r.workload() == Workload.LATENCY && r.variant() == v)
                    .mapToDouble(r -> r.latency().writtenPerSecond()).min().orElse(0);
            md.append("| ").append(v.id()).append(" | ").append(x.length).append(" | ").append(f("%,.0f", written)).append(" | ")
                    .append(ms(percentile(x, 50))).append(" | ").append(ms(percentile(x, 99))).append(" | ")
                    .append(ms(x[x.length - 1])).append(" |\n");
        }
        md.append('\n');
    }

    /**
     * Issue 11's "done when" bars, on whatever of them this run measured: for postgres-cdc → Kafka (JSON) with default
     * settings, which is {@code native-json} ({@code engine: native} is the default), and for {@code cdc-json} (the
     * Debezium engine path) for information; then issue 12's.
     */
    private void bars(StringBuilder md) {
        List<String> rows = new ArrayList<>();
        issue11Bars(rows, Variant.NATIVE_JSON, "issue 11, default engine");
        issue11Bars(rows, Variant.CDC_JSON, "engine: debezium");
        nativeBars(rows, Variant.NATIVE_JSON, "issue 12");
        // Reader against reader: issue 12's ratios with neither side carrying a pipeline or broker.
        nativeBars(rows, Variant.NATIVE_RAW, "readers alone");
        latencies(Variant.NATIVE_JSON).ifPresent(l -> rows.add(bar("latency (" + options.rate() + "/s)",
                "native-json p50 ms (issue 12)", percentile(l, 50) / 1000.0, "≤ 30", false, 30)));
        if (rows.isEmpty()) return;
        md.append("## bars (issues 11 and 12)\n\n| workload | measure | value | bar | result |\n|---|---|---:|---|---|\n");
        rows.forEach(md::append);
        md.append('\n');
    }

    /** Issue 11's throughput, CPU and latency bars for {@code candidate}, per workload measured. */
    private void issue11Bars(List<String> rows, Variant candidate, String label) {
        String id = candidate.id();
        for (Workload w : List.of(Workload.STREAMING, Workload.SNAPSHOT)) {
            Optional<Summary> mine = summary(w, candidate);
            Optional<Summary> producer = summary(w, Variant.DEBEZIUM_JSON_PRODUCER);
            Optional<Summary> raw = summary(w, Variant.DEBEZIUM_RAW);
            if (mine.isPresent() && producer.isPresent()) {
                rows.add(bar(w.id(), "events/s " + id + " ÷ debezium-json-producer (" + label + ")",
                        mine.get().eventsPerSecond() / producer.get().eventsPerSecond(), "≥ 1.5", true, 1.5));
                rows.add(bar(w.id(), "CPU/event " + id + " ÷ debezium-json-producer (" + label + ")",
                        mine.get().cpuMicrosPerEvent() / producer.get().cpuMicrosPerEvent(), "≤ 0.6", false, 0.6));
            }
            if (mine.isPresent() && raw.isPresent()) {
                rows.add(bar(w.id(), "events/s " + id + " ÷ debezium-raw (" + label + ")",
                        mine.get().eventsPerSecond() / raw.get().eventsPerSecond(), "≥ 0.7", true, 0.7));
            }
        }
        latencies(candidate).ifPresent(l -> {
            String at = "latency (" + options.rate() + "/s" + (options.rate() == 1000 ? "" : "; the bar is set at 1000/s") + ")";
            rows.add(bar(at, id + " p50 ms (" + label + ")", percentile(l, 50) / 1000.0, "≤ 60", false, 60));
            rows.add(bar(at, id + " p99 ms (" + label + ")", percentile(l, 99) / 1000.0, "≤ 300", false, 300));
        });
    }

    /** Issue 12's throughput and CPU ratios of {@code candidate} to debezium-raw, per workload measured. */
    private void nativeBars(List<String> rows, Variant candidate, String label) {
        for (Workload w : List.of(Workload.STREAMING, Workload.SNAPSHOT)) {
            Optional<Summary> mine = summary(w, candidate);
            Optional<Summary> raw = summary(w, Variant.DEBEZIUM_RAW);
            if (mine.isEmpty() || raw.isEmpty()) continue;
            double times = w == Workload.STREAMING ? 3 : 5;
            rows.add(bar(w.id(), "events/s " + candidate.id() + " ÷ debezium-raw (" + label + ")",
                    mine.get().eventsPerSecond() / raw.get().eventsPerSecond(), "≥ " + (int) times, true, times));
            rows.add(bar(w.id(), "CPU/event " + candidate.id() + " ÷ debezium-raw (" + label + ")",
                    mine.get().cpuMicrosPerEvent() / raw.get().cpuMicrosPerEvent(), "≤ 0.3", false, 0.3));
            if (!Double.isNaN(mine.get().brokerCpuMicrosPerEvent())) {
                rows.add(bar(w.id(), "CPU/event " + candidate.id() + " + separate broker ÷ debezium-raw (" + label + ")",
                        mine.get().cpuWithBrokerMicrosPerEvent() / raw.get().cpuMicrosPerEvent(), "≤ 0.3", false, 0.3));
            }
        }
    }

    private static String bar(String workload, String measure, double value, String text, boolean atLeast, double limit) {
        boolean pass = atLeast ? value >= limit : value <= limit;
        return "| " + workload + " | " + measure + " | " + f("%.2f", value) + " | " + text + " | " + (pass ? "PASS" : "FAIL") + " |\n";
    }

    private void runsTable(StringBuilder md) {
        md.append("## runs (in the order run)\n\n| round | workload | variant | events | window s | events/s | CPU µs/event | p50 / p99 ms | status |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---|---|\n");
        for (RunResult r : runs) {
            md.append("| ").append(r.round()).append(" | ").append(r.workload().id()).append(" | ").append(r.variant().id()).append(" | ");
            if (r.ok() && r.throughput() != null) {
                md.append(r.throughput().events()).append(" | ").append(f("%.2f", r.throughput().windowNanos() / 1e9)).append(" | ")
                        .append(f("%,.0f", r.eventsPerSecond())).append(" | ").append(f("%.1f", r.cpuMicrosPerEvent()))
                        .append(Double.isNaN(r.jitMicrosPerEvent()) ? "" : " (JIT + GC " + jitAndGc(r.jitMicrosPerEvent(), r.gcMicrosPerEvent()) + ")")
                        .append(r.hasBrokerCpu() ? f(" (+ broker %.1f)", r.brokerCpuMicrosPerEvent()) : "")
                        .append(Double.isNaN(r.walsenderCores()) ? "" : f("; walsender %.2f cores", r.walsenderCores()))
                        .append(" | | ok |\n");
            } else if (r.ok()) {
                long[] sorted = r.latency().micros().clone();
                Arrays.sort(sorted);
                md.append(sorted.length).append(" | | ").append(f("%,.0f written", r.latency().writtenPerSecond())).append(" | | ")
                        .append(ms(percentile(sorted, 50))).append(" / ")
                        .append(ms(percentile(sorted, 99))).append(" | ok |\n");
            } else {
                md.append(" | | | | | FAILED: ").append(r.failure().replace('|', '/').replace('\n', ' ')).append(" |\n");
            }
        }
    }

    private static double[] values(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        return runs.stream().mapToDouble(f).sorted().toArray();
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** "JIT + GC" µs per event, "–" when the threads' ticks were not read. */
    private static String jitAndGc(double jit, double gc) {
        return Double.isNaN(jit) ? "–" : f("%.1f + %.1f", jit, gc);
    }

    private static String ms(long micros) {
        return f("%.1f", micros / 1000.0);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
