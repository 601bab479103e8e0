package io.cdctoolkit.engine.source.postgres.pgoutput;

/** A column value its field type cannot hold: the event becomes unreadable, naming the column. */
final class UnreadableColumn extends Exception {

    private final String column;

    UnreadableColumn(String column, String reason) {
        super(reason, null, false, false);
        this.column = column;
    }

    String column() {
        return column;
    }
}
