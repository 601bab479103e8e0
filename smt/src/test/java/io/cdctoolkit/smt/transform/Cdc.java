package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code shop.public.users} table with a nested, optional {@code address} row, its change envelopes,
 * and helpers to create a transform from a config map (as the config loader does) and run it.
 */
final class Cdc {

    static final TableId USERS = new TableId("shop", "public", "users");
    static final String TOPIC = "pg.public.users";
    static final String KEY_PATH = "sources.pg.config.transforms[0]";

    static final RowSchema ADDRESS = RowSchema.builder("pg.public.users.Value.address")
            .required("city", FieldType.STRING).optional("zip", FieldType.STRING).build();
    static final RowSchema ROW = RowSchema.builder("pg.public.users.Value")
            .required("id", FieldType.INT64)
            .required("name", FieldType.STRING)
            .optional("email", FieldType.STRING)
            .optional("address", new FieldType.Struct(ADDRESS))
            .build();
    static final RowSchema KEY = RowSchema.builder("pg.public.users.Key").required("id", FieldType.INT64).build();
    static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("connector", FieldType.STRING).required("db", FieldType.STRING)
            .optional("schema", FieldType.STRING).required("table", FieldType.STRING)
            .optional("lsn", FieldType.INT64).required("ts_ms", FieldType.INT64).build();
    static final RowSchema ENVELOPE = Envelope.schema("pg.public.users", ROW, SOURCE);

    static final long SOURCE_TS = 1_714_557_600_000L;
    static final Instant PROCESSED = Instant.ofEpochMilli(SOURCE_TS + 5);

    private Cdc() {
    }

    static Row row(long id, String name) {
        return Row.of(ROW, id, name, name.toLowerCase(java.util.Locale.ROOT) + "@example.com",
                Row.of(ADDRESS, "Oslo", null));
    }

    static Row source(long lsn) {
        return Row.of(SOURCE, "postgresql", "shop", "public", "users", lsn, SOURCE_TS);
    }

    static ChangeEvent event(Op op, Row before, Row after) {
        long id = (Long) (after != null ? after : before != null ? before : row(0, "x")).get(0);
        return ChangeEvent.builder(USERS, op, TOPIC)
                .key(op == Op.TRUNCATE ? null : Row.of(KEY, id))
                .value(Envelope.row(ENVELOPE, before, after, source(42), op, PROCESSED))
                .headers(Headers.EMPTY.with("trace", "t-1"))
                .build();
    }

    static ChangeEvent insert(long id, String name) {
        return event(Op.CREATE, null, row(id, name));
    }

    static ChangeEvent delete(long id, String name) {
        return event(Op.DELETE, row(id, name), null);
    }

    static ChangeEvent tombstone(long id) {
        return ChangeEvent.builder(USERS, Op.DELETE, TOPIC).key(Row.of(KEY, id))
                .headers(Headers.EMPTY.with("trace", "t-1")).build();
    }

    static ChangeEvent truncate() {
        return event(Op.TRUNCATE, null, null);
    }

    /** The transform of {@code factory} with {@code config}, created as the config loader does. */
    static Stage create(TransformFactory factory, Map<String, ?> config) throws ConfigException {
        Options options = Options.of(KEY_PATH + ".config", factory.spec().options(), config);
        List<ConfigProblem> problems = factory.validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return factory.create(options, null, new ComponentContext(factory.spec().name(), KEY_PATH, null, java.nio.file.Path.of("target", "state"),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    /** What {@code stage} emits for {@code event}, in order. */
    static List<ChangeEvent> run(Stage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        return out;
    }
}
