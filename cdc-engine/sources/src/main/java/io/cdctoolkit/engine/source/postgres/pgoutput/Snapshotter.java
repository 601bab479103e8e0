package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.Unreadable;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Reads every captured table inside the slot's exported snapshot (connections whose transactions ran
 * {@code SET TRANSACTION SNAPSHOT}) with binary {@code COPY ... TO STDOUT} ({@link CopyBinaryRows}): one
 * table after the other on one connection ({@link SequentialCopy}), or split into ctid ranges read on several
 * ({@link ParallelCopy}), and turns each row into a READ event with the same plans and decoders the stream
 * uses. Rows are read on demand, a batch per {@link #next} call, with one row of look-ahead so the last row of
 * each table and of the snapshot gets Debezium's {@code snapshot} marker ({@code first},
 * {@code last_in_data_collection}, {@code last} ...). The rows of a backfill (tables captured after the snapshot) are
 * all marked {@code incremental}, as Debezium marks the rows of its incremental snapshots.
 */
final class Snapshotter implements AutoCloseable {

    private final SnapshotRows rows;
    private final List<RelationPlan> tables;
    private final SourceBlock source;
    private final long consistentPoint;
    private final Long txId;
    private final boolean backfill;

    private boolean started;
    private SnapshotRow pending;
    private int previousTable = -1;
    private long rowCount;

    /**
     * @param rows            the tables' rows, in {@code tables}' order; closed by {@link #close()}
     * @param consistentPoint the slot's consistent point: the snapshot rows' LSN, where streaming starts
     * @param txId            the snapshot transaction's id, for the source block; null on a standby, which gives
     *                        none (as Debezium's {@code txId: null} there)
     * @param backfill        whether these are the rows of a backfill (marked {@code incremental})
     */
    Snapshotter(SnapshotRows rows, List<RelationPlan> tables, SourceBlock source, long consistentPoint, Long txId,
                boolean backfill) {
        this.backfill = backfill;
        this.rows = rows;
        this.tables = tables;
        this.source = source;
        this.consistentPoint = consistentPoint;
        this.txId = txId;
    }

    /** Whether every table has been read. */
    boolean done() {
        return started && pending == null;
    }

    long rowCount() {
        return rowCount;
    }

    /** Tables whose reading has begun (the current one included). */
    int tablesStarted() {
        if (!started) return 0;
        return pending == null ? tables.size() : pending.table() + 1;
    }

    /**
     * Adds up to {@code max} READ events to {@code out}. The row after the one emitted is always read first
     * (the next table's first row when a table ends), so that, as with the Debezium engine, {@code last} marks the
     * last row of the whole snapshot whichever tables are empty. {@code first} marks the first row only when it is
     * the first table's, as Debezium marks it (a snapshot whose first table has no row has no {@code first} row).
     */
    void next(int max, List<ChangeEvent> out) throws SQLException, IOException {
        if (!started) {
            pending = rows.next();
            started = true;
        }
        int added = 0;
        while (added < max && pending != null) {
            SnapshotRow row = pending;
            boolean first = rowCount == 0 && row.table() == 0;
            boolean firstInTable = row.table() != previousTable;
            previousTable = row.table();
            rowCount++;
            pending = rows.next();
            boolean last = pending == null;
            boolean lastInTable = last || pending.table() != row.table();
            out.add(event(tables.get(row.table()), row,
                    backfill ? "incremental" : marker(first, last, firstInTable, lastInTable),
                    new NativePosition(true, 0, consistentPoint, rowCount, last ? consistentPoint : 0, backfill)));
            added++;
        }
    }

    /** Debezium's marker for a snapshot row, by its place in its table and in the whole snapshot. */
    private static String marker(boolean first, boolean last, boolean firstInTable, boolean lastInTable) {
        if (last) return "last";
        if (first) return "first";
        if (lastInTable) return "last_in_data_collection";
        if (firstInTable) return "first_in_data_collection";
        return "true";
    }

    private ChangeEvent event(RelationPlan plan, SnapshotRow row, String marker, NativePosition position) {
        long nowMicros = nowMicros();
        Row sourceRow = source.row(plan.table(), nowMicros, marker, "[null,\"" + consistentPoint + "\"]", txId,
                consistentPoint);
        ChangeEvent.Builder event = ChangeEvent.builder(plan.table(), Op.READ, plan.topic())
                .position(position)
                .sourceTimestamp(Instant.ofEpochSecond(Math.floorDiv(nowMicros, 1_000_000L),
                        Math.floorMod(nowMicros, 1_000_000L) * 1000L))
                .transaction(txId == null ? null : txId.toString());
        if (row.unreadable() == null) {
            Object[] values = row.values();
            event.key(plan.key(values))
                    .value(Envelope.row(plan.envelopeSchema(), null, plan.row(values), sourceRow, Op.READ, Instant.now()));
        } else {
            UnreadableColumn e = row.unreadable();
            event.key(keyOrNull(plan, row.tuple()))
                    .unreadable(new Unreadable(e.column(), e.getMessage(), RawRowJson.render(plan, "r", null, row.tuple())));
        }
        return event.build();
    }

    private static Row keyOrNull(RelationPlan plan, TupleData row) {
        try {
            return plan.keyOf(row);
        } catch (UnreadableColumn e) {
            return null; // the raw line still holds the key columns
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws SQLException, IOException {
        rows.close();
    }
}
