package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.PipelineAssembler;
import io.cdctoolkit.engine.config.PipelineDefinition;
import io.cdctoolkit.engine.config.SinkDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.state.StateInUseException;
import io.cdctoolkit.postgres.embedded.EmbeddedPostgresException;
import io.cdctoolkit.postgres.embedded.EmbeddedPostgresServer;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.decode.SchemaLookupProvider;
import io.cdctoolkit.sinks.kafka.PayloadDecoder;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code quickstart}: change data capture from a real PostgreSQL with nothing installed. Starts an
 * embedded PostgreSQL where the config's {@code postgres-cdc} source expects it, creates and seeds the
 * demo database ({@link DemoShop}) and changes it in the background ({@link DemoWorkload}), runs the
 * config's pipelines as {@code run} does, shows every record read back from Kafka (registry-decoded),
 * and ends with a summary and the {@code tail --decrypt} commands.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Capture changes from a real PostgreSQL, nothing to install: starts an embedded PostgreSQL 17,"
                + " creates the demo database (customers, orders with PII), changes it a few times a second and runs"
                + " the pipeline of --config (transforms, encryption, Avro, embedded Kafka), printing each record"
                + " read back from Kafka. Ends after --duration or on Ctrl-C (exit 0) with a summary and the tail"
                + " command that shows the records decrypted.",
                "Exit 0 done, 2 config error, 3 the embedded PostgreSQL or Kafka cannot start (port taken), 4 pipeline failed."})
