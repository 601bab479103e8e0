package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentFactory;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.stage.TombstoneSettings;
import io.cdctoolkit.engine.stage.TombstoneStage;
import io.cdctoolkit.engine.state.StateInUseException;
import io.cdctoolkit.engine.state.StateLock;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a loaded {@link ToolkitConfig} pipeline into a {@link Pipeline.Builder}, creating every
 * component through its factory. This is all the CLI does with a config file: a library user who
 * builds a {@link Pipeline} by hand gets the same runtime.
 */
public final class PipelineAssembler {

    private static final String TOMBSTONES = ConfiguredTombstones.NAME;
    private static final Logger LOG = LoggerFactory.getLogger(PipelineAssembler.class);
    /** The files by which a folder of the earlier per-pipeline layout is recognised (offsets, schema history). */
    private static final List<String> LEGACY_STATE_FILES = List.of("offsets.dat", "schema-history.dat",
            "datagen-offset.json");

    private final ComponentCatalog catalog;
    private final MeterRegistry meterRegistry;

    /**
     * @param catalog       where the factories come from
     * @param meterRegistry where components and the pipeline register meters
     */
    public PipelineAssembler(ComponentCatalog catalog, MeterRegistry meterRegistry) {
        this.catalog = catalog;
        this.meterRegistry = meterRegistry;
    }

    /**
     * Creates the pipeline's source, stages, encoder and sink. Source and stage state (offsets, schema
     * history) lives in the source's folder, {@link ToolkitConfig#sourceStateDir}, locked for as long
     * as the source is open (released by its close); sinks and the registry get {@code <state_dir>} itself.
     *
     * @throws ConfigException     when a component rejects its options, a configured feature is not
     *                             available, or the state folder cannot be created; components created
     *                             so far are closed
     * @throws StateInUseException when another process (or pipeline) runs on the source's state
     */
    public Pipeline.Builder assemble(ToolkitConfig config, PipelineDefinition pipeline) throws ConfigException {
        SourceDefinition source = config.source(pipeline.source()).orElseThrow(() -> new ConfigException(
                pipeline.keyPath() + ".source", "no source named '" + pipeline.source() + "'", null));
        SinkDefinition sink = config.sink(pipeline.sink()).orElseThrow(() -> new ConfigException(
                pipeline.keyPath() + ".sink", "no sink named '" + pipeline.sink() + "'", null));
        Path stateDir = config.sourceStateDir(source.name());
        adoptLegacyState(config.stateDir().resolve(pipeline.name()), stateDir);
        StateLock lock = lock(stateDir, source);
        List<AutoCloseable> created = new ArrayList<>();
        created.add(lock);
        try {
            CdcReader reader = keep(created, new LockedReader(create(catalog.source(source.connector()),
                    source.connector(), source.configKeyPath(), source.config(),
                    context(source.name(), source.configKeyPath(), source.topic(), stateDir)), lock));
            // The pipeline owns (and closes) the stages and the encoder.
            AssembledChain chain = assembleChain(config, pipeline, stateDir);
            created.add(chain);
            Sink target = keep(created, create(catalog.sink(sink.connector()), sink.connector(),
                    sink.configKeyPath(), sink.config(),
                    // Sinks keep no per-pipeline state; shared state (the embedded broker's data) sits at the root.
                    context(sink.name(), sink.configKeyPath(), null, config.stateDir())));
            return Pipeline.builder().name(pipeline.name()).source(reader).stages(chain.stageList())
                    .encoder(chain.encoder())
                    .sink(target).settings(pipeline.settings()).meterRegistry(meterRegistry);
        } catch (ConfigException | RuntimeException e) {
            closeQuietly(created);
            throw e;
        }
    }

