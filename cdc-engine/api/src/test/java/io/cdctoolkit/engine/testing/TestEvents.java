package io.cdctoolkit.engine.testing;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Envelope events for a small {@code shop.public.users(id int64 key, name string, email string?)}
 * table, each with a position {@code lsn=<n>}. By convention the helpers that take only an id use
 * the id as the lsn, so positions and ids read alike in assertions.
 */
public final class TestEvents {

    public static final TableId USERS = new TableId("shop", "public", "users");
    public static final String TOPIC = "shop.public.users";

    public static final RowSchema KEY_SCHEMA = RowSchema.builder("shop.public.users.Key")
            .required("id", FieldType.INT64)
            .build();
    public static final RowSchema ROW_SCHEMA = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64)
            .required("name", FieldType.STRING)
            .optional("email", FieldType.STRING)
            .build();
    public static final RowSchema SOURCE_SCHEMA = RowSchema.builder("io.cdctoolkit.test.Source")
            .required("connector", FieldType.STRING)
            .required("db", FieldType.STRING)
            .required("table", FieldType.STRING)
            .required("lsn", FieldType.INT64)
            .build();
    public static final RowSchema ENVELOPE_SCHEMA = Envelope.schema("shop.public.users", ROW_SCHEMA, SOURCE_SCHEMA);

    private static final Instant BASE_TIME = Instant.parse("2024-01-31T12:00:00Z");

    private TestEvents() {
    }

    /** The position {@code lsn=<lsn>}. */
    public static SourcePosition position(long lsn) {
        return SourcePosition.of(Map.of("lsn", lsn));
    }

    /** The lsn of a position made by {@link #position(long)}. */
    public static long lsn(SourcePosition position) {
        return ((Number) position.offset().get("lsn")).longValue();
    }

    /** The lsns of the given positions, in order. */
    public static List<Long> lsns(List<SourcePosition> positions) {
        List<Long> result = new ArrayList<>(positions.size());
        for (SourcePosition p : positions) result.add(lsn(p));
        return result;
    }

    public static Row key(long id) {
        return Row.of(KEY_SCHEMA, id);
    }

    public static Row row(long id, String name) {
        return Row.of(ROW_SCHEMA, id, name, name.toLowerCase(java.util.Locale.ROOT) + "@example.com");
    }

    /** An insert of user {@code id} at {@code lsn=id}. */
    public static ChangeEvent insert(long id, String name) {
        return insert(id, name, id);
    }

    public static ChangeEvent insert(long id, String name, long lsn) {
        return event(Op.CREATE, id, null, row(id, name), lsn);
    }

    public static ChangeEvent update(long id, String oldName, String newName, long lsn) {
        return event(Op.UPDATE, id, row(id, oldName), row(id, newName), lsn);
    }

    public static ChangeEvent delete(long id, String name, long lsn) {
        return event(Op.DELETE, id, row(id, name), null, lsn);
    }

    /** Inserts of users 1..count (named {@code user<id>}) at lsn 1..count. */
    public static List<ChangeEvent> inserts(int count) {
        List<ChangeEvent> events = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) events.add(insert(id, "user" + id));
        return events;
    }

    /** The user id in an event's key. */
    public static long id(ChangeEvent event) {
        return (Long) event.key().get(0);
    }

    private static ChangeEvent event(Op op, long id, Row before, Row after, long lsn) {
        Row source = Row.of(SOURCE_SCHEMA, "test", "shop", "users", lsn);
        Instant ts = BASE_TIME.plusMillis(lsn);
        return ChangeEvent.builder(USERS, op, TOPIC)
                .key(key(id))
                .value(Envelope.row(ENVELOPE_SCHEMA, before, after, source, op, ts))
                .position(position(lsn))
                .sourceTimestamp(ts)
                .build();
    }
}
