package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;

import java.nio.charset.StandardCharsets;

/**
 * Everything needed to turn one table version's rows (pgoutput tuples, text or binary, and binary
 * COPY rows) into {@link Row}s, compiled once per Relation message (or per table for the
 * snapshot): per column its decoder and target field, the row, key and envelope schemas, the topic,
 * and what the table's before images carry. Built by {@link RelationPlans}.
 *
 * @param columnNames   the relation's columns, in the order tuples carry them
 * @param types         per relation column, how to read it
 * @param rowIndex      per relation column, its field in the row schema, or -1 when column-filtered out
 * @param keyColumns    per key field, the relation column it comes from (empty: the table has no key)
 * @param beforeImage   'f' before images carry every column, 'k' only the identity columns (the server
 *                      sends them as such), 'n' no before image at all
 * @param dataCollection the table as the Debezium engine names it in transaction metadata ({@code schema.table})
 * @param enumColumns   the relation columns of an enum or enum-array type (see {@link EnumLabels})
 * @param generatedColumns whether a relation column is a stored generated one (published on PostgreSQL 18 when the
 *                      publication says so): COPY refuses those in its column list, so the snapshot copies a SELECT
 * @param rowFilter     the publication's row filter on the table (SQL over its columns), which the snapshot's COPY
 *                      applies as the stream does; null: every row (and in a plan for streamed changes)
 */
