package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka headers of a record: the {@link SinkRecord}'s own headers, then {@code cdc.op},
 * {@code cdc.table} and {@code cdc.source} from its change event (each can be turned off; a header the
 * record already carries is not written twice). The record's own headers keep their order, repeats
 * and bytes; the {@code cdc.*} values are UTF-8.
 */
final class CdcHeaders {

    /** The change's op code: c, r, u, d or t. */
    static final String OP = "cdc.op";
    /** The change's table, {@code database.schema.table}. */
    static final String TABLE = "cdc.table";
    /** The change's source position, e.g. {@code lsn=2345,txId=12}. */
    static final String SOURCE = "cdc.source";

    private final boolean writeOp;
    private final boolean writeTable;
    private final boolean writeSource;
    private final Map<Op, byte[]> opBytes = new EnumMap<>(Op.class);
    // One entry per captured table: the header bytes are built once, not per record.
    private final Map<TableId, byte[]> tableBytes = new ConcurrentHashMap<>();
    // The last table's bytes: records come in runs of one table, and a reader keeps one TableId per
    // table, so an identity check saves hashing three strings per record. Written racily on purpose:
    // a stale pair only sends the lookup to the map.
    private volatile TableBytes last = new TableBytes(null, null);

    private record TableBytes(TableId table, byte[] bytes) {
    }

    CdcHeaders(boolean writeOp, boolean writeTable, boolean writeSource) {
        this.writeOp = writeOp;
        this.writeTable = writeTable;
        this.writeSource = writeSource;
        for (Op op : Op.values()) opBytes.put(op, utf8(op.code()));
    }

    Headers of(SinkRecord record) {
        RecordHeaders headers = new RecordHeaders();
        io.cdctoolkit.engine.data.Headers own = record.headers();
        for (int i = 0; i < own.size(); i++) headers.add(own.get(i).key(), own.get(i).value());
        ChangeEvent event = record.event();
        if (event == null) return headers;
        if (writeOp && !own.contains(OP)) headers.add(OP, opBytes.get(event.op()));
        if (writeTable && !own.contains(TABLE)) {
            headers.add(TABLE, tableBytes(event.table()));
        }
        if (writeSource && event.position() != null && !own.contains(SOURCE)) {
            headers.add(SOURCE, event.position().describeUtf8());
        }
        return headers;
    }

    private byte[] tableBytes(TableId table) {
        TableBytes cached = last;
        if (cached.table() == table) return cached.bytes();
        byte[] bytes = tableBytes.computeIfAbsent(table, t -> utf8(t.toString()));
        last = new TableBytes(table, bytes);
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
