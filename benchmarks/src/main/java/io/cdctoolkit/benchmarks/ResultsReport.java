package io.cdctoolkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Writes {@code benchmarks/run.sh}'s results file: machine, JDK, library versions, git revision, every
 * JMH result, the ratio of each ours/peer pair, and the bars. Reads JMH's JSON result file.
 *
 * <pre>java -cp benchmarks.jar io.cdctoolkit.benchmarks.ResultsReport RESULT.json OUT.md GIT_REVISION COMMAND</pre>
 *
 * Exit status: 0, or 3 when the full-chain bar (ours ≥ 3× the peer) was measured and failed.
 */
public final class ResultsReport {

    /** Our method → the peer's, in the same class with the same parameters. */
    private static final Map<String, String> PAIRS = Map.of("ours", "connect", "ourChain", "connectChain");
    private static final double FULL_CHAIN_BAR = 3.0;

    /** A library: its label, its Maven coordinates, the property of benchmark-versions.properties. */
    private record Library(String label, String group, String artifact, String property) {
    }

    private static final List<Library> LIBRARIES = List.of(
            new Library("Kafka (Connect API, transforms)", "org.apache.kafka", "connect-api", "kafka"),
            new Library("Debezium (ExtractNewRecordState)", "io.debezium", "debezium-connect-plugins", "debezium"),
            new Library("Apicurio Registry server", null, null, "apicurio-registry-server"),
            new Library("Apicurio serdes (AvroKafkaSerializer)", "io.apicurio", "apicurio-registry-avro-serde-kafka", "apicurio-serdes"),
            new Library("Apicurio converter (AvroData)", null, null, "apicurio-converter"),
            new Library("Avro", "org.apache.avro", "avro", "avro"),
            new Library("protobuf-java", "com.google.protobuf", "protobuf-java", "protobuf"),
            new Library("Tink", "com.google.crypto.tink", "tink", "tink"),
            new Library("Caffeine", "com.github.ben-manes.caffeine", "caffeine", "caffeine"),
            new Library("JMH", "org.openjdk.jmh", "jmh-core", "jmh"),
            new Library("Jackson", "com.fasterxml.jackson.core", "jackson-databind", "jackson"));

    /** One JMH result. */
    record Result(String benchmark, String mode, Map<String, String> params, double score, double error, String unit) {
        String className() {
            String withoutMethod = benchmark.substring(0, benchmark.lastIndexOf('.'));
            return withoutMethod.substring(withoutMethod.lastIndexOf('.') + 1);
        }

        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        String paramText() {
            if (params.isEmpty()) return "";
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            return sb.toString();
        }

        /** Higher is better (throughput) or lower (time per op). */
        boolean higherIsBetter() {
            return mode.equals("thrpt");
        }
    }

    /** One ours/peer pair and how many times the peer's speed ours has. */
    record Ratio(Result ours, Result peer) {
        double times() {
            return ours.higherIsBetter() ? ours.score / peer.score : peer.score / ours.score;
        }
    }

