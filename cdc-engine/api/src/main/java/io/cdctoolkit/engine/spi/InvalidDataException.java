package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.TableId;

/**
 * An event that cannot be transformed, encoded or accepted by the sink. The pipeline's
 * {@code on_error} policy decides what happens to it (skip, stop, dead_letter); the fields say where
 * it failed so the reason can travel with a dead-lettered record.
 */
public class InvalidDataException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String stage;
    private final TableId table;
    private final String field;

    /**
     * @param stage   the stage, encoder or sink that rejected the event (e.g. {@code cast})
     * @param table   the event's table, or null when unknown
     * @param field   the field at fault, or null
     * @param message what is wrong, for a person to read
     */
    public InvalidDataException(String stage, TableId table, String field, String message) {
        this(stage, table, field, message, null);
    }

    public InvalidDataException(String stage, TableId table, String field, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.table = table;
        this.field = field;
    }

    public String stage() {
        return stage;
    }

    public TableId table() {
        return table;
    }

    public String field() {
        return field;
    }

    /** The bare reason, without stage/table/field. */
    public String reason() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (stage != null) sb.append(stage).append(": ");
        if (table != null) sb.append("table ").append(table).append(": ");
        if (field != null) sb.append("field '").append(field).append("': ");
        return sb.append(super.getMessage()).toString();
    }
}
