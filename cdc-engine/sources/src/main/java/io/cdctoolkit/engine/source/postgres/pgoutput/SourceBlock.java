package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;

import java.util.List;

/**
 * The envelope's {@code source} block, with the schema and fields the Debezium engine's PostgreSQL
 * connector gives it ({@code io.debezium.connector.postgresql.Source}), so consumers and schemas see
 * no difference between the engines.
 */
final class SourceBlock {

    static final RowSchema SCHEMA = RowSchema.of("io.debezium.connector.postgresql.Source", List.of(
            Field.required("version", FieldType.STRING),
            Field.required("connector", FieldType.STRING),
            Field.required("name", FieldType.STRING),
            Field.required("ts_ms", FieldType.INT64),
            new Field("snapshot", new FieldType.Enum(List.of("true", "first", "first_in_data_collection",
                    "last_in_data_collection", "last", "false", "incremental")), true, "false", null),
            Field.required("db", FieldType.STRING),
            Field.optional("sequence", FieldType.STRING),
            Field.optional("ts_us", FieldType.INT64),
            Field.optional("ts_ns", FieldType.INT64),
            Field.required("schema", FieldType.STRING),
            Field.required("table", FieldType.STRING),
            Field.optional("txId", FieldType.INT64),
            Field.optional("lsn", FieldType.INT64),
            Field.optional("xmin", FieldType.INT64),
            Field.optional("origin", FieldType.STRING),
            Field.optional("origin_lsn", FieldType.INT64)));

    /** The Debezium connector version the block names, as the Debezium engine on the classpath reports it. */
    private static final String VERSION = io.debezium.connector.postgresql.Module.version();

    private final String name;

    /** @param name the source's logical name (Debezium's {@code topic.prefix}) */
    SourceBlock(String name) {
        this.name = name;
    }

    /**
     * A block for a change of {@code table}.
     *
     * @param tsMicros  commit time (stream) or read time (snapshot), µs since the epoch
     * @param snapshot  null for streamed changes, else Debezium's marker (true, first, last, ...)
     * @param sequence  Debezium's {@code ["<previous lsn>","<lsn>"]}, or null
     */
    /**
     * A block for a logical decoding message: no table (empty schema and table names, as the Debezium engine's).
     *
     * @param txId   null for a non-transactional message
     * @param origin the replication origin of the message's transaction (as {@link #row}), or null
     */
    Row messageRow(String database, long tsMicros, String sequence, Long txId, long lsn, String origin, Long originLsn) {
        return Row.wrap(SCHEMA, new Object[] {VERSION, "postgresql", name, Math.floorDiv(tsMicros, 1000L), null,
                database, sequence, tsMicros, tsMicros * 1000L, "", "", txId, lsn, null, origin, originLsn});
    }

    Row row(TableId table, long tsMicros, String snapshot, String sequence, Long txId, Long lsn) {
        return row(table, tsMicros, snapshot, sequence, txId, lsn, null, null);
    }

    /**
     * As {@link #row(TableId, long, String, String, Long, Long)}, for a change of a transaction replicated into this
     * server from elsewhere: its replication {@code origin} name and the LSN it had there ({@code origin_lsn}), from
     * pgoutput's Origin message, as the Debezium engine fills them.
     */
    Row row(TableId table, long tsMicros, String snapshot, String sequence, Long txId, Long lsn, String origin,
            Long originLsn) {
        return Row.wrap(SCHEMA, new Object[] {VERSION, "postgresql", name, Math.floorDiv(tsMicros, 1000L), snapshot,
                table.database(), sequence, tsMicros, tsMicros * 1000L, table.schema(), table.table(), txId, lsn,
                null, origin, originLsn});
    }
}
