package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
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

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** For the cast and timestamp_converter tests: creates transforms the way a config does (by type name, through the catalog) and runs them on events. */
final class ConversionTransforms {

    static final TableId TABLE = new TableId("shop", "public", "orders");
    static final String KEY_PATH = "transforms[0]";
    static final RowSchema SOURCE = RowSchema.builder("source").required("table", FieldType.STRING).build();

    private static final ComponentCatalog CATALOG = ComponentCatalog.load();

    private ConversionTransforms() {
    }

    static TransformFactory factory(String type) {
        return CATALOG.transform(type).orElseThrow(() -> new AssertionError("no transform " + type));
    }

    /** The stage of {@code type} with {@code config}, as the pipeline creates it. */
    static Stage create(String type, Map<String, ?> config) throws ConfigException {
        TransformFactory factory = factory(type);
        Options options = Options.of(KEY_PATH + ".config", factory.spec().options(), config);
        List<ConfigProblem> problems = factory.validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return factory.create(options, null,
                new ComponentContext(factory.spec().name(), KEY_PATH, null, Path.of("."),
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    /** The problems {@code validate} reports for {@code config} (what every command shows at load). */
    static List<ConfigProblem> validate(String type, Map<String, ?> config) throws ConfigException {
        TransformFactory factory = factory(type);
        return factory.validate(Options.of(KEY_PATH + ".config", factory.spec().options(), config));
    }

    /** A flat event whose value is {@code row}. */
    static ChangeEvent flat(Row row) {
        return ChangeEvent.builder(TABLE, Op.CREATE, "t").value(row).build();
    }

    /** An event with {@code key} and {@code value}. */
    static ChangeEvent keyed(Row key, Row value) {
        return ChangeEvent.builder(TABLE, Op.CREATE, "t").key(key).value(value).build();
    }

    /** A change envelope of rows of {@code schema}. */
    static ChangeEvent envelope(RowSchema schema, Op op, Row before, Row after) {
        RowSchema envelope = Envelope.schema("shop.public.orders", schema, SOURCE);
        Row value = Envelope.row(envelope, before, after, Row.of(SOURCE, "orders"), op, Instant.EPOCH);
        return ChangeEvent.builder(TABLE, op, "t").value(value).build();
    }

    /** The single event {@code stage} emits for {@code event}. */
    static ChangeEvent apply(Stage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        if (out.size() != 1) throw new AssertionError("expected one event, got " + out.size());
        return out.get(0);
    }

    /** The output shape for {@code value} (and {@code key}), as check computes it. */
    static EventShape shape(Stage stage, RowSchema key, RowSchema value) throws ConfigException {
        List<EventShape> shapes = stage.outputShapes(new EventShape(TABLE, "t", key, value));
        if (shapes.size() != 1) throw new AssertionError("expected one shape, got " + shapes);
        return shapes.get(0);
    }
}
