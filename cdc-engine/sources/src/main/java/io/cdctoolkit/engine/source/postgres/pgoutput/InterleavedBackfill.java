package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TableId;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A backfill asked for while the reader streams, read between the stream's transactions instead of pausing the stream
 * for all of its rows. The idea is DBLog's watermarks (Netflix; Debezium's incremental snapshots use it), with the whole
 * backfill as one window and no low watermark: this reader is the slot's only consumer, so it knows exactly where the
 * stream stood when the backfill was asked for (the point P, a transaction boundary), and it notes the key of every
 * change of the backfilled tables it delivers from P on.
 *
 * <p>The rows are read in the exported snapshot of a temporary slot created after P, at its consistent point C (they
 * hold every transaction committed before C, none after). Once the slot exists, a non-transactional logical decoding
 * message is written (the high watermark, at an LSN after C); rows are delivered only once the stream has passed it, so
 * every change committed before C has been delivered by then. From there rows (in batches, for about 10 ms) and the
 * stream's transactions take turns, rows only between transactions, and a row is left out when the stream delivered a
 * change of its key since P: that change, or a later one, already holds the key's state at C or after (emitted after
 * it the row would take the key back to an older state). A TRUNCATE of a backfilled table since P leaves out every row
 * of it not delivered yet. So per key, nothing older follows anything newer, and the stream is held only for a turn of
 * rows.
 *
 * <p>What the rule costs: a key changed while the backfill runs gets no {@code r} event (its changes carry its state,
 * but an unchanged TOASTed value is the placeholder there); the keys changed are held in memory until the backfill ends.
 * It needs a key on every table (rows and changes are matched by key), logical decoding messages in pgoutput
 * (PostgreSQL 14+) and a writable server for the watermark; otherwise the stream pauses for the rows, as before
 * ({@link #whyPaused}).
 */
final class InterleavedBackfill {

    /** The watermark messages' prefix: every message with it is this reader's, never an event. */
    static final String WATERMARK_PREFIX = "cdc-toolkit.backfill";

    /** A run of rows delivered together, after the streamed event {@code streamedBefore} (null: none this run). */
    private record RowRun(long firstIndex, NativePosition streamedBefore) {
    }

    private final Set<TableId> tables;
    private final Map<TableId, Set<KeyValues>> changed = new HashMap<>();
    private final Set<TableId> truncated = new HashSet<>();
    private final ArrayDeque<RowRun> runs = new ArrayDeque<>();
    private String watermark;
    private boolean watermarkPassed;
    private long rowsLeftOut;
    private long lastRowIndex;
    private boolean rowsDone;
    private ResumePoint rowsDoneAfter;

    /** @param tables the tables the backfill reads (as its rows' and the stream's events name them) */
    InterleavedBackfill(Set<TableId> tables) {
        this.tables = Set.copyOf(tables);
    }

    /**
     * Why a backfill of {@code rowPlans} asked for while streaming pauses the stream for its rows, or null when they can
     * come between its transactions.
     *
     * @param mayWrite    whether the role may write the watermark (execute {@code pg_logical_emit_message})
     * @param partitioned whether a partitioned table or a partition is among the backfill's tables
     */
    static String whyPaused(int serverMajor, boolean inRecovery, boolean mayWrite, boolean partitioned,
                            List<RelationPlan> rowPlans) {
        if (serverMajor < 14) {
            return "PostgreSQL " + serverMajor + " sends no logical decoding messages through pgoutput (14 or later does)";
        }
        if (inRecovery) return "the server is a standby, where no watermark message can be written";
        if (!mayWrite) return "the role may not execute pg_logical_emit_message, which writes the watermark";
        // A publication may stream a partition's changes under its root's name: rows and changes would not meet.
        if (partitioned) return "a partitioned table (or a partition) is among its tables";
        for (RelationPlan plan : rowPlans) {
            if (plan.keySchema() == null) return plan.table() + " has no key to match its rows with its changes";
        }
        return null;
    }

    /** Whether the role of {@code sql} may execute {@code pg_logical_emit_message} (with a text content). */
    static boolean mayWriteWatermark(Connection sql) throws SQLException {
        // 17 added a fourth argument (flush, with a default): whichever the server has.
        try (PreparedStatement st = sql.prepareStatement("SELECT coalesce(bool_or(has_function_privilege(p.oid,"
                + " 'EXECUTE')), false) FROM pg_proc p WHERE p.proname = 'pg_logical_emit_message'"
                + " AND p.pronamespace = 'pg_catalog'::regnamespace AND p.proargtypes[2] = 'text'::regtype");
             ResultSet rs = st.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Whether {@code message} is a watermark (this one's or a backfill's before a restart): never delivered. */
    static boolean isWatermark(PgOutputMessage.Message message) {
        return !message.transactional() && WATERMARK_PREFIX.equals(message.prefix());
    }

    /** Writes the high watermark, once the backfill's slot exists (its consistent point is before the message). */
    void writeWatermark(Connection sql) throws SQLException {
        String content = UUID.randomUUID().toString();
        try (PreparedStatement st = sql.prepareStatement("SELECT pg_logical_emit_message(false, ?, ?)")) {
            st.setString(1, WATERMARK_PREFIX);
            st.setString(2, content);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
            }
        }
        watermark = content;
    }

    boolean watermarkWritten() {
        return watermark != null;
    }

    /** A watermark the stream delivered ({@link #isWatermark}): rows may come from here if it is this backfill's. */
    void passed(PgOutputMessage.Message message) {
        if (watermark != null && Arrays.equals(message.content(),
                watermark.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            watermarkPassed = true;
        }
    }

    /** Whether the stream has passed the watermark, so that rows may come between its transactions. */
    boolean rowsMayCome() {
        return watermarkPassed;
    }

    /** Notes the keys (and truncates) of the backfilled tables among streamed events about to be delivered. */
    void streamed(List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            if (!tables.contains(event.table())) continue;
            if (event.op() == Op.TRUNCATE) {
                truncated.add(event.table());
            } else if (event.key() != null) {
                changed.computeIfAbsent(event.table(), t -> new HashSet<>()).add(KeyValues.of(event.key()));
            }
        }
    }

    /**
     * Leaves out of {@code rows} (read events, from index {@code from} of the list) those the stream changed since the
     * backfill was asked for, and records the rest as delivered after {@code streamedBefore}, the last streamed event
     * delivered (null: none in this run).
     */
    void rowsRead(List<ChangeEvent> rows, int from, NativePosition streamedBefore) {
        int kept = from;
        for (int i = from; i < rows.size(); i++) {
            ChangeEvent row = rows.get(i);
            if (supersedes(row)) {
                rowsLeftOut++;
            } else {
                rows.set(kept++, row);
            }
        }
        rows.subList(kept, rows.size()).clear();
        if (kept == from) return;
        runs.addLast(new RowRun(((NativePosition) rows.get(from).position()).index(), streamedBefore));
        lastRowIndex = ((NativePosition) rows.get(kept - 1).position()).index();
    }

    private boolean supersedes(ChangeEvent row) {
        if (truncated.contains(row.table())) return true;
        Set<KeyValues> keys = changed.get(row.table());
        return keys != null && row.key() != null && keys.contains(KeyValues.of(row.key()));
    }

    /**
     * Every row is read: a streamed event delivered after {@code lastStreamed} (the resume point after the last streamed
     * event delivered so far) commits them all. Returns the index of the last row delivered, 0 when none was.
     */
    long rowsDone(ResumePoint lastStreamed) {
        rowsDone = true;
        rowsDoneAfter = lastStreamed;
        return lastRowIndex;
    }

    /** Whether committing the streamed event at {@code position} commits every row (all read and delivered before it). */
    boolean commitsRows(NativePosition position) {
        return rowsDone && !rowsDoneAfter.skips(position.commitLsn(), position.index());
    }

    /**
     * The streamed event delivered before the row {@code rowIndex} (committing the row commits it too), or null; forgets
     * the runs before that row's.
     */
    NativePosition streamedBefore(long rowIndex) {
        RowRun found = null;
        while (!runs.isEmpty() && runs.peekFirst().firstIndex() <= rowIndex) {
            found = runs.pollFirst();
        }
        if (found != null) runs.addFirst(found); // a later row of the same run may still be committed
        return found == null ? null : found.streamedBefore();
    }

    /** Rows left out because the stream changed their keys (or truncated their table) while the backfill ran. */
    long rowsLeftOut() {
        return rowsLeftOut;
    }

    /**
     * A key's values, compared as the source holds them: arrays by content, and numbers of type {@code numeric} whatever
     * their scale (the stream and COPY both give PostgreSQL's scale, but a change of the column's scale must not make
     * two readings of one key differ).
     */
    private record KeyValues(List<Object> values) {

        static KeyValues of(Row key) {
            Object[] values = key.values().clone();
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v instanceof BigDecimal d) values[i] = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
                else if (v instanceof byte[] b) values[i] = java.nio.ByteBuffer.wrap(b.clone());
            }
            return new KeyValues(Arrays.asList(values));
        }
    }
}
