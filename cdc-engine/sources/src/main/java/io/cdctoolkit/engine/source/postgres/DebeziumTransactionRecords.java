package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TransactionMetadata;
import io.cdctoolkit.engine.source.debezium.NonTableRecords;
import io.cdctoolkit.engine.source.postgres.pgoutput.TransactionEvents;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Debezium engine's transaction records ({@code io.debezium.connector.common.TransactionMetadataValue},
 * with {@code provide.transaction.metadata}) as the events the native engine makes of the same transactions
 * ({@link TransactionEvents}).
 */
final class DebeziumTransactionRecords implements NonTableRecords {

    static final String VALUE_SCHEMA = "io.debezium.connector.common.TransactionMetadataValue";

    private final TransactionEvents events;

    DebeziumTransactionRecords(TransactionEvents events) {
        this.events = events;
    }

    @Override
    public ChangeEvent convert(SourceRecord record, SourcePosition position, Function<Struct, Row> structs) {
        Struct value = NonTableRecords.valueNamed(record, VALUE_SCHEMA);
        if (value == null) return null;
        String id = (String) value.getWithoutDefault("id");
        long tsMs = (Long) value.getWithoutDefault("ts_ms");
        Row row;
        if (TransactionMetadata.BEGIN.equals(value.getWithoutDefault("status"))) {
            row = TransactionMetadata.begin(id, tsMs);
        } else {
            Map<String, Long> perCollection = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            List<Struct> collections = (List<Struct>) value.getWithoutDefault("data_collections");
            if (collections != null) {
                for (Struct c : collections) {
                    perCollection.put((String) c.getWithoutDefault("data_collection"), (Long) c.getWithoutDefault("event_count"));
                }
            }
            row = TransactionMetadata.end(id, tsMs, (Long) value.getWithoutDefault("event_count"), perCollection);
        }
        // The id is "<xid>:<lsn>" (Debezium's PostgreSQL form): the xid is the event's transaction.
        String xid = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
        return events.event(row, position, Instant.ofEpochMilli(tsMs), xid);
    }
}
