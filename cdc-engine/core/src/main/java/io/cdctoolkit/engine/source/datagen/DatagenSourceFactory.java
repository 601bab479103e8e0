package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code datagen} source: synthetic, reproducible change events for tests, demos and benchmarks
 * (docs/datagen.md). Events go to the source's {@code topic}, else to a topic named after
 * {@code stream_name}; their table is {@code <namespace>.<stream_name>}.
 */
public final class DatagenSourceFactory implements SourceFactory, io.cdctoolkit.engine.spi.TableSchemaInspector {

    /** Seed used when the config gives none, so runs are reproducible unless the user asks otherwise. */
    public static final long DEFAULT_SEED = 42L;

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SOURCE, "datagen",
            "Synthetic data generator for testing and demos: seven fixed row patterns with primary keys, "
                    + "byte-identical output for equal seeds, and an optional insert/update/delete (cdc_mode) stream.",
            List.of(
                    OptionSpec.oneOf("pattern", DatagenPattern.NAMES.toArray(String[]::new)).defaultValue("random")
                            .doc("Row shape: sequence, random, users, orders, events, metrics or key_value "
                                    + "(schemas in docs/datagen.md)")
                            .example("orders").build(),
                    OptionSpec.integer("events_per_second").defaultValue(10).min(0)
                            .doc("Emission rate; 0 = as fast as the pipeline takes them").example(100).build(),
                    OptionSpec.longValue("max_events").defaultValue(0L).min(0)
                            .doc("Length of the stream (sequence numbers 0 .. max_events-1, counted across "
                                    + "restarts); 0 = unlimited").example(10_000L).build(),
                    OptionSpec.string("stream_name").defaultValue("datagen").notBlank()
                            .doc("Table name of the events, and their topic when the source sets no topic")
                            .example("orders").build(),
                    OptionSpec.string("namespace").defaultValue("datagen").notBlank()
                            .doc("Database name of the events' table (namespace.stream_name)").example("demo").build(),
                    OptionSpec.bool("include_sequence").defaultValue(true)
                            .doc("Add column _sequence (int64): the sequence number of the event that wrote the row")
                            .example(true).build(),
                    OptionSpec.bool("include_timestamp").defaultValue(true)
                            .doc("Add column _timestamp (timestamp-tz): the deterministic event time of that event")
                            .example(true).build(),
                    OptionSpec.map("custom_fields")
                            .doc("Constant columns added to every row, in this order; type from the value "
                                    + "(string, int64, float64, boolean, json for lists/mappings)")
                            .example(customFieldsExample()).build(),
                    OptionSpec.longValue("seed").defaultValue(DEFAULT_SEED)
                            .doc("Seed of the random generator; equal seeds and options give byte-identical output")
                            .example(12_345L).build(),
                    OptionSpec.bool("cdc_mode").defaultValue(false)
                            .doc("Generate inserts, updates and deletes (60/30/10 %) of live rows instead of reads")
                            .example(true).build(),
                    OptionSpec.bool("resume").defaultValue(false)
                            .doc("On start, continue after the last committed position (as a database source does); "
                                    + "false (default) = start over at seq 0 on every run, so the same config prints "
                                    + "the same events every time")
                            .example(true).build()));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public CdcReader create(Options options, ComponentContext context) throws ConfigException {
        DatagenSettings settings = DatagenSettings.from(options);
        return create(settings, options.keyPath(), context, Pacer.system(settings.eventsPerSecond()));
    }

    /**
     * The schemas of the one table the options generate ({@code namespace.stream_name}): the
     * pattern fixes them, and they come from the same layout and assembler the reader uses.
     */
    @Override
    public io.cdctoolkit.engine.spi.TableSchemas tableSchemas(Options options, ComponentContext context, TableId table)
            throws ConfigException {
        DatagenSettings settings = DatagenSettings.from(options);
        TableId generated = new TableId(settings.namespace(), null, settings.streamName());
        if (!generated.equals(table)) {
            throw new ConfigException(options.keyPath() + ".stream_name", "source '" + context.name()
                    + "' generates table " + generated + ", not " + table, "name " + generated);
        }
        RowLayout layout = RowLayout.create(DatagenPattern.forName(settings.pattern(), settings.seed()), settings,
                options.keyPath());
        EventAssembler assembler = new EventAssembler(layout, generated, topic(settings, context), context.name());
        return new io.cdctoolkit.engine.spi.TableSchemas(generated, topic(settings, context), layout.keySchema(),
                assembler.envelopeSchema());
    }

    /** The one generated table, {@code namespace.stream_name}: known without any database. */
    @Override
    public List<TableId> fixedTables(Options options) throws ConfigException {
        DatagenSettings settings = DatagenSettings.from(options);
        return List.of(new TableId(settings.namespace(), null, settings.streamName()));
    }

    private static String topic(DatagenSettings settings, ComponentContext context) {
        return context.defaultTopic() != null ? context.defaultTopic() : settings.streamName();
    }

    /** Builds the reader; tests inject the pacer. */
    static DatagenReader create(DatagenSettings settings, String keyPath, ComponentContext context, Pacer pacer)
            throws ConfigException {
        DatagenPattern pattern = DatagenPattern.forName(settings.pattern(), settings.seed());
        RowLayout layout = RowLayout.create(pattern, settings, keyPath);
        String topic = topic(settings, context);
        TableId table = new TableId(settings.namespace(), null, settings.streamName());
        ChangeGenerator generator = new ChangeGenerator(pattern, layout,
                EventClock.forRate(settings.eventsPerSecond()), settings.cdcMode(), settings.seed(),
                LiveKeyPool.DEFAULT_CAPACITY);
        return new DatagenReader(settings, generator, new EventAssembler(layout, table, topic, context.name()),
                new OffsetFile(context.stateDir()), pacer);
    }

    private static Map<String, Object> customFieldsExample() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("env", "test");
        example.put("version", 1);
        return example;
    }
}
