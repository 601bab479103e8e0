package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.source.datagen.DatagenSourceFactory;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.RegistryFactory;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkFactory;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.engine.state.StateInUseException;
import io.cdctoolkit.engine.testing.JsonTestEncoder;
import io.cdctoolkit.engine.testing.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.cdctoolkit.engine.testing.TestHeaders.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config text → assembled pipeline, with the real datagen source and in-memory sink and encoder. */
class PipelineAssemblerTest {

    @TempDir
    Path stateDir;

    private final RecordingSink sink = RecordingSink.acking();
    private final List<ChangeEvent> seenByTransform = Collections.synchronizedList(new ArrayList<>());

    @Test
    void tombstonesEnabledFollowEachDeleteWithANullValueRecordAfterTheTransforms() throws Exception {
        PipelineResult result = run(config("tombstones: { enabled: true }"));

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        List<SinkRecord> records = sink.records();
        long deletes = records.stream().filter(r -> r.event().op() == Op.DELETE && r.value() != null).count();
        assertThat(deletes).isPositive();
        for (int i = 0; i < records.size(); i++) {
            SinkRecord r = records.get(i);
            if (r.event().op() == Op.DELETE && r.value() != null) {
                SinkRecord next = records.get(i + 1);
                assertThat(next.value()).as("record after the delete at %d", i).isNull();
                assertThat(next.key()).isEqualTo(r.key());
                assertThat(next.topic()).isEqualTo(r.topic());
            }
        }
        assertThat(records.stream().filter(r -> r.value() == null).count()).isEqualTo(deletes);
        // The transform ran before the tombstone stage: it saw every delete but never a tombstone.
        assertThat(seenByTransform).noneMatch(ChangeEvent::isTombstone);
        assertThat(records).filteredOn(r -> r.value() == null)
                .allSatisfy(r -> assertThat(asMap(r.headers())).containsEntry("seen", "yes"));
    }

    @Test
    void tombstonesDisabledEmitNone() throws Exception {
        run(config("tombstones: { enabled: false }"));
        assertThat(sink.records()).anyMatch(r -> r.event().op() == Op.DELETE).noneMatch(r -> r.value() == null);
    }

    @Test
    void excludeTablesMatchDatagensDatabaseDotTable() throws Exception {
        run(config("tombstones: { enabled: true, exclude_tables: [\"shop.*\"] }"));
        assertThat(sink.records()).anyMatch(r -> r.event().op() == Op.DELETE).noneMatch(r -> r.value() == null);
    }

