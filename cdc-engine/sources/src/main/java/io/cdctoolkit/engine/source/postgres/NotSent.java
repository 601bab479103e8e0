package io.cdctoolkit.engine.source.postgres;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;

/**
 * What the toolkit's Debezium converters put where PostgreSQL sent no value for a NOT NULL column:
 * in the old row of a delete, or of an update that changes the key, of a table without
 * {@code REPLICA IDENTITY FULL}, every column outside the identity is NULL. Connect refuses a null
 * in a required field, and Debezium then stops the whole connector, so a converter must put
 * something there; Debezium's own converters put a type fallback ({@code ""}, {@code 0}). Ours put a
 * text the reader refuses (not a number, time or array element), and the reader does not read those
 * columns of such before images at all ({@code BeforeImage}): should it ever read one, the event is
 * unreadable, never a made-up value.
 */
final class NotSent {

    /** The marker text: no number, time or date parses from it. */
    static final String TEXT = "(no value: PostgreSQL sent none for this NOT NULL column, as in the old row"
            + " of a table without REPLICA IDENTITY FULL)";

    private NotSent() {
    }

    /**
     * {@code converter}, except that a null for a NOT NULL {@code column} gives {@code marker}; a
     * nullable column keeps its nulls. Either way {@code converter} never sees a null: Debezium
     * passes a nullable column's NULLs to custom converters too, and one that threw on them (the
     * temporal ones did) had Debezium log a warning with a stack trace for every such value.
     */
    static CustomConverter.Converter orMarker(RelationalColumn column, Object marker, CustomConverter.Converter converter) {
        Object forNull = column.isOptional() ? null : marker;
        return value -> value == null ? forNull : converter.convert(value);
    }
}
