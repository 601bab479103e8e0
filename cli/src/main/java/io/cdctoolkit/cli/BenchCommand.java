package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.AssembledChain;
import io.cdctoolkit.engine.config.PipelineAssembler;
import io.cdctoolkit.engine.config.PipelineDefinition;
import io.cdctoolkit.engine.config.RegistryDefinition;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code bench}: the configured pipeline's stages and encoder, created as {@code run} creates them,
 * fed datagen events as fast as they go into a sink that discards, with events/s and ns/event per
 * stage. No Kafka, no database: what the chain itself costs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure a pipeline's transforms, cdc_features stages and encoder on datagen events into a"
                + " null sink: events/s and ns/event per stage (no Kafka, no database).")
final class BenchCommand implements Callable<Integer> {

    /** How the results are printed. */
    enum Format { table, json }

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = "--pipeline", paramLabel = "NAME",
            description = "The pipeline to measure (required when the config enables several).")
    String pipelineName;

    @CommandLine.Option(names = "--events", paramLabel = "N", defaultValue = "200000",
            description = "Source events measured (default: ${DEFAULT-VALUE}).")
    long events;

    @CommandLine.Option(names = "--warmup", paramLabel = "N", defaultValue = "50000",
            description = "Source events run through the chain first, unmeasured, so the JIT has compiled it"
                    + " and the registry ids are cached (default: ${DEFAULT-VALUE}).")
    long warmup;

    @CommandLine.Option(names = "--pattern", paramLabel = "PATTERN",
            description = "The datagen pattern to generate (default: the config's datagen source's, or "
                    + BenchSource.DEFAULT_PATTERN + " when the source is a database).")
    String pattern;

    @CommandLine.Option(names = "--format", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        CliEnvironment env = parent.environment();
        if (events < 1 || warmup < 0 || events + warmup > Integer.MAX_VALUE - 8) {
            env.err().println("error: --events must be at least 1 and --warmup at least 0, with at most "
                    + (Integer.MAX_VALUE - 8) + " together (the events are held in memory)");
            return ExitCodes.CONFIG_ERROR;
        }
        ToolkitConfig loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        PipelineDefinition pipeline = select(loaded, env);
        if (pipeline == null) return ExitCodes.CONFIG_ERROR;
        SourceDefinition source = loaded.source(pipeline.source()).orElseThrow();
        BenchSource benchSource = BenchSource.of(source, pattern, warmup + events);
        if (benchSource.substituted()) {
            env.err().println("note: source '" + source.name() + "' is " + source.connector() + ", which bench does"
                    + " not read: datagen " + benchSource.options().get("pattern") + " events stand in for its tables"
                    + " (choose another with --pattern)");
        }
        Path stateDir = Files.createTempDirectory("cdc-toolkit-bench");
        try {
            return measure(env, loaded, pipeline, source, benchSource, stateDir);
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private int measure(CliEnvironment env, ToolkitConfig loaded, PipelineDefinition pipeline, SourceDefinition source,
                        BenchSource benchSource, Path stateDir) throws Exception {
        PipelineAssembler assembler = new PipelineAssembler(env.catalog(), new SimpleMeterRegistry());
        // Stage state (a deduplication log) in a throwaway folder: the source's own state is not touched.
        try (AssembledChain chain = assembler.assembleChain(loaded, pipeline, stateDir.resolve("stages"));
             BenchSource.Batches events = benchSource.open(env.catalog(), source.name(), source.configKeyPath(),
                     stateDir.resolve("source"))) {
            ChainBench bench = new ChainBench(chain, encoderLabel(loaded.registry()), pipeline.settings().batchSize());
            bench.run(events, warmup);
            long warm = events.count();
            ChainBench.Pass pass = bench.run(events, this.events);
            long measured = events.count() - warm;
            StageResult sourceRow = new StageResult(benchSource.label(), events.count(), events.count(), 0,
                    events.nanos(), null);
            BenchReport report = new BenchReport(pipeline.name(), measured, warm, sourceRow, pass);
            if (format == Format.json) report.printJson(env.out());
            else report.printTable(env.out());
            return ExitCodes.OK;
        } catch (ConfigException e) {
            config.printProblems(env, e);
            return ExitCodes.CONFIG_ERROR;
        } catch (RegistryServerErrorException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.PIPELINE_FAILED;
        } catch (RetryableException e) {
            env.err().println("error: the schema registry cannot be reached: " + e.getMessage()
                    + " (check " + loaded.registry().optionsKeyPath() + ", or measure with a mock:// url)");
            return ExitCodes.UNREACHABLE;
        } catch (ChainBench.StageFailure e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.PIPELINE_FAILED;
        }
    }

    /** {@code encoder avro (external https://host:8081)}: format, mode and where, without credentials or query. */
    static String encoderLabel(RegistryDefinition registry) {
        if (RegistryDefinition.DISABLED.equals(registry.mode())) return "encoder " + registry.format() + " (no registry)";
        Object url = registry.options().get("url");
        return "encoder " + registry.format() + " (" + registry.mode() + (url == null ? "" : " " + withoutSecrets(url))
                + ")";
    }

    private static String withoutSecrets(Object url) {
        try {
            URI uri = URI.create(String.valueOf(url));
            if (uri.getScheme() == null || uri.getHost() == null) {
                return uri.getScheme() == null ? "(url)" : uri.getScheme() + "://" + uri.getAuthority();
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(url)";
        }
    }

    private PipelineDefinition select(ToolkitConfig loaded, CliEnvironment env) {
        if (pipelineName != null) {
            var p = loaded.pipeline(pipelineName);
            if (p.isEmpty()) {
                env.err().println("error: no pipeline named '" + pipelineName + "' in " + config.file
                        + "; pipelines: " + String.join(", ", loaded.pipelines().keySet()));
            }
            return p.orElse(null);
        }
        List<PipelineDefinition> enabled = loaded.enabledPipelines();
        if (enabled.size() == 1) return enabled.get(0);
        env.err().println(enabled.isEmpty() ? "error: no enabled pipeline in " + config.file
                : "error: " + config.file + " enables several pipelines; name one with --pipeline: "
                + String.join(", ", enabled.stream().map(PipelineDefinition::name).toList()));
        return null;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
