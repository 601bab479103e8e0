package io.cdctoolkit.engine.source.debezium;

/**
 * A column value the reader cannot represent exactly in its {@link io.cdctoolkit.engine.data.FieldType}
 * (PostgreSQL {@code 'infinity'}, a MySQL {@code TIME} of 24 h or more, …). The record becomes an
 * unreadable event for {@code on_error} instead of stopping the source.
 */
final class UnconvertibleValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final String reason;

    /**
     * @param column the column's path, e.g. {@code public.t.ends_at} (dotted further for nested values)
     * @param reason what is wrong with the value, without the path
     */
    UnconvertibleValueException(String column, String reason, Throwable cause) {
        super(column + ": " + reason, cause);
        this.column = column;
        this.reason = reason;
    }

    String column() {
        return column;
    }

    String reason() {
        return reason;
    }
}
