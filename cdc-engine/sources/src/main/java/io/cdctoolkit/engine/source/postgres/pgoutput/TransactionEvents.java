package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.TransactionMetadata;
import io.cdctoolkit.engine.spi.EventShape;

import java.time.Instant;
import java.util.Set;

/**
 * The events of Debezium's transaction records ({@code transaction_metadata}), the same for both engines of
 * {@code postgres-cdc}: op {@link Op#TRANSACTION}, table {@code <database>.transaction} (no schema level: no
 * PostgreSQL table has that identity), topic {@code transaction_topic}, key and value as
 * {@link TransactionMetadata}.
 */
public final class TransactionEvents {

    /** The table name every transaction event carries. */
    public static final String TABLE = "transaction";

    private final TableId table;
    private final String topic;

    /**
     * @param database the captured database
     * @param topic    the topic of every transaction event
     */
    public TransactionEvents(String database, String topic) {
        this.table = new TableId(database, null, TABLE);
        this.topic = topic;
    }

    /**
     * The event of a {@code BEGIN} or {@code END} record ({@link TransactionMetadata#begin}, {@link TransactionMetadata#end}).
     *
     * @param sourceTimestamp the commit time, in the record's precision (ms)
     * @param transaction     the source transaction id (the xid)
     */
    public ChangeEvent event(Row value, SourcePosition position, Instant sourceTimestamp, String transaction) {
        return ChangeEvent.builder(table, Op.TRANSACTION, topic)
                .key(TransactionMetadata.key((String) value.get("id")))
                .value(value)
                .position(position)
                .sourceTimestamp(sourceTimestamp)
                .transaction(transaction)
                .build();
    }

    /** The shape of the transaction events. */
    public EventShape shape() {
        return new EventShape(table, topic, TransactionMetadata.KEY, TransactionMetadata.VALUE, Set.of(Op.TRANSACTION));
    }

    /** The table identity every transaction event carries ({@code <database>.transaction}). */
    public TableId table() {
        return table;
    }

    /** The topic of every transaction event. */
    public String topic() {
        return topic;
    }
}
