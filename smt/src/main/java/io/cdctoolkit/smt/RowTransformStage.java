package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Inaction;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies a field-level {@link RowTransform} to events: to the key, to a flat value, or — while the
 * value is a change envelope — to its {@code before} and {@code after} rows (CDC-aware, unlike Kafka
 * Connect, whose field transforms see the envelope's top level only). One plan is compiled per input
 * schema and cached by identity; tombstones and events without the targeted part pass unchanged.
 */
public final class RowTransformStage implements Stage {

    /** Which part of the record the transform acts on (Kafka's {@code $Key} / {@code $Value}). */
    public enum Target {
        VALUE, KEY;

        /** The option spelling ({@code value}, {@code key}). */
        public static Target parse(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Which rows of an envelope the transform acts on. */
    public enum Sides {
        /** {@code before} and {@code after}. */
        BOTH,
        /** {@code after} only ({@code insert_field} without {@code apply_to_before}). */
        AFTER
    }

    private final TransformContext context;
    private final RowTransform transform;
    private final Target target;
    private final Sides sides;
    private final SchemaCache<Compiled> plans = SchemaCache.create();

    /**
     * @param context   the transform's name and key path
     * @param transform what it does to a row
     * @param target    key or value
     * @param sides     which envelope rows it changes
     */
    public RowTransformStage(TransformContext context, RowTransform transform, Target target, Sides sides) {
        this.context = context;
        this.transform = transform;
        this.target = target;
        this.sides = sides;
    }

    @Override
    public String name() {
        return context.name();
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
        Row part = target == Target.KEY ? event.key() : event.value();
        if (part == null) {
            out.accept(event);
            return;
        }
        Compiled compiled = plans.get(part.schema(), this::compile);
        Row changed = compiled.apply(part, event, context);
        out.accept(target == Target.KEY ? event.withKey(changed) : event.withValue(changed));
    }

    @Override
    public List<EventShape> outputShapes(EventShape input) throws ConfigException {
        RowSchema part = target == Target.KEY ? input.key() : input.value();
        if (part == null) return List.of(input);
        Compiled compiled = compile(part);
        if (compiled instanceof Mismatch m) throw TransformErrors.config(context, input, m.cause());
        RowSchema output = compiled.output();
        return List.of(target == Target.KEY ? input.withKey(output) : input.withValue(output));
    }

    /**
     * Whether the transform has anything to do on the shape's rows: not when its plan for them returns every row as it
     * is (a field list none of whose fields the table has, under {@code missing_fields: ignore}). A schema it does not
     * fit counts as acting: {@link #outputShapes} reports that.
     */
    @Override
    public boolean mayApplyTo(EventShape input) {
        RowSchema part = target == Target.KEY ? input.key() : input.value();
        if (part == null) return false;
        Compiled compiled = compile(part);
        if (compiled instanceof Flat flat) return !flat.plan().changesNothing();
        if (compiled instanceof Wrapped wrapped) {
            return !(wrapped.before().changesNothing() && wrapped.after().changesNothing());
        }
        return true;
    }

    @Override
    public Inaction inaction() {
        return transform.inaction();
    }

    private Compiled compile(RowSchema schema) {
        try {
            if (target == Target.VALUE && Envelope.isEnvelope(schema)) return envelope(schema);
            return new Flat(transform.compile(schema));
        } catch (SchemaMismatchException e) {
            return new Mismatch(e);
        }
    }

    private Compiled envelope(RowSchema envelope) throws SchemaMismatchException {
        RowSchema afterSchema = structSchema(envelope, Envelope.AFTER_INDEX);
        RowSchema beforeSchema = structSchema(envelope, Envelope.BEFORE_INDEX);
        RowPlan after = transform.compile(afterSchema);
        RowPlan before = sides == Sides.AFTER ? RowPlan.identity(beforeSchema)
                : beforeSchema == afterSchema || beforeSchema.equals(afterSchema) ? after
                : transform.compile(beforeSchema);
        List<Field> fields = new ArrayList<>(envelope.fields());
        fields.set(Envelope.BEFORE_INDEX, withStruct(envelope.field(Envelope.BEFORE_INDEX), before.output()));
        fields.set(Envelope.AFTER_INDEX, withStruct(envelope.field(Envelope.AFTER_INDEX), after.output()));
        return new Wrapped(RowSchema.of(envelope.name(), fields), before, after);
    }

    private static RowSchema structSchema(RowSchema envelope, int index) {
        return ((FieldType.Struct) envelope.field(index).type()).schema();
    }

    private static Field withStruct(Field field, RowSchema schema) {
        return new Field(field.name(), new FieldType.Struct(schema), field.optional(), null, field.doc());
    }

    /** What was compiled for one input schema. */
    private sealed interface Compiled permits Flat, Wrapped, Mismatch {
        RowSchema output();

        Row apply(Row part, ChangeEvent event, TransformContext context) throws InvalidDataException;
    }

    private record Flat(RowPlan plan) implements Compiled {
        @Override
        public RowSchema output() {
            return plan.output();
        }

        @Override
        public Row apply(Row part, ChangeEvent event, TransformContext context) throws InvalidDataException {
            try {
                return plan.apply(part, event);
            } catch (FieldException e) {
                throw TransformErrors.invalid(context, event, null, e);
            }
        }
    }

    private record Wrapped(RowSchema output, RowPlan before, RowPlan after) implements Compiled {
        @Override
        public Row apply(Row envelope, ChangeEvent event, TransformContext context) throws InvalidDataException {
            Object[] values = envelope.values();
            Row beforeRow = (Row) values[Envelope.BEFORE_INDEX];
            Row afterRow = (Row) values[Envelope.AFTER_INDEX];
            try {
                if (beforeRow != null) values[Envelope.BEFORE_INDEX] = before.apply(beforeRow, event);
            } catch (FieldException e) {
                throw TransformErrors.invalid(context, event, Envelope.BEFORE, e);
            }
            try {
                if (afterRow != null) values[Envelope.AFTER_INDEX] = after.apply(afterRow, event);
            } catch (FieldException e) {
                throw TransformErrors.invalid(context, event, Envelope.AFTER, e);
            }
            return Row.wrap(output, values);
        }
    }

    /** The transform does not fit this schema: every event of it goes to {@code on_error}. */
    private record Mismatch(SchemaMismatchException cause) implements Compiled {
        @Override
        public RowSchema output() {
            throw new IllegalStateException("no output schema: " + cause.getMessage());
        }

        @Override
        public Row apply(Row part, ChangeEvent event, TransformContext context) throws InvalidDataException {
            throw TransformErrors.invalid(context, event, cause);
        }
    }
}
