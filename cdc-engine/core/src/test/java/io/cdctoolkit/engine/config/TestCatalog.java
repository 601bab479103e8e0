package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.RegistryFactory;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkFactory;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;

import java.util.List;

/**
 * Small stand-in components (specs only) so config tests do not depend on the real connectors:
 * loading a config never creates components.
 */
final class TestCatalog {

    private TestCatalog() {
    }

    static final ComponentSpec DATAGEN = new ComponentSpec(ComponentKind.SOURCE, "datagen", "Synthetic data", List.of(
            OptionSpec.oneOf("pattern", "sequence", "users", "orders").defaultValue("orders").build(),
            OptionSpec.integer("events_per_second").defaultValue(10).min(0).doc("Events per second, 0 = unlimited").build(),
            OptionSpec.longValue("max_events").defaultValue(0L).build(),
            OptionSpec.longValue("seed").build(),
            OptionSpec.bool("cdc_mode").defaultValue(false).build(),
            OptionSpec.map("custom_fields").build()));

    static final ComponentSpec POSTGRES = new ComponentSpec(ComponentKind.SOURCE, "postgres-cdc", List.of("postgres"),
            "PostgreSQL logical replication", List.of(
            OptionSpec.string("host").required().build(),
            OptionSpec.integer("port").defaultValue(5432).build(),
            OptionSpec.string("database").required().build(),
            OptionSpec.string("user").build(),
            OptionSpec.string("password").secret().build(),
            OptionSpec.stringList("include_tables").aliases("table.include.list").build(),
            OptionSpec.map("column_filters").build(),
            OptionSpec.string("topic_routing").build(),
            OptionSpec.object("normalization",
                    OptionSpec.oneOf("case_conversion", "none", "lower", "snake_case").defaultValue("none").build(),
                    OptionSpec.bool("avro_compatible").defaultValue(false).build()).build()));

    static final ComponentSpec KAFKA = new ComponentSpec(ComponentKind.SINK, "kafka", "Kafka producer", List.of(
            OptionSpec.string("bootstrap_servers").required().aliases("bootstrap.servers").build(),
            OptionSpec.oneOf("acks", "0", "1", "all").defaultValue("all").build(),
            OptionSpec.map("producer").doc("Any producer property").build()));

    static final ComponentSpec STDOUT = new ComponentSpec(ComponentKind.SINK, "stdout", "Prints records", List.of(
            OptionSpec.bool("pretty").defaultValue(false).build()));

    static final ComponentSpec MASK = new ComponentSpec(ComponentKind.TRANSFORM, "mask_field",
            List.of("org.apache.kafka.connect.transforms.MaskField$Value"), "Masks fields", List.of(
            OptionSpec.stringList("fields").required().build(),
            OptionSpec.string("replacement").build()));

    static final ComponentSpec UNWRAP = new ComponentSpec(ComponentKind.TRANSFORM, "extract_new_record_state",
            "Flattens the envelope", List.of(
            OptionSpec.bool("add_table").defaultValue(false).build(),
            OptionSpec.bool("add_op").defaultValue(false).build()));

    static final ComponentSpec DISABLED = new ComponentSpec(ComponentKind.REGISTRY, "disabled", "Plain JSON",
            List.of());

    static final ComponentSpec EXTERNAL = new ComponentSpec(ComponentKind.REGISTRY, "external",
            "Confluent-compatible registry", List.of(
            OptionSpec.string("url").required().build(),
            OptionSpec.string("username").build(),
            OptionSpec.string("password").secret().build(),
            OptionSpec.oneOf("subject_strategy", "topic", "record", "topic_record").defaultValue("topic").build(),
            OptionSpec.bool("auto_register").defaultValue(true).build(),
            OptionSpec.oneOf("format", "avro", "protobuf", "json_schema").build()));

    static final ComponentSpec ENCRYPTION = new ComponentSpec(ComponentKind.FEATURE, "encryption",
            "Encrypts fields", List.of(
            FeatureFactory.ENABLED,
            OptionSpec.stringList("fields").required().build(),
            OptionSpec.string("key").secret().build(),
            OptionSpec.string("keyset").secret().build()));

    static final ComponentSpec DEDUPLICATION = new ComponentSpec(ComponentKind.FEATURE, "deduplication",
            "Drops replayed events", List.of(
            FeatureFactory.ENABLED,
            OptionSpec.oneOf("key", "position", "content").defaultValue("position").build(),
            OptionSpec.integer("ttl_seconds").defaultValue(3600).build()));

    static ComponentCatalog catalog() {
        return ComponentCatalog.of(List.of(new Source(DATAGEN), new Source(POSTGRES)),
                List.of(new SinkF(KAFKA), new SinkF(STDOUT)),
                List.of(new Transform(MASK), new Transform(UNWRAP)),
                List.of(new Registry(DISABLED), new Registry(EXTERNAL)),
                List.of(new Feature(ENCRYPTION), new Feature(DEDUPLICATION)));
    }

    private static UnsupportedOperationException notCreated() {
        return new UnsupportedOperationException("config tests never create components");
    }

    record Source(ComponentSpec spec) implements SourceFactory {
        @Override
        public CdcReader create(Options options, ComponentContext context) {
            throw notCreated();
        }
    }

    record SinkF(ComponentSpec spec) implements SinkFactory {
        @Override
        public Sink create(Options options, ComponentContext context) {
            throw notCreated();
        }
    }

    record Transform(ComponentSpec spec) implements TransformFactory {
        @Override
        public Stage create(Options options, ComponentContext context) {
            throw notCreated();
        }
    }

    record Feature(ComponentSpec spec) implements FeatureFactory {
        @Override
        public Stage create(Options options, ComponentContext context) {
            throw notCreated();
        }
    }

    record Registry(ComponentSpec spec) implements RegistryFactory {
        @Override
        public Encoder create(Options options, ComponentContext context) {
            throw notCreated();
        }
    }
}