record RelationPlan(TableId table, String topic, RowSchema rowSchema, RowSchema keySchema, RowSchema envelopeSchema,
                    String[] columnNames, ColumnType[] types, int[] rowIndex, int[] keyColumns, char beforeImage,
                    String dataCollection, int[] enumColumns, boolean generatedColumns, String rowFilter) {

    /**
     * Decodes a tuple's values per relation column; unchanged TOASTed values become the column
     * type's placeholder (as with the Debezium engine) or make the row unreadable.
     */
    Object[] decode(TupleData tuple) throws UnreadableColumn {
        return decode(tuple, null, null);
    }

    /**
     * Decodes a new row whose unchanged TOASTed values are taken from the old row where the server sent them
     * (REPLICA IDENTITY FULL sends the whole old row, TOASTed values included), as the Debezium engine does;
     * only where the old row does not have them do they become the placeholder.
     *
     * @param old       the update's old row as sent, or null
     * @param oldValues {@code old} decoded, or null
     */
    Object[] decode(TupleData tuple, TupleData old, Object[] oldValues) throws UnreadableColumn {
        Object[] values = new Object[columnNames.length];
        for (int i = 0; i < values.length && i < tuple.size(); i++) {
            byte kind = tuple.kinds()[i];
            if (kind == TupleData.NULL) continue;
            if (kind == TupleData.UNCHANGED_TOAST) {
                if (rowIndex[i] < 0) continue;
                if (oldValues != null && i < old.size()
                        && (old.kinds()[i] == TupleData.TEXT || old.kinds()[i] == TupleData.BINARY)) {
                    values[i] = oldValues[i];
                    continue;
                }
                Object marker = types[i].toastMarker();
                if (marker == null) {
                    throw new UnreadableColumn(columnNames[i], "an unchanged TOASTed value: PostgreSQL did not send"
                            + " it (the table has no REPLICA IDENTITY FULL) and a " + types[i].type()
                            + " field has no placeholder for it");
                }
                values[i] = marker;
                continue;
            }
            values[i] = kind == TupleData.BINARY ? decodeBinary(i, tuple.values()[i])
                    : decode(i, new String(tuple.values()[i], StandardCharsets.UTF_8));
        }
        return values;
    }

    private Object decode(int column, String text) throws UnreadableColumn {
        if (rowIndex[column] < 0 && !isKeyColumn(column)) return null; // filtered out: never read
        try {
            return types[column].decoder().decode(text);
        } catch (RuntimeException e) {
            throw new UnreadableColumn(columnNames[column], "cannot convert value of " + types[column].type() + ": "
                    + e.getMessage());
        }
    }

    private Object decodeBinary(int column, byte[] value) throws UnreadableColumn {
        if (rowIndex[column] < 0 && !isKeyColumn(column)) return null; // filtered out: never read
        try {
            return types[column].decodeBinary(value);
        } catch (RuntimeException e) {
            throw new UnreadableColumn(columnNames[column], "cannot convert value of " + types[column].type() + ": "
                    + e.getMessage());
        }
    }

    /** Whether every column this plan reads (selected or key) has a binary decoder: the stream may be binary. */
    boolean readsBinary() {
        return textOnlyColumn() < 0;
    }

    /** The first column this plan reads that is read only as text ({@link ColumnType#readsBinary}), or -1. */
    int textOnlyColumn() {
        for (int i = 0; i < types.length; i++) {
            if (!types[i].readsBinary() && (rowIndex[i] >= 0 || isKeyColumn(i))) return i;
        }
        return -1;
    }

    /**
     * The snapshot's binary COPY of this table's columns. A column read only as text is selected as its output
     * text there ({@code COPY (SELECT ..., format('%s', "c") ...)}): binary COPY then sends that text, which the
     * column's text decoder reads ({@link ColumnType#decodeBinary}); the others stay in their send formats.
     */
    String copyStatement() {
        String name = Snapshotter.quote(table.schema()) + "." + Snapshotter.quote(table.table());
        if (readsBinaryColumnsOnly() && !generatedColumns && rowFilter == null) {
            return "COPY " + name + " (" + selectList() + ") TO STDOUT (FORMAT binary)";
        }
        return "COPY (SELECT " + selectList() + " FROM ONLY " + name + (rowFilter == null ? "" : " WHERE (" + rowFilter + ")")
                + ") TO STDOUT (FORMAT binary)";
    }

    /**
     * The binary COPY of the rows of this table whose ctid lies in pages {@code [fromPage, toPage)} ({@code toPage}
     * -1: to the end, so pages added after the table's size was read are not missed), with the same columns as
     * {@link #copyStatement()}. PostgreSQL 14+ reads such a range with a TID Range Scan, only its pages.
     */
    String copyStatement(long fromPage, long toPage) {
        String name = Snapshotter.quote(table.schema()) + "." + Snapshotter.quote(table.table());
        return "COPY (SELECT " + selectList() + " FROM ONLY " + name + " WHERE ctid >= '(" + fromPage + ",0)'::tid"
                + (toPage < 0 ? "" : " AND ctid < '(" + toPage + ",0)'::tid")
                + (rowFilter == null ? "" : " AND (" + rowFilter + ")") + ") TO STDOUT (FORMAT binary)";
    }

    /**
     * This plan, its snapshot reading only the rows {@code condition} (SQL over its columns; null: all) selects too: a
     * backfill's {@code --where} ({@link Offsets.Backfill#conditions}), applied with the publication's row filter.
     */
    RelationPlan readingOnly(String condition) {
        if (condition == null) return this;
        String filter = rowFilter == null ? condition : "(" + rowFilter + ") AND (" + condition + ")";
        return new RelationPlan(table, topic, rowSchema, keySchema, envelopeSchema, columnNames, types, rowIndex,
                keyColumns, beforeImage, dataCollection, enumColumns, generatedColumns, filter);
    }

    private boolean readsBinaryColumnsOnly() {
        for (ColumnType type : types) if (!type.readsBinary()) return false;
        return true;
    }

    /** The COPY's columns, a column read only as text as its output text (see {@link #copyStatement()}). */
    private String selectList() {
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < columnNames.length; i++) {
            if (i > 0) columns.append(", ");
            String column = Snapshotter.quote(columnNames[i]);
            if (types[i].readsBinary()) {
                columns.append(column);
            } else {
                // format('%s') writes the type's output function's text, as pgoutput's text mode does; a cast to
                // text need not (inet::text always adds the netmask, boolean::text says 'true'). NULL stays NULL.
                columns.append("CASE WHEN ").append(column).append(" IS NULL THEN NULL ELSE pg_catalog.format('%s', ")
                        .append(column).append(") END");
            }
        }
        return columns.toString();
    }

    private boolean isKeyColumn(int column) {
        for (int k : keyColumns) if (k == column) return true;
        return false;
    }

    /** The row of decoded relation-column values. */
    Row row(Object[] decoded) {
        Object[] values = new Object[rowSchema.size()];
        for (int i = 0; i < decoded.length; i++) {
            if (rowIndex[i] >= 0) values[rowIndex[i]] = decoded[i];
        }
        return Row.wrap(rowSchema, values);
    }

    /** The key row of a tuple, decoding only the key columns (for an event whose other columns are unreadable). */
    Row keyOf(TupleData tuple) throws UnreadableColumn {
        if (keySchema == null) return null;
        Object[] values = new Object[keyColumns.length];
        for (int k = 0; k < values.length; k++) {
            int c = keyColumns[k];
            if (c < tuple.size() && tuple.kinds()[c] == TupleData.TEXT) {
                values[k] = decode(c, new String(tuple.values()[c], StandardCharsets.UTF_8));
            } else if (c < tuple.size() && tuple.kinds()[c] == TupleData.BINARY) {
                values[k] = decodeBinary(c, tuple.values()[c]);
            }
        }
        return Row.wrap(keySchema, values);
    }

    /** The key row of decoded relation-column values, or null for a table without a primary key. */
    Row key(Object[] decoded) {
        if (keySchema == null) return null;
        Object[] values = new Object[keyColumns.length];
        for (int k = 0; k < values.length; k++) values[k] = decoded[keyColumns[k]];
        return Row.wrap(keySchema, values);
    }
}
