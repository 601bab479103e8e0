package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.engine.source.datagen.DatagenSourceFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformChainTest {

    private static final TableId ORDERS = new TableId("shop", "public", "orders");
    private static final TableId ITEMS = new TableId("shop", "public", "items");
    private static final RowSchema KEY = RowSchema.of("key", Field.required("id", FieldType.INT64));
    private static final RowSchema ORDER = RowSchema.of("order", Field.required("id", FieldType.INT64),
            Field.optional("name", FieldType.STRING), Field.optional("total", FieldType.FLOAT64));
    private static final RowSchema ITEM = RowSchema.of("item", Field.required("id", FieldType.INT64),
            Field.optional("sku", FieldType.STRING));

    @TempDir
    Path stateDir;

    private final ShapeTestTransforms transforms = new ShapeTestTransforms();

    @Test
    void sourceTransformsRunBeforeThePipelinesAndTheTableLeavesWithTheirSchemaAndTopic() throws Exception {
        ToolkitConfig config = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - { type: rename, config: { from: name, to: full_name } }
                sinks:
                  out: { connector: memory }
                pipelines:
                  p:
                    source: gen
                    sink: out
                    transforms:
                      - { type: rename, config: { from: full_name, to: customer } }
                      - { type: route, config: { prefix: "cdc." } }
                """);

        ChainShapes shapes = shapes(config, "p", orders());

        assertThat(shapes.problems()).isEmpty();
        assertThat(shapes.input()).isEqualTo(EventShape.of(orders()));
        // The pipeline's rename sees the source's output (full_name), so order matters.
        assertThat(shapes.outputs()).containsExactly(new EventShape(ORDERS, "cdc.orders", KEY,
                RowSchema.of("order", Field.required("id", FieldType.INT64), Field.optional("customer", FieldType.STRING),
                        Field.optional("total", FieldType.FLOAT64))));
        assertThat(shapes.topics()).containsExactly("cdc.orders");
    }

    @Test
    void aTransformThatDoesNotFitATableIsReportedAtItsKeyPathNamingThatTableOnly() throws Exception {
        ToolkitConfig config = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - { type: route, config: { prefix: "x." } }
                        - { type: rename, config: { from: sku, to: code } }
                sinks:
                  out: { connector: memory }
                pipelines:
                  p:
                    source: gen
                    sink: out
                    transforms:
                      - { type: rename, config: { from: total, to: amount } }
                """);

        ChainShapes orders = shapes(config, "p", orders());
        ChainShapes items = shapes(config, "p", items());

        assertThat(orders.problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("sources.gen.config.transforms[1].config.from");
        assertThat(orders.problems().get(0).message()).contains("table " + ORDERS).contains("'sku'");
        assertThat(orders.outputs()).isEmpty();
        assertThat(orders.dropsAll()).as("a misfit is not a drop").isFalse();
        // items has sku but no total: the pipeline's transform is the one that does not fit.
        assertThat(items.problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("pipelines.p.transforms[0].config.from");
        assertThat(items.problems().get(0).message()).contains("table " + ITEMS).doesNotContain(ORDERS.toString());
    }

    @Test
    void everyShapeIsFollowedSoEveryMisfitIsReportedAndABugIsReportedNotThrown() throws Exception {
        ToolkitConfig config = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - { type: with_tombstone }
                        - { type: rename, config: { from: nope, to: x } }
                        - { type: broken }
                sinks:
                  out: { connector: memory }
                """);

        ChainShapes shapes = shapes(config, "gen", orders());

        // The tombstone passes rename (no value) and meets the broken transform; the row does not fit rename.
        assertThat(shapes.problems()).extracting(ConfigProblem::keyPath).containsExactly(
                "sources.gen.config.transforms[1].config.from", "sources.gen.config.transforms[2]");
        assertThat(shapes.problems().get(1).message()).contains("table " + ORDERS).contains("broken");
    }

    @Test
    void aFanOutKeepsEveryShapeAndADropLeavesNone() throws Exception {
        ToolkitConfig fanOut = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - { type: with_tombstone }
                        - { type: route, config: { prefix: "a." } }
                sinks:
                  out: { connector: memory }
                """);
        ToolkitConfig dropped = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - { type: with_tombstone }
                        - { type: drop }
                        - { type: rename, config: { from: nope, to: x } }
                sinks:
                  out: { connector: memory }
                """);

        ChainShapes two = shapes(fanOut, "gen", orders());
        ChainShapes none = shapes(dropped, "gen", orders());

        assertThat(two.outputs()).containsExactly(new EventShape(ORDERS, "a.orders", KEY, ORDER),
                new EventShape(ORDERS, "a.orders", KEY, null));
        assertThat(two.outputs().get(1).isTombstone()).isTrue();
        assertThat(two.topics()).containsExactly("a.orders");
        // Nothing reaches the rename after the drop, so it cannot misfit.
        assertThat(none.outputs()).isEmpty();
        assertThat(none.problems()).isEmpty();
        assertThat(none.dropsAll()).isTrue();
    }

    @Test
    void everyTransformThatCannotBeCreatedIsReportedAndTheCreatedOnesAreClosed() throws Exception {
        ToolkitConfig config = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - { type: picky, config: { level: -1 } }
                        - { type: route, config: { prefix: "a." } }
                        - { type: picky, config: { level: -2 } }
                sinks:
                  out: { connector: memory }
                """);

        assertThatThrownBy(() -> chain(config, "gen")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).extracting(ConfigProblem::keyPath).containsExactly(
                        "sources.gen.config.transforms[0].config.level",
                        "sources.gen.config.transforms[2].config.level"));
        assertThat(transforms.created.get()).isEqualTo(1);
        assertThat(transforms.closed.get()).isEqualTo(1);
    }

    @Test
    void closingTheChainClosesEveryStage() throws Exception {
        ToolkitConfig config = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms: [ { type: drop }, { type: with_tombstone } ]
                sinks:
                  out: { connector: memory }
                """);

        chain(config, "gen").close();

        assertThat(transforms.created.get()).isEqualTo(2);
        assertThat(transforms.closed.get()).isEqualTo(2);
    }

    @Test
    void aSourcesEventsGoThroughItsOwnTransformsThenThoseOfThePipelineThatReadsIt() throws Exception {
        ToolkitConfig config = load("""
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms: [ { type: drop } ]
                  idle:
                    connector: datagen
                    config:
                      transforms: [ { type: with_tombstone } ]
                sinks:
                  out: { connector: memory }
                pipelines:
                  p: { source: gen, sink: out, transforms: [ { type: route, config: { prefix: "b." } } ] }
                """);

        assertThat(TransformChain.definitions(config, config.source("gen").orElseThrow()))
                .extracting(TransformDefinition::keyPath)
                .containsExactly("sources.gen.config.transforms[0]", "pipelines.p.transforms[0]");
        assertThat(TransformChain.definitions(config, config.source("idle").orElseThrow()))
                .extracting(TransformDefinition::keyPath).containsExactly("sources.idle.config.transforms[0]");
    }

    private static TableSchemas orders() {
        return new TableSchemas(ORDERS, "orders", KEY, ORDER);
    }

    private static TableSchemas items() {
        return new TableSchemas(ITEMS, "items", KEY, ITEM);
    }

    private ChainShapes shapes(ToolkitConfig config, String pipeline, TableSchemas schemas) throws ConfigException {
        try (TransformChain chain = chain(config, pipeline)) {
            return chain.shapes(schemas);
        }
    }

    private TransformChain chain(ToolkitConfig config, String pipeline) throws ConfigException {
        PipelineDefinition p = config.pipeline(pipeline).orElseThrow();
        return TransformChain.create(catalog(), TransformChain.definitions(config.source(p.source()).orElseThrow(), p),
                t -> new ComponentContext(t.type(), t.keyPath(), null, stateDir, new SimpleMeterRegistry()));
    }

    private ToolkitConfig load(String yaml) throws ConfigException {
        return ConfigLoader.load(yaml, "test.yaml", catalog(), Map.of());
    }

    private ComponentCatalog catalog() {
        return ComponentCatalog.of(List.of(new DatagenSourceFactory()), List.of(new TestCatalog.SinkF(
                new io.cdctoolkit.engine.spi.ComponentSpec(io.cdctoolkit.engine.spi.ComponentKind.SINK, "memory",
                        "unused", List.of()))), transforms.all(), List.of());
    }
}