    private ResultsReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: ResultsReport RESULT.json OUT.md GIT_REVISION COMMAND");
            System.exit(2);
        }
        List<Result> results = read(Path.of(args[0]));
        String report = render(results, args[2], args[3], Path.of(args[0]).getFileName().toString());
        Files.writeString(Path.of(args[1]), report, StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[1].replaceFirst("\\.md$", "") + ".csv"), csv(results), StandardCharsets.UTF_8);
        System.out.println(summary(results));
        Optional<Ratio> full = fullChain(results);
        System.exit(full.isPresent() && full.get().times() < FULL_CHAIN_BAR ? 3 : 0);
    }

    static List<Result> read(Path json) throws IOException {
        List<Result> results = new ArrayList<>();
        for (JsonNode node : new ObjectMapper().readTree(json.toFile())) {
            Map<String, String> params = new TreeMap<>();
            JsonNode p = node.path("params");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode metric = node.path("primaryMetric");
            double error = metric.path("scoreError").asDouble(Double.NaN);
            results.add(new Result(node.path("benchmark").asText(), node.path("mode").asText(), params,
                    metric.path("score").asDouble(), error, metric.path("scoreUnit").asText()));
        }
        return results;
    }

    /** The results as CSV: benchmark, mode, params, score, error, unit. */
    static String csv(List<Result> results) {
        StringBuilder sb = new StringBuilder("benchmark,mode,params,score,score_error_99_9,unit\n");
        for (Result r : results) {
            sb.append(r.benchmark()).append(',').append(r.mode()).append(",\"").append(r.paramText()).append("\",")
                    .append(r.score()).append(',').append(Double.isNaN(r.error()) ? "" : r.error()).append(',')
                    .append(r.unit()).append('\n');
        }
        return sb.toString();
    }

    static List<Ratio> ratios(List<Result> results) {
        List<Ratio> ratios = new ArrayList<>();
        for (Result ours : results) {
            String peerMethod = PAIRS.get(ours.method());
            if (peerMethod == null) continue;
            results.stream().filter(r -> r.className().equals(ours.className()) && r.method().equals(peerMethod)
                            && r.params().equals(ours.params()) && r.mode().equals(ours.mode()))
                    .findFirst().ifPresent(peer -> ratios.add(new Ratio(ours, peer)));
        }
        return ratios;
    }

    static Optional<Ratio> fullChain(List<Result> results) {
        return ratios(results).stream().filter(r -> r.ours().className().equals("FullChainBenchmark")).findFirst();
    }

    private static String summary(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        for (Ratio r : ratios(results)) {
            sb.append(String.format(Locale.ROOT, "%-26s %-30s ours/peer %6.2fx%n", r.ours().className(),
                    r.ours().paramText(), r.times()));
        }
        sb.append(fullChain(results).map(r -> String.format(Locale.ROOT,
                "full chain: ours/peer %.2fx (bar >= %.0fx): %s", r.times(), FULL_CHAIN_BAR,
                r.times() >= FULL_CHAIN_BAR ? "PASS" : "FAIL")).orElse("full chain: not run"));
        return sb.toString();
    }

    static String render(List<Result> results, String gitRevision, String command, String rawFile) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# JMH results\n\n");
        md.append("Command: `").append(command).append("`  \n");
        md.append("Git revision: `").append(gitRevision).append("`  \n");
        md.append("Raw JMH results: `").append(rawFile).append("` (JMH JSON); the same as CSV and JMH's log beside it\n\n");

        md.append("## Machine and JDK\n\n| | |\n|---|---|\n");
        machine().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
                .append(") |\n\n");

        md.append("## Versions\n\n| library | version |\n|---|---|\n");
        Properties built = builtVersions();
        for (Library lib : LIBRARIES) {
            md.append("| ").append(lib.label()).append(" | ").append(version(lib, built)).append(" |\n");
        }

        md.append("\n## The bar: full chain (issue 11)\n\n");
        Optional<Ratio> full = fullChain(results);
        if (full.isPresent()) {
            Ratio r = full.get();
            md.append(String.format(Locale.ROOT, "`FullChainBenchmark`: ours %s, peer %s → **%.2f×** (bar ≥ %.0f×): **%s**%n",
                    score(r.ours()), score(r.peer()), r.times(), FULL_CHAIN_BAR,
                    r.times() >= FULL_CHAIN_BAR ? "PASS" : "FAIL"));
        } else {
            md.append("Not measured in this run (`FullChainBenchmark` was not selected or failed).\n");
        }

        md.append("\n## Ours vs peer (same run)\n\n| benchmark | params | ours | peer | ours/peer |\n|---|---|---|---|---|\n");
        for (Ratio r : ratios(results)) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f× |%n", r.ours().className(),
                    r.ours().paramText(), score(r.ours()), score(r.peer()), r.times()));
        }

        md.append("\n## Other bars (informative)\n\n");
        otherBars(results).forEach(line -> md.append("- ").append(line).append('\n'));

        md.append("\n## All results\n\n| benchmark | params | mode | score | ± error (99.9%) | unit |\n|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s.%s | %s | %s | %s | %s | %s |%n", r.className(), r.method(),
                    r.paramText(), r.mode(), number(r.score()), Double.isNaN(r.error()) ? "" : number(r.error()), r.unit()));
        }
        md.append("\nNumbers from a shared machine are noisy: compare only results of the same run (docs/benchmarks.md).\n");
        return md.toString();
    }

    /** Issue bars other than the full chain, where this run measured them. */
    private static List<String> otherBars(List<Result> results) {
        List<String> lines = new ArrayList<>();
        ratios(results).stream().filter(r -> r.ours().className().equals("TransformChainBenchmark")).findFirst()
                .ifPresent(r -> lines.add(String.format(Locale.ROOT, "transform chain ours/Connect ≥ 3× (issue 9): %.2f× %s",
                        r.times(), r.times() >= 3 ? "PASS" : "FAIL")));
        find(results, "AvroEncodeBenchmark", "registryAvro").ifPresent(r -> lines.add(String.format(Locale.ROOT,
                "registry Avro encode ≥ 500,000 ops/s (issue 8): %s %s", score(r), r.score() >= 500_000 ? "PASS" : "FAIL")));
        find(results, "EncryptionBenchmark", "stageFlatRow").ifPresent(r -> lines.add(String.format(Locale.ROOT,
                "encryption stage ≤ 1.5 µs per event (issue 10): %s %s", score(r), r.score() <= 1500 ? "PASS" : "FAIL")));
        // One line per parameter set (reader=debezium / debezium_copy / native): each newEvent against the baseline
        // of its own params.
        for (Result dedup : results) {
            if (!dedup.className().equals("DeduplicationBenchmark") || !dedup.method().equals("newEvent")) continue;
            results.stream().filter(r -> r.className().equals("DeduplicationBenchmark") && r.method().equals("baseline")
                    && r.params().equals(dedup.params())).findFirst().ifPresent(baseline -> {
                        double cost = dedup.score() - baseline.score();
                        lines.add(String.format(Locale.ROOT,
                                "deduplication ≤ 0.5 µs per event (issue 10), %s: newEvent − baseline = %.0f ns %s",
                                dedup.paramText(), cost, cost <= 500 ? "PASS" : "FAIL"));
                    });
        }
        if (lines.isEmpty()) lines.add("none measured in this run");
        return lines;
    }

    private static Optional<Result> find(List<Result> results, String className, String method) {
        return results.stream().filter(r -> r.className().equals(className) && r.method().equals(method)).findFirst();
    }

    private static String score(Result r) {
        return number(r.score()) + (Double.isNaN(r.error()) ? "" : " ± " + number(r.error())) + " " + r.unit();
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("CPUs (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("CPU model", procLine("/proc/cpuinfo", "model name").orElse("unknown"));
        machine.put("RAM", procLine("/proc/meminfo", "MemTotal").orElse("unknown"));
        machine.put("load average (at report time)", readFirstLine("/proc/loadavg").orElse("unknown"));
        machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return machine;
    }

    private static Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> readFirstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Properties builtVersions() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ResultsReport.class.getResourceAsStream("/benchmark-versions.properties")) {
            if (in != null) properties.load(in);
        }
        return properties;
    }

    /** The jar's own pom.properties version where it has one, else the version the build was given. */
    private static String version(Library lib, Properties built) throws IOException {
        if (lib.group() != null) {
            String resource = "/META-INF/maven/" + lib.group() + "/" + lib.artifact() + "/pom.properties";
            try (InputStream in = ResultsReport.class.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties pom = new Properties();
                    pom.load(in);
                    String version = pom.getProperty("version");
                    if (version != null) return version;
                }
            }
        }
        return built.getProperty(lib.property(), "unknown");
    }
}
