package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds transforms the way the config loader does (by name through the catalog, or from a factory)
 * and events to feed them.
 */
final class Transforms {

    static final TableId TABLE = new TableId("shop", "public", "users");
    static final String TOPIC = "shop.public.users";
    /** The entry of transforms created by name. */
    static final String KEY_PATH = "sources.pg.config.transforms[0]";
    /** The entry of transforms created from a factory. */
    static final String ENTRY_PATH = "transforms[0]";
    static final Instant SOURCE_TS = Instant.parse("2024-05-01T10:00:00.123456Z");
    static final SourcePosition POSITION = SourcePosition.of(Map.of("lsn", 2345L));
    static final RowSchema SOURCE = RowSchema.builder("io.cdctoolkit.test.Source")
            .required("db", FieldType.STRING).required("table", FieldType.STRING).build();

    private static final ComponentCatalog CATALOG = ComponentCatalog.load();

    private Transforms() {
    }

    static TransformFactory factory(String type) {
        return CATALOG.transform(type).orElseThrow(() -> new AssertionError("no transform " + type));
    }

    /** The transform {@code type} with {@code config}, as the loader creates it (validate, then create). */
    static Stage create(String type, Map<String, ?> config) throws ConfigException {
        TransformFactory factory = factory(type);
        Options options = Options.of(KEY_PATH + ".config", factory.spec().options(), config);
        List<ConfigProblem> problems = factory.validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return factory.create(options, null, new ComponentContext(factory.spec().name(), KEY_PATH, null,
                Path.of("target"), new SimpleMeterRegistry()));
    }

    /** The factory's transform at {@link #ENTRY_PATH}, without load-time validation. */
    static Stage create(TransformFactory factory, Map<String, ?> config) throws ConfigException {
        return create(factory, config, null);
    }

    /** The factory's transform at {@link #ENTRY_PATH} with a predicate (or null), without load-time validation. */
    static Stage create(TransformFactory factory, Map<String, ?> config, Map<String, ?> predicate)
            throws ConfigException {
        Options options = options(factory, config);
        Options predicateOptions = predicate == null ? null
                : Options.of(ENTRY_PATH + ".predicate", TransformFactory.PREDICATE_OPTIONS, predicate);
        return factory.create(options, predicateOptions, new ComponentContext(factory.spec().name(), ENTRY_PATH, null,
                Path.of("."), new SimpleMeterRegistry()));
    }

    static Options options(TransformFactory factory, Map<String, ?> config) throws ConfigException {
        return Options.of(ENTRY_PATH + ".config", factory.spec().options(), config);
    }

    /** What the factory's load-time validation reports. */
    static List<ConfigProblem> validate(TransformFactory factory, Map<String, ?> config) throws ConfigException {
        return factory.validate(options(factory, config));
    }

    /** The output shapes for a flat value of {@code schema} (what check sees). */
    static List<EventShape> shapes(Stage stage, RowSchema value) throws ConfigException {
        return stage.outputShapes(new EventShape(TABLE, TOPIC, null, value));
    }

    static RowSchema envelopeSchema(RowSchema row) {
        return Envelope.schema("shop.public.users", row, SOURCE);
    }

    static ChangeEvent flat(Row value) {
        return event(Op.CREATE, null, value);
    }

    static ChangeEvent event(Op op, Row key, Row value) {
        return ChangeEvent.builder(TABLE, op, TOPIC).key(key).value(value).position(POSITION)
                .sourceTimestamp(SOURCE_TS).build();
    }

    /** A change envelope of {@code op} with the given rows (either may be null). */
    static ChangeEvent envelope(Op op, RowSchema row, Row before, Row after) {
        Row source = Row.of(SOURCE, "shop", "users");
        return event(op, null, Envelope.row(envelopeSchema(row), before, after, source, op, SOURCE_TS));
    }

    static ChangeEvent tombstone(Row key) {
        return event(Op.DELETE, key, null);
    }

    /** Every event {@code stage} emits for {@code event}. */
    static List<ChangeEvent> run(Stage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        return out;
    }

    /** The single event {@code stage} emits for {@code event}. */
    static ChangeEvent one(Stage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = run(stage, event);
        if (out.size() != 1) throw new AssertionError("expected one event, got " + out);
        return out.get(0);
    }
}