final class QuickstartCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    /** The repository's example, the default when quickstart runs from the repository root. */
    static final Path REPOSITORY_EXAMPLE = Path.of("examples", "quickstart-postgres.yaml");
    /** Where quickstart writes its built-in copy of the example when it runs elsewhere. */
    static final Path WRITTEN_EXAMPLE = Path.of("quickstart-postgres.yaml");
    private static final String BUILT_IN_EXAMPLE = "examples/quickstart-postgres.yaml";

    @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The pipeline to run (default: examples/quickstart-postgres.yaml when it exists, else"
                    + " quickstart-postgres.yaml, written from the built-in example on the first run); its postgres-cdc"
                    + " source says where the embedded PostgreSQL listens and which database to create.")
    Path config;

    @CommandLine.Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class, defaultValue = "60s",
            description = "Stop cleanly after this long (default: ${DEFAULT-VALUE}; e.g. 30s, 5m).")
    Duration duration;

    @CommandLine.Option(names = "--changes-per-second", paramLabel = "N", defaultValue = "5",
            description = "Transactions the demo workload commits per second (default: ${DEFAULT-VALUE}).")
    int changesPerSecond;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        CliEnvironment env = parent.environment();
        if (config == null) {
            try {
                config = defaultConfig(Path.of(""), env.err());
            } catch (IOException e) {
                env.err().println("error: cannot write " + WRITTEN_EXAMPLE + " (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "); give --config FILE");
                return ExitCodes.CONFIG_ERROR;
            }
        }
        if (!Files.isRegularFile(config)) {
            env.err().println("error: config file " + config + " does not exist (give --config FILE, or leave it out"
                    + " for the built-in example)");
            return ExitCodes.CONFIG_ERROR;
        }
        if (changesPerSecond < 1 || changesPerSecond > 1000) {
            env.err().println("error: --changes-per-second must be between 1 and 1000");
            return ExitCodes.CONFIG_ERROR;
        }
        QuickstartSetup setup;
        try {
            setup = QuickstartSetup.prepare(config, env);
        } catch (UsageProblem e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
        if (setup == null) return ExitCodes.CONFIG_ERROR;

        EmbeddedPostgresServer server;
        try {
            server = EmbeddedPostgresServer.start(setup.stateDir().resolve("postgres"), setup.database().port(), Map.of());
        } catch (EmbeddedPostgresException e) {
            env.err().println("error: " + e.getMessage() + " (stop what uses it, or change "
                    + setup.database().keyPath() + ".port in " + config + ")");
            return ExitCodes.UNREACHABLE;
        }
        try (server) {
            boolean created = prepareDatabase(server, setup.database().name());
            env.err().println("quickstart: PostgreSQL 17 on localhost:" + server.port() + ", database "
                    + setup.database().name() + (created ? " created with " : " (from the last run) with ")
                    + String.join(", ", DemoShop.TABLES) + "; data in " + display(setup.stateDir().resolve("postgres")));
            return runPipelines(env, setup, server);
        }
    }

    /**
     * The config quickstart runs without {@code --config}, relative to {@code workingDir}: the repository's example
     * when it is there, else {@code quickstart-postgres.yaml}, written from the copy in this jar unless an earlier run
     * wrote it (it is the user's now: a second run continues with it, edits included).
     */
    static Path defaultConfig(Path workingDir, PrintStream err) throws IOException {
        if (Files.isRegularFile(workingDir.resolve(REPOSITORY_EXAMPLE))) return workingDir.resolve(REPOSITORY_EXAMPLE);
        Path written = workingDir.resolve(WRITTEN_EXAMPLE);
        if (Files.exists(written)) return written;
        try (InputStream example = QuickstartCommand.class.getResourceAsStream(BUILT_IN_EXAMPLE)) {
            if (example == null) throw new IOException("this build has no built-in " + BUILT_IN_EXAMPLE);
            Files.copy(example, written);
        }
        err.println("quickstart: wrote " + written + ", the pipeline it runs (from the built-in example; edit it, and"
                + " a later quickstart runs it)");
        return written;
    }

    private static boolean prepareDatabase(EmbeddedPostgresServer server, String database) throws SQLException {
        boolean created = server.createDatabaseIfAbsent(database);
        try (Connection c = server.connect(database)) {
            return DemoShop.createIfAbsent(c, new Random(42)) || created;
        }
    }

    private int runPipelines(CliEnvironment env, QuickstartSetup setup, EmbeddedPostgresServer server) throws Exception {
        ToolkitConfig loaded = setup.loaded();
        Optional<SinkDefinition> kafka = loaded.enabledPipelines().stream()
                .map(p -> loaded.sink(p.sink()).orElseThrow())
                .filter(s -> "kafka".equals(s.connector())).findFirst();
        // Held for the whole run, so the sink and the live view share one broker, started here.
        EmbeddedBroker.Lease broker = null;
        String bootstrap = kafka.map(s -> String.valueOf(s.config().get("bootstrap_servers"))).orElse(null);
        if (EmbeddedBroker.EMBEDDED.equals(bootstrap)) {
            try {
                broker = EmbeddedBroker.acquire(EmbeddedBroker.defaultDataDir(loaded.stateDir()), embeddedPort(kafka.get()));
            } catch (Exception e) {
                env.err().println("error: cannot start the embedded Kafka broker: " + e.getMessage());
                return ExitCodes.UNREACHABLE;
            }
            bootstrap = broker.bootstrapServers();
        }
        try {
            List<Pipeline> pipelines = new ArrayList<>();
            PipelineAssembler assembler = new PipelineAssembler(env.catalog(), new SimpleMeterRegistry());
            try {
                for (PipelineDefinition definition : loaded.enabledPipelines()) {
                    // No maxDuration: at the end the workload stops first and the pipelines catch up (see Ending).
                    pipelines.add(assembler.assemble(loaded, definition).build());
                }
            } catch (ConfigException e) {
                configOption().printProblems(env, e);
                return ExitCodes.CONFIG_ERROR;
            } catch (StateInUseException e) {
                env.err().println("error: " + e.getMessage());
                return ExitCodes.PIPELINE_FAILED;
            }
            String database = setup.database().name();
            DemoWorkload workload = new DemoWorkload(() -> {
                try {
                    return server.connect(database);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot connect to the demo database: " + e.getMessage(), e);
                }
            }, changesPerSecond, 7);
            Thread workloadThread = new Thread(workload, "quickstart-workload");
            Optional<SchemaLookup> lookup = lookup(env, loaded);
            PayloadDecoder decoder = lookup.<PayloadDecoder>map(RegistryPayloadDecoder::new).orElse(PayloadDecoder.NONE);
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "quickstart-view"));
            int exit;
            try (TopicViewer viewer = new TopicViewer(bootstrap, decoder, env.out())) {
                if (bootstrap != null) {
                    poller.scheduleWithFixedDelay(() -> viewer.show(topics(pipelines)), 200, 200, TimeUnit.MILLISECONDS);
                }
                workloadThread.start();
                env.err().println("quickstart: capturing for " + duration.toSeconds() + " s (Ctrl-C stops earlier);"
                        + " each record read back from Kafka follows, Avro-decoded (encrypted fields stay enc:v1:...)");
                Thread ending = new Thread(() -> endAfter(duration, workload, workloadThread, pipelines), "quickstart-end");
                ending.setDaemon(true);
                ending.start();
                exit = RunCommand.runAll(pipelines, env, new StatusLine(env.err()));
                ending.interrupt();
                workload.stop();
                workloadThread.join(5_000);
                poller.shutdownNow();
                if (bootstrap != null) viewer.awaitShown(topics(pipelines), Duration.ofSeconds(10));
            } finally {
                poller.shutdownNow();
                workload.stop();
                lookup.ifPresent(SchemaLookup::close);
            }
            printSummary(env, setup, workload, topics(pipelines), kafka.orElse(null));
            return exit;
        } finally {
            if (broker != null) broker.close();
        }
    }

    /**
     * After {@code duration}: stops the workload, waits until the pipelines have read nothing new for
     * {@link #QUIET} (at most {@link #CATCH_UP}), so the changes the workload committed are in Kafka, then
     * stops them (they flush and commit as on Ctrl-C). A Ctrl-C before that stops the pipelines at once;
     * the changes they did not read are captured by the next run.
     */
    private static void endAfter(Duration duration, DemoWorkload workload, Thread workloadThread, List<Pipeline> pipelines) {
        try {
            Thread.sleep(duration.toMillis());
            workload.stop();
            workloadThread.join(5_000);
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            long seen = eventsIn(pipelines);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - quietSince < QUIET.toNanos()) {
                Thread.sleep(100);
                long now = eventsIn(pipelines);
                if (now != seen) {
                    seen = now;
                    quietSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            return; // the pipelines ended first (Ctrl-C, a failure)
        }
        pipelines.forEach(Pipeline::stop);
    }

    /** How long the pipelines must read nothing new before the quickstart stops them. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    /** The longest the pipelines get to catch up with the stopped workload. */
    private static final Duration CATCH_UP = Duration.ofSeconds(15);

    private static long eventsIn(List<Pipeline> pipelines) {
        return pipelines.stream().mapToLong(p -> p.counts().eventsIn()).sum();
    }

    private static Map<String, Long> topics(List<Pipeline> pipelines) {
        Map<String, Long> topics = new TreeMap<>();
        pipelines.forEach(p -> p.counts().recordsPerTopic().forEach((t, n) -> topics.merge(t, n, Long::sum)));
        return topics;
    }

    private static int embeddedPort(SinkDefinition sink) {
        Object port = sink.config().get("embedded_port");
        return port == null ? EmbeddedBroker.DEFAULT_PORT : Integer.parseInt(String.valueOf(port));
    }

    /** The config's registry, read as tail reads it (from the state folder for a persisted mock). */
    private Optional<SchemaLookup> lookup(CliEnvironment env, ToolkitConfig loaded) throws ConfigException {
        Optional<ConfiguredRegistry> configured = ConfiguredRegistry.of(loaded.registry(), env.catalog());
        if (configured.isEmpty() || !(configured.get().factory() instanceof SchemaLookupProvider provider)) {
            return Optional.empty();
        }
        return Optional.of(provider.openLookup(configured.get().options(), loaded.stateDir()));
    }

    private void printSummary(CliEnvironment env, QuickstartSetup setup, DemoWorkload workload, Map<String, Long> topics,
                              SinkDefinition kafka) {
        StringBuilder changes = new StringBuilder();
        for (String table : List.of("customers", "orders")) {
            if (!changes.isEmpty()) changes.append("; ");
            changes.append(table).append(' ');
            List<String> counts = new ArrayList<>();
            for (DemoWorkload.Change c : DemoWorkload.Change.values()) {
                long n = workload.committed(c);
                if (c.table.equals(table)) counts.add(n + " " + c.op + (n == 1 ? "" : "s"));
            }
            changes.append(String.join(", ", counts));
        }
        env.err().println("quickstart: the workload committed " + changes
                + " (after a Ctrl-C, changes the pipeline had not read yet are captured by the next run)");
        if (kafka == null || topics.isEmpty()) return;
        List<String> encrypted = setup.encryptedFields();
        env.err().println(encrypted.isEmpty() ? "read the records decoded:"
                : "in Kafka " + String.join(", ", encrypted) + " are encrypted (enc:v1:...); read the records decoded and decrypted:");
        StringBuilder common = new StringBuilder(" --from-beginning --idle-timeout 5s --config ").append(config);
        if (!encrypted.isEmpty()) common.append(" --decrypt");
        Object bootstrap = kafka.config().get("bootstrap_servers");
        if (EmbeddedBroker.EMBEDDED.equals(bootstrap)) {
            common.append(" --state-dir ").append(display(setup.loaded().stateDir()));
            if (kafka.config().get("embedded_port") != null) common.append(" --embedded-port ").append(embeddedPort(kafka));
        }
        for (String topic : topics.keySet()) {
            env.err().println("  " + SelfCommand.of(env.env()) + " tail --bootstrap " + bootstrap + " --topic " + topic + common);
        }
        env.err().println("quickstart: the database, its replication slot and the offsets stay in "
                + display(setup.loaded().stateDir()) + ": the next run continues from here (delete the folder to start over)");
    }

    /** A path as the user would type it from the working directory. */
    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private ConfigOption configOption() {
        ConfigOption option = new ConfigOption();
        option.file = config;
        return option;
    }
}
