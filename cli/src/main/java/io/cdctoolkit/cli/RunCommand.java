package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.sinks.kafka.ClientSecurity;
import io.cdctoolkit.engine.config.PipelineAssembler;
import io.cdctoolkit.engine.config.PipelineDefinition;
import io.cdctoolkit.engine.config.RegistryDefinition;
import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.engine.config.SinkDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineCounts;
import io.cdctoolkit.engine.runtime.PipelineListener;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.state.StateInUseException;
import io.cdctoolkit.engine.config.HttpSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.MDC;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** {@code run}: runs the enabled pipelines until they finish or the process is asked to stop. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run all enabled pipelines (or one) until stopped; SIGINT/SIGTERM flush, commit and exit 0.")
final class RunCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = "--pipeline", paramLabel = "NAME", description = "Run only this pipeline.")
    String pipelineName;

    @CommandLine.Option(names = "--max-events", paramLabel = "N",
            description = "Stop each pipeline cleanly after N source events.")
    Long maxEvents;

    @CommandLine.Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop cleanly after this long (e.g. 30s, 5m).")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        CliEnvironment env = parent.environment();
        ToolkitConfig loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        List<PipelineDefinition> selected = select(loaded, env);
        if (selected == null) return ExitCodes.CONFIG_ERROR;

        StatusLine status = new StatusLine(env.err());
        List<Pipeline> pipelines = new ArrayList<>();
        MeterRegistry meters = loaded.httpSettings().isPresent() ? prometheusRegistry() : new SimpleMeterRegistry();
        OpsEndpoint endpoint = startEndpoint(loaded, meters, env);
        if (loaded.httpSettings().isPresent() && endpoint == null) return ExitCodes.CONFIG_ERROR;
        try {
            return runWith(loaded, selected, env, status, pipelines, meters, endpoint);
        } finally {
            if (endpoint != null) endpoint.close();
        }
    }

    private int runWith(ToolkitConfig loaded, List<PipelineDefinition> selected, CliEnvironment env, StatusLine status,
                        List<Pipeline> pipelines, MeterRegistry meters, OpsEndpoint endpoint) throws Exception {
        PipelineAssembler assembler = new PipelineAssembler(env.catalog(), meters);
        try {
            for (PipelineDefinition definition : selected) {
                Pipeline.Builder builder = assembler.assemble(loaded, definition);
                if (maxEvents != null) builder.maxEvents(maxEvents);
                if (duration != null) builder.maxDuration(duration);
                if (env.isTerminal()) {
                    builder.listener(statusListener(definition.name(), status, new SnapshotProgress(meters, definition.source())));
                }
                pipelines.add(builder.build());
            }
        } catch (ConfigException e) {
            config.printProblems(env, e);
            return ExitCodes.CONFIG_ERROR;
        } catch (StateInUseException e) {
            // A second run of the same config: fail at once rather than fight over the replication slot.
            env.err().println("error: " + e.getMessage());
            return ExitCodes.PIPELINE_FAILED;
        }
        if (endpoint != null) {
            List<MonitoredPipeline> monitored = new ArrayList<>();
            for (int i = 0; i < pipelines.size(); i++) {
                monitored.add(new MonitoredPipeline(pipelines.get(i), selected.get(i).source(), selected.get(i).sink()));
            }
            endpoint.watch(monitored);
        }
        // Written once the sources' state is held, so a second run of the same config never replaces it.
        EndpointFile endpointFile = endpoint == null ? null : EndpointFile.of(loaded);
        String url = endpoint == null ? null : StatusCommand.endpoint(loaded.httpSettings().orElseThrow(), endpoint.port());
        if (endpointFile != null) endpointFile.write(url);
        try {
            int exit = runAll(pipelines, env, status);
            printTailHints(loaded, selected, pipelines, env);
            return exit;
        } finally {
            if (endpointFile != null) endpointFile.removeIfStill(url);
        }
    }

    /** Meters in the Prometheus registry, with the JVM's own (memory, GC, threads, CPU, uptime). */
    private static MeterRegistry prometheusRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** The http endpoint when the config has an http block; null when it has none or it cannot bind (said on stderr). */
    private static OpsEndpoint startEndpoint(ToolkitConfig loaded, MeterRegistry meters, CliEnvironment env) {
        HttpSettings http = loaded.httpSettings().orElse(null);
        if (http == null) return null;
        try {
            return OpsEndpoint.start(http, (PrometheusMeterRegistry) meters);
        } catch (IOException | RuntimeException e) {
            env.err().println("error: http: cannot serve on " + http.host() + ":" + http.port() + ": " + e.getMessage()
                    + " (another run of this config? else choose another http.port, or 0 for a free one)");
            return null;
        }
    }

    /** After a run into Kafka, shows how to look at what was written. */
    private static void printTailHints(ToolkitConfig loaded, List<PipelineDefinition> selected, List<Pipeline> pipelines,
                                       CliEnvironment env) {
        for (int i = 0; i < selected.size(); i++) {
            var sink = loaded.sink(selected.get(i).sink()).orElseThrow();
            if (!"kafka".equals(sink.connector())) continue;
            Object bootstrap = sink.config().get("bootstrap_servers");
            StringBuilder embedded = new StringBuilder();
            if ("embedded".equals(bootstrap)) {
                // tail's --state-dir defaults to .cdc-toolkit in the working directory
                Path cwd = Path.of("").toAbsolutePath();
                if (!loaded.stateDir().equals(cwd.resolve(ToolkitConfig.DEFAULT_STATE_DIR).normalize())) {
                    Path dir = loaded.stateDir();
                    embedded.append(" --state-dir ").append(dir.startsWith(cwd) ? cwd.relativize(dir) : dir);
                }
                Object port = sink.config().get("embedded_port");
                if (port != null) embedded.append(" --embedded-port ").append(port);
            }
            // A sink that logs in or speaks TLS, or an embedded broker in an embedded_dir of its own (which tail's
            // --state-dir cannot name): tail connects as the sink does (its settings, from the file). Records framed
            // by a registry tail can read again: the file's schema_registry decodes them (without it, base64).
            boolean asTheSink = loginOrTls(sink)
                    || "embedded".equals(bootstrap) && sink.config().get("embedded_dir") != null
                    || decodableByTail(loaded.registry());
            String connect = asTheSink ? "--config " + loaded.file() + " --sink " + sink.name()
                    : "--bootstrap " + bootstrap;
            for (String topic : pipelines.get(i).counts().recordsPerTopic().keySet()) {
                env.err().println("read them: " + SelfCommand.of(env.env()) + " tail " + connect + " --topic " + topic
                        + " --from-beginning" + (asTheSink ? "" : embedded));
            }
        }
    }

    /**
     * Whether another process can decode what this registry framed: any registry but an in-process
     * {@code mock://} one that is not kept in the state folder ({@code mock_persist}).
     */
    private static boolean decodableByTail(RegistryDefinition registry) {
        if (RegistryDefinition.DISABLED.equals(registry.mode())) return false;
        return !MockRegistries.isMockUrl(String.valueOf(registry.options().get("url")))
                || "true".equals(String.valueOf(registry.options().get("mock_persist")));
    }

    /**
     * Whether a kafka sink logs in or speaks TLS: the {@code security.protocol} its clients get (from its
     * {@code security} and {@code producer} blocks, as {@code tail --sink} connects) is not PLAINTEXT.
     */
    private static boolean loginOrTls(SinkDefinition sink) {
        try {
            return !ClientSecurity.plaintext(ConfiguredKafkaSink.connection(sink));
        } catch (ConfigException e) {
            return false; // not reached: the run validated the sink's config
        }
    }

    /**
     * Runs every pipeline on its own thread. When one fails, the others are stopped (they flush their
     * sink and commit what was acknowledged), and the command exits 3 when every failure was a system
     * that could not be reached, else 4, naming the failed pipelines: a supervisor must see a failure
     * even while other pipelines could have gone on.
     */
    static int runAll(List<Pipeline> pipelines, CliEnvironment env, StatusLine status) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(pipelines.size(), r -> new Thread(r, "pipeline"));
        CompletionService<PipelineResult> done = new ExecutorCompletionService<>(threads);
        Runnable stopAll = () -> pipelines.forEach(Pipeline::stop);
        // SIGINT/SIGTERM: every pipeline stops; run() then flushes the sink and commits, and we exit 0.
        // The status line ends first so the stop's log lines and the summary start on lines of their own.
        try (StopOnSignal signals = StopOnSignal.install(() -> {
            status.finish();
            stopAll.run();
        })) {
            for (Pipeline p : pipelines) {
                done.submit(() -> {
                    // Every log line of the pipeline's thread names it (a field of its own in --log-format json).
                    MDC.put("pipeline", p.name());
                    try {
                        return p.run();
                    } finally {
                        MDC.remove("pipeline");
                    }
                });
            }
            List<PipelineResult> failed = new ArrayList<>();
            for (int i = 0; i < pipelines.size(); i++) {
                PipelineResult result = done.take().get();
                status.finish();
                StatusLine.printSummary(env.err(), result);
                if (!result.succeeded()) {
                    if (failed.isEmpty() && i < pipelines.size() - 1) {
                        env.err().println("pipeline " + result.pipeline() + " failed: stopping the other pipelines");
                        stopAll.run();
                    }
                    failed.add(result);
                }
            }
            return failed.isEmpty() ? ExitCodes.OK : failureExit(failed, env);
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** One line per failed pipeline; 3 when each of them could not reach its source or sink, else 4. */
    private static int failureExit(List<PipelineResult> failed, CliEnvironment env) {
        boolean allUnreachable = true;
        for (PipelineResult result : failed) {
            boolean unreachable = ExitCodes.isUnreachable(result.failure());
            allUnreachable &= unreachable;
            env.err().println("error: pipeline " + result.pipeline() + (unreachable ? " cannot reach a system: " : " failed: ")
                    + (result.failure() == null ? "(no reason given)" : result.failure().getMessage()));
        }
        return allUnreachable ? ExitCodes.UNREACHABLE : ExitCodes.PIPELINE_FAILED;
    }

    private List<PipelineDefinition> select(ToolkitConfig loaded, CliEnvironment env) {
        if (pipelineName != null) {
            var p = loaded.pipeline(pipelineName);
            if (p.isEmpty()) {
                env.err().println("error: no pipeline named '" + pipelineName + "' in " + config.file
                        + "; pipelines: " + String.join(", ", loaded.pipelines().keySet()));
                return null;
            }
            return List.of(p.get());
        }
        List<PipelineDefinition> enabled = loaded.enabledPipelines();
        if (enabled.isEmpty()) {
            env.err().println("error: no enabled pipeline in " + config.file);
            return null;
        }
        return enabled;
    }

    static PipelineListener statusListener(String name, StatusLine status, SnapshotProgress snapshot) {
        return new PipelineListener() {
            private long lastUpdate;

            @Override
            public void onBatch(PipelineCounts counts) {
                long now = System.nanoTime();
                if (now - lastUpdate > 250_000_000L) {
                    lastUpdate = now;
                    status.update(name, counts, snapshot.describe(now));
                }
            }
        };
    }
}
