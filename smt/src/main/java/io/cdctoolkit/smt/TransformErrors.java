package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;

/**
 * Turns a transform's own exceptions into the pipeline's: {@link InvalidDataException} for an event
 * ({@code on_error} decides), {@link ConfigException} for a shape that {@code check} examines.
 */
public final class TransformErrors {

    private TransformErrors() {
    }

    /** A value of {@code event} could not be transformed; {@code side} prefixes the field ({@code after}) or is null. */
    public static InvalidDataException invalid(TransformContext context, ChangeEvent event, String side,
                                               FieldException e) {
        return new InvalidDataException(context.name(), event.table(), qualified(side, e.field()), e.reason(), e);
    }

    /** The transform does not fit the schema of {@code event} (a schema first met while running). */
    public static InvalidDataException invalid(TransformContext context, ChangeEvent event,
                                               SchemaMismatchException e) {
        return new InvalidDataException(context.name(), event.table(), e.field(),
                e.reason() + " (" + context.optionPath(e.option()) + ")", e);
    }

    /** The transform does not fit the schema of the shape's table: a config problem at the option's key path. */
    public static ConfigException config(TransformContext context, EventShape shape, SchemaMismatchException e) {
        return new ConfigException(context.optionPath(e.option()),
                context.name() + " does not fit table " + shape.table() + ": " + e.reason(),
                "fix the option, or restrict the transform with predicate: { tables: [...] }");
    }

    /** {@code side.field}, or the field alone. */
    public static String qualified(String side, String field) {
        if (side == null) return field;
        return field == null ? side : side + "." + field;
    }
}