    @Test
    void anUnknownTombstoneKeyIsAConfigErrorWithItsKeyPathAndDidYouMean() {
        assertThatThrownBy(() -> load(config("tombstones: { enabled: true, exclude_table: [a.b] }")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.keyPath()).isEqualTo("sources.gen.config.cdc_features.tombstones.exclude_table");
                            assertThat(p.toString()).contains("did you mean").contains("exclude_tables");
                        }));
    }

    @Test
    void theAssemblerValidatesATombstonesBlockItIsGivenDirectly() throws Exception {
        ToolkitConfig loaded = load(config("tombstones: { enabled: true }"));
        SourceDefinition source = loaded.source("gen").orElseThrow();
        SourceDefinition edited = new SourceDefinition(source.name(), source.connector(), source.topic(),
                source.config(), source.transforms(), Map.of("tombstones", Map.of("enabeld", true)), source.keyPath());
        ToolkitConfig config = new ToolkitConfig(loaded.file(), loaded.version(), loaded.stateDir(), loaded.registry(),
                Map.of("gen", edited), loaded.sinks(), loaded.pipelines(), loaded.httpSettings().orElse(null));

        assertThatThrownBy(() -> assembler().assemble(config, config.pipelines().values().iterator().next()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::keyPath)
                        .containsExactly("sources.gen.config.cdc_features.tombstones.enabeld"));
    }

    @Test
    void aFeatureWhoseStageIsNotOnTheClassPathIsAConfigErrorAtLoadUnlessDisabled() throws Exception {
        assertThatThrownBy(() -> load(config("encryption: { enabled: true }\n        deduplication: { ttl_seconds: 60 }")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::keyPath)
                        .containsExactlyInAnyOrder("sources.gen.config.cdc_features.encryption",
                                "sources.gen.config.cdc_features.deduplication"));
        ToolkitConfig disabled = load(config("encryption: { enabled: false }\n        deduplication: { enabled: false }"));
        assertThat(assembler().assemble(disabled, disabled.pipelines().values().iterator().next()).build()).isNotNull();
    }

    @Test
    void theSourcesStateLivesInItsOwnFolderWhateverThePipelineIsCalled() throws Exception {
        String yaml = config("tombstones: { enabled: false }") + "pipelines:\n  renamed: { source: gen, sink: memory }\n";

        run(yaml);

        assertThat(stateDir.resolve("sources/gen/lock")).exists();
        assertThat(stateDir.resolve("renamed")).doesNotExist();
    }

    @Test
    void stateKeptPerPipelineByEarlierVersionsMovesToTheSourcesFolder() throws Exception {
        Path legacy = Files.createDirectories(stateDir.resolve("main"));
        Files.writeString(legacy.resolve("datagen-offset.json"),
                "{\"seq\":99,\"seed\":42,\"pattern\":\"sequence\",\"cdc_mode\":true}");
        ToolkitConfig config = load(config("tombstones: { enabled: false }")
                + "pipelines:\n  main: { source: gen, sink: memory }\n");

        assembler().assemble(config, config.pipeline("main").orElseThrow()).build();

        assertThat(legacy).doesNotExist();
        assertThat(stateDir.resolve("sources/gen/datagen-offset.json")).content().contains("\"seq\":99");
    }

    @Test
    void aSecondAssemblyOfTheSameSourceFailsWhileTheFirstHoldsItsStateAndWorksOnceItClosed() throws Exception {
        ToolkitConfig config = load(config("tombstones: { enabled: false }"));
        PipelineDefinition pipeline = config.pipelines().values().iterator().next();
        Pipeline first = assembler().assemble(config, pipeline).build();

        assertThatThrownBy(() -> assembler().assemble(config, pipeline))
                .isInstanceOf(StateInUseException.class)
                .hasMessageContaining("source 'gen' is already running (pid " + ProcessHandle.current().pid() + ")")
                .hasMessageContaining(stateDir.resolve("sources/gen").toString());

        assertThat(first.run().status()).isEqualTo(PipelineResult.Status.COMPLETED); // closes the source
        assertThat(assembler().assemble(config, pipeline).build()).isNotNull();
    }

    @Test
    void aStateDirThatCannotBeCreatedIsAConfigErrorAtStateDir() throws Exception {
        Files.writeString(stateDir.resolve("sources"), "a file where the folder should be");
        ToolkitConfig config = load(config("tombstones: { enabled: false }"));

        assertThatThrownBy(() -> assembler().assemble(config, config.pipelines().values().iterator().next()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.keyPath()).isEqualTo("state_dir");
                            assertThat(p.message()).contains("source 'gen'").contains(stateDir.resolve("sources/gen")
                                    .toString());
                        }));
    }

    @Test
    void theChainAloneHasTheStagesInRunOrderNamedAsConfiguredAndTakesNoLock() throws Exception {
        ToolkitConfig config = load(config("tombstones: { enabled: true }")
                + "pipelines:\n  p:\n    source: gen\n    sink: memory\n    transforms: [ { type: mark } ]\n");
        Path benchState = Files.createDirectories(stateDir.resolve("elsewhere"));

        try (AssembledChain chain = assembler().assembleChain(config, config.pipeline("p").orElseThrow(), benchState)) {
            assertThat(chain.stages()).extracting(ConfiguredStage::label)
                    .containsExactly("transforms[0] mark", "pipelines.p.transforms[0] mark", "cdc_features.tombstones");
            assertThat(chain.encoder()).isInstanceOf(JsonTestEncoder.class);
            // run can start meanwhile: the chain holds no lock on the source's state
            assertThat(assembler().assemble(config, config.pipeline("p").orElseThrow()).build().run().status())
                    .isEqualTo(PipelineResult.Status.COMPLETED);
        }
    }

    private String config(String cdcFeatures) {
        return """
                state_dir: %s
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: sequence
                      namespace: shop
                      stream_name: items
                      events_per_second: 0
                      max_events: 300
                      cdc_mode: true
                      transforms:
                        - type: mark
                      cdc_features:
                        %s
                sinks:
                  memory:
                    connector: memory
                """.formatted(stateDir, cdcFeatures);
    }

    private PipelineResult run(String yaml) throws Exception {
        ToolkitConfig config = load(yaml);
        return assembler().assemble(config, config.pipelines().values().iterator().next()).build().run();
    }

    private ToolkitConfig load(String yaml) throws ConfigException {
        return ConfigLoader.load(yaml, "test.yaml", catalog(), Map.of());
    }

    private PipelineAssembler assembler() {
        return new PipelineAssembler(catalog(), new SimpleMeterRegistry());
    }

    private ComponentCatalog catalog() {
        return ComponentCatalog.of(List.of(new DatagenSourceFactory()), List.of(new MemorySink()),
                List.of(new MarkTransform()), List.of(new JsonRegistry()));
    }

    /** {@code connector: memory}: the test's recording sink. */
    private final class MemorySink implements SinkFactory {
        @Override
        public ComponentSpec spec() {
            return new ComponentSpec(ComponentKind.SINK, "memory", "Records in memory", List.of());
        }

        @Override
        public Sink create(Options options, ComponentContext context) {
            return sink;
        }
    }

    /** {@code type: mark}: adds header seen=yes and remembers every event it saw. */
    private final class MarkTransform implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return new ComponentSpec(ComponentKind.TRANSFORM, "mark", "Marks events", List.of());
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            return new Stage() {
                @Override
                public String name() {
                    return "mark";
                }

                @Override
                public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
                    seenByTransform.add(event);
                    out.accept(event.withHeader("seen", "yes"));
                }
            };
        }
    }

    /** {@code mode: disabled}: the test JSON encoder. */
    private static final class JsonRegistry implements RegistryFactory {
        @Override
        public ComponentSpec spec() {
            return new ComponentSpec(ComponentKind.REGISTRY, "disabled", "JSON",
                    List.of(io.cdctoolkit.engine.spi.OptionSpec.string("format").build()));
        }

        @Override
        public Encoder create(Options options, ComponentContext context) {
            return new JsonTestEncoder();
        }
    }
}
