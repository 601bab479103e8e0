package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.MissingFieldHint;
import io.cdctoolkit.smt.SchemaMismatchException;
import io.cdctoolkit.smt.TransformContext;
import io.cdctoolkit.smt.TransformErrors;
import io.cdctoolkit.smt.field.FieldPath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Kafka's {@code ValueToKey}, CDC-aware: the key becomes a row of the named value fields, read from a
 * flat value, or — while the value is a change envelope — from {@code after}, or {@code before} when
 * there is no {@code after} (deletes). Tombstones and envelopes without rows (truncates) pass unchanged.
 * One {@link KeyPlan} is compiled per value schema.
 */
final class ValueToKey implements Stage {

    private final TransformContext context;
    private final List<String> fields;
    private final SchemaCache<Compiled> plans = SchemaCache.create();

    /**
     * @param context name and key path
     * @param fields  the value fields that make the key (dotted paths reach into nested rows)
     */
    ValueToKey(TransformContext context, List<String> fields) {
        this.context = context;
        this.fields = List.copyOf(fields);
    }

    @Override
    public String name() {
        return context.name();
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
        Row value = event.value();
        if (value == null) {
            out.accept(event);
            return;
        }
        Compiled compiled = plans.get(value.schema(), this::compile);
        if (compiled instanceof Mismatch m) throw TransformErrors.invalid(context, event, m.cause());
        Row key = ((Plans) compiled).key(value);
        out.accept(key == null ? event : event.withKey(key));
    }

    @Override
    public List<EventShape> outputShapes(EventShape input) throws ConfigException {
        if (input.isTombstone()) return List.of(input);
        Compiled compiled = compile(input.value());
        if (compiled instanceof Mismatch m) throw TransformErrors.config(context, input, m.cause());
        return List.of(input.withKey(((Plans) compiled).after().keySchema()));
    }

    private Compiled compile(RowSchema valueSchema) {
        try {
            if (!Envelope.isEnvelope(valueSchema)) {
                KeyPlan flat = KeyPlan.compile(valueSchema, fields);
                return new Plans(false, flat, flat);
            }
            RowSchema afterSchema = Envelope.rowSchema(valueSchema);
            RowSchema beforeSchema = ((FieldType.Struct) valueSchema.field(Envelope.BEFORE_INDEX).type()).schema();
            KeyPlan after = KeyPlan.compile(afterSchema, fields);
            KeyPlan before = beforeSchema == afterSchema || beforeSchema.equals(afterSchema) ? after
                    : KeyPlan.compile(beforeSchema, fields);
            return new Plans(true, after, before);
        } catch (SchemaMismatchException e) {
            return new Mismatch(e);
        }
    }

    private sealed interface Compiled permits Plans, Mismatch {
    }

    /** The key plans of one value schema: of the flat row, or of an envelope's after and before rows. */
    private record Plans(boolean envelope, KeyPlan after, KeyPlan before) implements Compiled {
        /** The key of {@code value}, or null when it has no row to take it from (a truncate). */
        Row key(Row value) {
            if (!envelope) return after.key(value);
            Row row = Envelope.after(value);
            if (row != null) return after.key(row);
            row = Envelope.before(value);
            return row == null ? null : before.key(row);
        }
    }

    /** The value schema lacks a named field: every event of it goes to {@code on_error}. */
    private record Mismatch(SchemaMismatchException cause) implements Compiled {
    }

    /**
     * The key of rows of one schema: the named fields' paths and the key schema.
     *
     * @param keySchema the key schema, named after the row schema with {@code .Key} for {@code .Value}
     * @param paths     where each key field is in the row
     */
    record KeyPlan(RowSchema keySchema, FieldPath[] paths) {

        static KeyPlan compile(RowSchema row, List<String> names) throws SchemaMismatchException {
            List<Field> keyFields = new ArrayList<>(names.size());
            FieldPath[] paths = new FieldPath[names.size()];
            Map<String, String> pathByKeyName = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                FieldPath path = FieldPath.resolve(row, name);
                if (path == null) {
                    throw new SchemaMismatchException("fields", name, "the value has no field '" + name
                            + "' (it has " + MissingFieldHint.fieldNames(row) + ")"
                            + MissingFieldHint.didYouMean(name, row));
                }
                String keyName = path.field().name();
                String clash = pathByKeyName.put(keyName, name);
                if (clash != null) {
                    throw new SchemaMismatchException("fields", name, "'" + clash + "' and '" + name
                            + "' would both be the key field '" + keyName + "'");
                }
                paths[i] = path;
                Field leaf = path.field();
                keyFields.add(new Field(keyName, leaf.type(), leaf.optional() || throughOptional(row, path),
                        leaf.defaultValue(), leaf.doc()));
            }
            return new KeyPlan(RowSchema.of(keySchemaName(row.name()), keyFields), paths);
        }

        /** Whether a row on the way to a nested field may be null (the key field then may be too). */
        private static boolean throughOptional(RowSchema row, FieldPath path) {
            RowSchema current = row;
            for (int level = 0; level < path.depth() - 1; level++) {
                Field f = current.field(path.index(level));
                if (f.optional()) return true;
                current = ((FieldType.Struct) f.type()).schema();
            }
            return false;
        }

        /**
         * {@code db.public.users.Value} → {@code db.public.users.Key}: the name Debezium gives the table's
         * key schema, so the registry subject {@code <topic>-key} keeps one record name. Kafka's key schema
         * has no name, which Avro cannot register.
         */
        static String keySchemaName(String rowSchemaName) {
            return rowSchemaName.endsWith(".Value")
                    ? rowSchemaName.substring(0, rowSchemaName.length() - ".Value".length()) + ".Key"
                    : rowSchemaName + ".Key";
        }

        Row key(Row row) {
            Object[] values = new Object[paths.length];
            for (int i = 0; i < paths.length; i++) values[i] = paths[i].get(row);
            return Row.wrap(keySchema, values);
        }
    }
}
