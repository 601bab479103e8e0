package io.cdctoolkit.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debezium's transaction metadata records ({@code provide.transaction.metadata}): one {@code BEGIN} and one
 * {@code END} record per transaction on the transaction topic, keyed by the transaction {@code id}; the
 * {@code END} counts the transaction's events, in all and per table ({@code data_collections}). The events of
 * such records have op {@link Op#TRANSACTION}. Schemas as Debezium's {@code SchemaFactory} builds them.
 */
public final class TransactionMetadata {

    public static final String BEGIN = "BEGIN";
    public static final String END = "END";

    public static final RowSchema KEY = RowSchema.of("io.debezium.connector.common.TransactionMetadataKey",
            Field.required("id", FieldType.STRING));
    public static final RowSchema DATA_COLLECTION = RowSchema.of("event.collection",
            Field.required("data_collection", FieldType.STRING), Field.required("event_count", FieldType.INT64));
    public static final RowSchema VALUE = RowSchema.of("io.debezium.connector.common.TransactionMetadataValue",
            Field.required("status", FieldType.STRING), Field.required("id", FieldType.STRING),
            Field.optional("event_count", FieldType.INT64),
            Field.optional("data_collections", new FieldType.Array(new FieldType.Struct(DATA_COLLECTION))),
            Field.required("ts_ms", FieldType.INT64));

    private TransactionMetadata() {
    }

    /** The key of a transaction's records. */
    public static Row key(String id) {
        return Row.of(KEY, id);
    }

    /** A {@code BEGIN} record: no counts. */
    public static Row begin(String id, long tsMs) {
        return Row.of(VALUE, BEGIN, id, null, null, tsMs);
    }

    /**
     * An {@code END} record.
     *
     * @param perCollection the events of each table (Debezium's {@code data_collection} name), in the order given
     */
    public static Row end(String id, long tsMs, long eventCount, Map<String, Long> perCollection) {
        List<Row> collections = new ArrayList<>(perCollection.size());
        perCollection.forEach((name, count) -> collections.add(Row.of(DATA_COLLECTION, name, count)));
        return Row.of(VALUE, END, id, eventCount, List.copyOf(collections), tsMs);
    }
}