    /**
     * Creates the pipeline's stages and encoder, in the order {@link #assemble} runs them: the source's
     * transforms, the pipeline's, then {@code cdc_features} encryption → deduplication → tombstones
     * (cdc-features spec), and the encoder of the {@code schema_registry} block. Takes no lock and
     * creates neither source nor sink, so {@code bench} can measure the chain {@code run} would use
     * with the stages' state (a deduplication log) in a folder of its own.
     *
     * @param stateDir where stateful stages keep their state
     * @throws ConfigException when a component rejects its options or a configured feature is not
     *                         available; components created so far are closed
     */
    public AssembledChain assembleChain(ToolkitConfig config, PipelineDefinition pipeline, Path stateDir)
            throws ConfigException {
        SourceDefinition source = config.source(pipeline.source()).orElseThrow(() -> new ConfigException(
                pipeline.keyPath() + ".source", "no source named '" + pipeline.source() + "'", null));
        List<AutoCloseable> created = new ArrayList<>();
        try {
            List<TransformDefinition> definitions = TransformChain.definitions(source, pipeline);
            List<Stage> transforms = TransformChain.create(catalog, definitions,
                    t -> context(t.type(), t.keyPath(), null, stateDir)).stages();
            List<ConfiguredStage> stages = new ArrayList<>();
            for (int i = 0; i < transforms.size(); i++) {
                TransformDefinition t = definitions.get(i);
                stages.add(new ConfiguredStage(label(source, t.keyPath()) + " " + t.type(), keep(created, transforms.get(i))));
            }
            String features = source.configKeyPath() + "." + SourceReader.CDC_FEATURES_KEY + ".";
            for (ConfiguredFeature feature : ConfiguredFeature.of(catalog, source)) {
                Stage stage = feature.factory().create(feature.options(),
                        context(feature.name(), feature.options().keyPath(), null, stateDir));
                stages.add(new ConfiguredStage(label(source, features + feature.name()), keep(created, stage)));
            }
            Optional<Stage> tombstones = tombstones(source);
            if (tombstones.isPresent()) {
                stages.add(new ConfiguredStage(label(source, features + TOMBSTONES), keep(created, tombstones.get())));
            }
            RegistryDefinition registry = config.registry();
            Map<String, Object> registryOptions = new LinkedHashMap<>(registry.options());
            registryOptions.put("format", registry.format());
            Encoder encoder = create(catalog.registry(registry.mode()), registry.mode(),
                    registry.optionsKeyPath(), registryOptions,
                    // One registry per config: what it keeps (a persisted mock:// scope) sits at the root, as tail finds it.
                    context(registry.mode(), registry.optionsKeyPath(), null, config.stateDir()));
            return new AssembledChain(stages, encoder);
        } catch (ConfigException | RuntimeException e) {
            closeQuietly(created);
            throw e;
        }
    }

    /** A key path relative to the source's {@code config} block (where its transforms and features are). */
    private static String label(SourceDefinition source, String keyPath) {
        String prefix = source.configKeyPath() + ".";
        return keyPath.startsWith(prefix) ? keyPath.substring(prefix.length()) : keyPath;
    }

    private static StateLock lock(Path stateDir, SourceDefinition source) throws ConfigException {
        try {
            return StateLock.acquire(stateDir, "source '" + source.name() + "'");
        } catch (IOException e) {
            throw new ConfigException("state_dir", "cannot create or lock the state of source '" + source.name()
                    + "' in " + stateDir + ": " + e, "make the folder writable, or set state_dir to one that is");
        }
    }

    /**
     * Moves a source's state from where earlier versions kept it ({@code <state_dir>/<pipeline>}) to its
     * own folder, so an upgrade resumes instead of starting over. Only a folder holding offsets or
     * schema history moves, and only when the source has no state yet.
     */
    private static void adoptLegacyState(Path legacy, Path stateDir) throws ConfigException {
        if (Files.exists(stateDir) || !Files.isDirectory(legacy) || stateDir.startsWith(legacy)) return;
        if (LEGACY_STATE_FILES.stream().noneMatch(f -> Files.exists(legacy.resolve(f)))) return;
        try {
            Files.createDirectories(stateDir.getParent());
            Files.move(legacy, stateDir);
        } catch (IOException e) {
            throw new ConfigException("state_dir", "cannot move the state in " + legacy + " to " + stateDir + ": " + e,
                    "move it by hand");
        }
        LOG.info("moved the source state in {} to {} (state belongs to the source, not the pipeline)", legacy, stateDir);
    }

    /** The tombstone stage of {@code cdc_features.tombstones}, when it is configured to emit tombstones. */
    private static Optional<Stage> tombstones(SourceDefinition source) throws ConfigException {
        return ConfiguredTombstones.of(source).map(ConfiguredTombstones::settings).filter(TombstoneSettings::emitsTombstones)
                .map(TombstoneStage::new);
    }

    private ComponentContext context(String name, String keyPath, String topic, Path stateDir) {
        return new ComponentContext(name, keyPath, topic, stateDir, meterRegistry);
    }

    private static <T> T create(Optional<? extends ComponentFactory<T>> factory, String name, String keyPath,
                                Map<String, Object> raw, ComponentContext context) throws ConfigException {
        ComponentFactory<T> f = factory.orElseThrow(() -> new ConfigException(keyPath,
                "no component named '" + name + "' on the class path", "run `cdc-toolkit spec` to list them"));
        return f.create(Options.of(keyPath, f.spec().options(), raw), context);
    }

    private static <T> T keep(List<AutoCloseable> created, T component) {
        if (component instanceof AutoCloseable c) created.add(c);
        return component;
    }

    private static void closeQuietly(List<AutoCloseable> created) {
        for (AutoCloseable c : created) {
            try {
                c.close();
            } catch (Exception suppressed) {
                // Already failing with the config error; a close failure would only hide it.
            }
        }
    }
}
