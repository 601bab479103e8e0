package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TransactionMetadata;
import io.cdctoolkit.engine.data.Unreadable;

import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the decoded pgoutput messages of a replication stream into {@link ChangeEvent}s: Relation
 * messages compile a new {@link RelationPlan} (a new schema version when the table changed), Begin
 * and Commit frame transactions, Insert/Update/Delete become c/u/d events and a Truncate one t event
 * per captured relation it names, in the message's order (as the Debezium engine). Events of the
 * operations in {@code skipped} (Debezium's {@code skipped.operations}, truncates by default) are
 * dropped, as Debezium drops them: each emitted event by its own op, so a primary-key change still
 * gives its delete and create when {@code u} is skipped. The last event of each transaction is held
 * until its Commit arrives, so its position carries the LSN the slot may confirm once it is
 * committed. A logical decoding message gives an event when its prefix is listed ({@link LogicalDecodingMessages}),
 * as the Debezium engine's message records: a transactional one in its transaction's place, a non-transactional
 * one at once, as its own "transaction" of one event. With {@code transaction_metadata} ({@link TransactionEvents}),
 * each transaction gives a BEGIN event at its Begin and an END event at its Commit, and each of its events a
 * transaction block, counted as the Debezium engine's {@code TransactionMonitor} counts them (every emitted
 * operation, unlisted messages too). The changes a backfill's rows already hold ({@link BackfilledChanges}) are
 * dropped as skipped operations are. Used by the reader's single polling thread only.
 */
final class StreamAssembler {

    /**
     * The data collection logical decoding messages are counted under: the identifier of the Debezium engine's
     * {@code LogicalDecodingMessageId}. (Debezium 3.5 counts each message under that object's {@code toString()},
     * {@code ...LogicalDecodingMessageId@<identity hash>}, so each message is a collection of its own with a name
     * that changes from run to run; documented difference.)
     */
    private static final String MESSAGES_COLLECTION = "LOGICAL_DECODING_MESSAGE";

    /** PostgreSQL timestamps count µs from 2000-01-01; the model counts from 1970-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final String database;
    private final RelationPlans plans;
    private final SourceBlock source;
    private final ResumePoint resume;
    private final java.util.function.Predicate<io.cdctoolkit.engine.data.TableId> captures;
    private final UncapturedRelation uncaptured;
    private final Set<Op> skipped;
    private final LogicalDecodingMessages messages;
    private final TransactionEvents transactions;
    private final CommitVisibility visibility;
    private final BackfilledChanges backfilled;
    /** The current transaction's events so far, in all and per table (transaction_metadata only). */
    private long transactionEvents;
    // A HashMap as the Debezium engine's TransactionContext: the END lists the tables in the same (the map's) order.
    private final Map<String, Long> transactionEventsPerTable = new HashMap<>();
    private final Map<Integer, RelationPlan> relations = new HashMap<>();
    /** Relations the publication sends but the source does not capture (include/exclude_tables). */
    private final java.util.Set<Integer> ignored = new java.util.HashSet<>();

    private PgOutputMessage.Begin transaction;
    private long index;
    /** The end LSN of the last Commit received: Debezium's {@code lsn_commit}, the first of its {@code sequence}. */
    private long lastCommitEnd;
    private ChangeEvent held;
    private long idleEndLsn;
    /** The current transaction's replication origin (pgoutput Origin message), or null. */
    private PgOutputMessage.Origin origin;
    /** The commit time of the last transaction begun, µs since the epoch (0: none yet). */
    private long lastBeginCommitMicros;

    StreamAssembler(String database, RelationPlans plans, SourceBlock source, ResumePoint resume,
                    java.util.function.Predicate<io.cdctoolkit.engine.data.TableId> captures, UncapturedRelation uncaptured,
                    Set<Op> skipped, LogicalDecodingMessages messages, TransactionEvents transactions,
                    CommitVisibility visibility, BackfilledChanges backfilled) {
        this.backfilled = backfilled;
        this.uncaptured = uncaptured;
        this.visibility = visibility;
        this.transactions = transactions;
        this.database = database;
        this.messages = messages;
        this.skipped = skipped.isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(skipped);
        this.captures = captures;
        this.plans = plans;
        this.source = source;
        this.resume = resume;
    }

    /**
     * Told of each relation the publication sends that the source does not capture, before its changes are
     * skipped: it may stop the reader instead (a partition of a captured partitioned table).
     */
    @FunctionalInterface
    interface UncapturedRelation {
        /** @throws io.cdctoolkit.engine.spi.FatalException when the relation's changes must not be skipped */
        void met(PgOutputMessage.Relation relation, io.cdctoolkit.engine.data.TableId table);
    }

    /**
     * The end LSN of the latest transaction that gave no event (0 if none since the last call): the
     * slot may confirm it once everything delivered before it is committed.
     */
    long takeIdleEndLsn() {
        long end = idleEndLsn;
        idleEndLsn = 0;
        return end;
    }

    /** Whether no transaction is open (its Commit received, its events all given out). */
    boolean betweenTransactions() {
        return transaction == null && held == null;
    }

    /**
     * Handles one message received at {@code lsn}, adding finished events to {@code out}; false, having done nothing,
     * for a Relation message of a transaction whose commit is not visible yet ({@link CommitVisibility}): the caller
     * gives it again later.
     */
    boolean accept(PgOutputMessage message, long lsn, List<ChangeEvent> out) throws SQLException {
        if (message instanceof PgOutputMessage.Begin begin) {
            transaction = begin;
            origin = null;
            lastBeginCommitMicros = begin.commitTimePg() + PG_EPOCH_MICROS;
            index = 0;
            if (transactions != null) begin(begin, lsn);
        } else if (message instanceof PgOutputMessage.Origin o) {
            origin = o;
        } else if (message instanceof PgOutputMessage.Relation relation) {
            io.cdctoolkit.engine.data.TableId table = new io.cdctoolkit.engine.data.TableId(database, relation.namespace(),
                    relation.name());
            if (captures.test(table)) {
                // The catalog read must see the transaction's own DDL.
                if (transaction != null && !visibility.visible(transaction.xid())) return false;
                ignored.remove(relation.oid());
                relations.put(relation.oid(), plans.forRelation(database, relation));
            } else {
                uncaptured.met(relation, table);
                relations.remove(relation.oid());
                ignored.add(relation.oid());
            }
        } else if (message instanceof PgOutputMessage.Insert insert) {
            change(insert.relationOid(), Op.CREATE, (char) 0, null, insert.after(), lsn, out);
        } else if (message instanceof PgOutputMessage.Update update) {
            change(update.relationOid(), Op.UPDATE, update.oldKind(), update.before(), update.after(), lsn, out);
        } else if (message instanceof PgOutputMessage.Delete delete) {
            change(delete.relationOid(), Op.DELETE, delete.oldKind(), delete.before(), null, lsn, out);
        } else if (message instanceof PgOutputMessage.Truncate truncate) {
            truncate(truncate, lsn, out);
        } else if (message instanceof PgOutputMessage.Message logical && logical.transactional() && transaction != null) {
            transactionalMessage(logical, lsn, out);
        } else if (message instanceof PgOutputMessage.Message logical && !logical.transactional() && transaction == null) {
            if (messages != null && messages.emits(logical.prefix())) {
                nonTransactionalMessage(logical, out);
            } else {
                // A heartbeat message (or another one that is no event): every transaction committed before it
                // was sent before it, so once what was delivered is committed the slot may confirm up to here.
                idleEndLsn = lsn;
            }
        } else if (message instanceof PgOutputMessage.Commit commit) {
            ChangeEvent end = transactions == null ? null : end(commit, lsn);
            if (end != null) {
                if (held != null) out.add(held);
                out.add(end);
                held = null;
            } else if (held != null) {
                out.add(withEnd(held, commit.endLsn()));
                held = null;
            } else {
                idleEndLsn = commit.endLsn();
            }
            transaction = null;
            lastCommitEnd = commit.endLsn();
        }
        return true;
    }

    private void change(int relationOid, Op op, char oldKind, TupleData before, TupleData after, long lsn,
                        List<ChangeEvent> out) {
        if (transaction == null) throw new IllegalStateException("pgoutput change outside a transaction");
        if (ignored.contains(relationOid)) return;
        String sequenceStart = sequenceStart();
        RelationPlan plan = relations.get(relationOid);
        if (plan == null) throw new IllegalStateException("pgoutput change of relation " + relationOid + " before its Relation message");
        if (plan.enumColumns().length > 0) {
            RelationPlan knowing = EnumLabels.knowing(plans, plan, before, after);
            if (knowing != plan) relations.put(relationOid, plan = knowing);
        }
        if (op == Op.UPDATE && before != null && plan.keySchema() != null && keyChanged(plan, before, after)) {
            // As the Debezium engine: a primary-key change is a delete of the old key and a create of the new one.
            emit(plan, Op.DELETE, before, null, lsn, sequenceStart, out);
            emit(plan, Op.CREATE, null, after, lsn, sequenceStart, out);
        } else {
            emit(plan, op, before, after, lsn, sequenceStart, out);
        }
    }

    /**
     * One TRUNCATE event per captured relation of the message, in its order, all at the message's LSN
     * (the Debezium engine's events: no key, no before or after). CASCADE and RESTART IDENTITY leave no
     * trace in the events, as with Debezium; a relation truncated by CASCADE is named in the message.
     */
    private void truncate(PgOutputMessage.Truncate truncate, long lsn, List<ChangeEvent> out) {
        if (transaction == null) throw new IllegalStateException("pgoutput truncate outside a transaction");
        String sequenceStart = sequenceStart();
        for (int oid : truncate.relationOids()) {
            if (ignored.contains(oid)) continue;
            RelationPlan plan = relations.get(oid);
            if (plan == null) throw new IllegalStateException("pgoutput truncate of relation " + oid + " before its Relation message");
            emit(plan, Op.TRUNCATE, null, null, lsn, sequenceStart, out);
        }
    }

    /**
     * A message written inside a transaction: counted among the transaction's events whatever its prefix and the
     * options (the reader always asks for messages, so a restart numbers the events the same after
     * {@code message_prefixes} or {@code transaction_metadata} changed), an event in its place when listed.
     */
    private void transactionalMessage(PgOutputMessage.Message logical, long lsn, List<ChangeEvent> out) {
        index++;
        Row block = transactions == null ? null : countInTransaction(MESSAGES_COLLECTION, lsn);
        if (messages == null || !messages.emits(logical.prefix()) || resume.skips(transaction.finalLsn(), index)) return;
        long commitMicros = transaction.commitTimePg() + PG_EPOCH_MICROS;
        Row sourceRow = source.messageRow(database, commitMicros, "[" + sequenceStart() + ",\"" + logical.lsn() + "\"]",
                transaction.xid(), logical.lsn(), origin == null ? null : origin.name(), origin == null ? null : origin.lsn());
        ChangeEvent event = messages.event(logical.prefix(), logical.content(), sourceRow, System.currentTimeMillis(),
                new NativePosition(false, transaction.finalLsn(), logical.lsn(), index, 0), instant(commitMicros),
                Long.toString(transaction.xid()), block);
        if (held != null) out.add(held);
        held = event;
    }

    /**
     * A message written outside any transaction: an event of its own, at once, positioned as a transaction of
     * one event committing at the message's LSN (a restart that confirmed it does not emit it again).
     */
    private void nonTransactionalMessage(PgOutputMessage.Message logical, List<ChangeEvent> out) {
        long at = logical.lsn();
        if (resume.skips(at, 1)) return;
        // pgoutput gives such a message no time; the Debezium engine's decoder gives it the commit time of the
        // last transaction it began, and so does this one (the processing time before any transaction).
        long micros = lastBeginCommitMicros != 0 ? lastBeginCommitMicros : System.currentTimeMillis() * 1000L;
        Row sourceRow = source.messageRow(database, micros, "[" + sequenceStart() + ",\"" + at + "\"]", null, at, null, null);
        out.add(messages.event(logical.prefix(), logical.content(), sourceRow, System.currentTimeMillis(),
                new NativePosition(false, at, at, 1, at), null, null, null));
    }

    /**
     * The transaction's BEGIN event (transaction_metadata), first of its events: position index 0, so a restart
     * inside the transaction does not emit it again.
     */
    private void begin(PgOutputMessage.Begin begin, long lsn) {
        transactionEvents = 0;
        transactionEventsPerTable.clear();
        if (resume.skips(begin.finalLsn(), 0)) return;
        long commitMicros = begin.commitTimePg() + PG_EPOCH_MICROS;
        long tsMs = Math.floorDiv(commitMicros, 1000L);
        held = transactions.event(TransactionMetadata.begin(transactionId(lsn), tsMs),
                new NativePosition(false, begin.finalLsn(), lsn, 0, 0), Instant.ofEpochMilli(tsMs), Long.toString(begin.xid()));
    }

    /** The transaction's END event, its last (carrying the commit's end LSN), or null when a restart skips it. */
    private ChangeEvent end(PgOutputMessage.Commit commit, long lsn) {
        long endIndex = index + 1;
        if (resume.skips(transaction.finalLsn(), endIndex)) return null;
        long tsMs = Math.floorDiv(transaction.commitTimePg() + PG_EPOCH_MICROS, 1000L);
        return transactions.event(TransactionMetadata.end(transactionId(lsn), tsMs, transactionEvents, transactionEventsPerTable),
                new NativePosition(false, transaction.finalLsn(), lsn, endIndex, commit.endLsn()), Instant.ofEpochMilli(tsMs),
                Long.toString(transaction.xid()));
    }

    /** Counts one event of {@code collection} in the transaction; its transaction block. */
    private Row countInTransaction(String collection, long lsn) {
        transactionEvents++;
        long inCollection = transactionEventsPerTable.merge(collection, 1L, Long::sum);
        return Envelope.transactionBlock(transactionId(lsn), transactionEvents, inCollection);
    }

    /** Debezium's PostgreSQL transaction id: {@code <xid>:<LSN of the record at hand>}. */
    private String transactionId(long lsn) {
        return transaction.xid() + ":" + lsn;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private String sequenceStart() {
        return lastCommitEnd == 0 ? "null" : "\"" + Long.toUnsignedString(lastCommitEnd) + "\"";
    }

    /**
     * Whether an update changed the primary key. Only an old row that carries every key column can
     * tell (with REPLICA IDENTITY USING INDEX on other columns it does not: then it is an update).
     */
    private static boolean keyChanged(RelationPlan plan, TupleData before, TupleData after) {
        try {
            Row old = plan.keyOf(before);
            for (int k = 0; k < old.schema().size(); k++) if (old.get(k) == null) return false;
            return !old.equals(plan.keyOf(after));
        } catch (UnreadableColumn e) {
            return false;
        }
    }

    /**
     * One event; {@code index} counts events (not messages), skipped operations and backfilled changes included, so a
     * restart skips exactly the committed ones even after {@code skipped.operations} changed or a backfill ended.
     */
    private void emit(RelationPlan plan, Op op, TupleData before, TupleData after, long lsn, String sequenceStart,
                      List<ChangeEvent> out) {
        index++;
        if (skipped.contains(op) || backfilled.covers(plan.table(), transaction.finalLsn())) return;
        Row block = transactions == null ? null : countInTransaction(plan.dataCollection(), lsn);
        if (resume.skips(transaction.finalLsn(), index)) return;
        long commitMicros = transaction.commitTimePg() + PG_EPOCH_MICROS;
        NativePosition position = new NativePosition(false, transaction.finalLsn(), lsn, index, 0);
        Row sourceRow = source.row(plan.table(), commitMicros, null,
                "[" + sequenceStart + ",\"" + lsn + "\"]", transaction.xid(), lsn,
                origin == null ? null : origin.name(), origin == null ? null : origin.lsn());
        ChangeEvent.Builder event = ChangeEvent.builder(plan.table(), op, plan.topic())
                .position(position)
                .sourceTimestamp(instant(commitMicros))
                .transaction(Long.toString(transaction.xid()));
        if (op == Op.TRUNCATE) {
            event.value(Envelope.row(plan.envelopeSchema(), null, null, sourceRow, op, Instant.now(), block)); // no key, no rows
        } else {
            rowValues(plan, op, before, after, sourceRow, block, event);
        }
        if (held != null) out.add(held);
        held = event.build();
    }

    /** The key and envelope of a row change, or its unreadable record. */
    private static void rowValues(RelationPlan plan, Op op, TupleData before, TupleData after, Row sourceRow,
                                  Row block, ChangeEvent.Builder event) {
        boolean readBefore = before != null && plan.beforeImage() != 'n';
        try {
            Object[] beforeValues = readBefore ? plan.decode(before) : null;
            Object[] afterValues = after == null ? null : plan.decode(after, before, beforeValues);
            Row key = completeOrNull(plan.key(afterValues != null ? afterValues : beforeValues));
            Row envelope = Envelope.row(plan.envelopeSchema(), beforeValues == null ? null : plan.row(beforeValues),
                    afterValues == null ? null : plan.row(afterValues), sourceRow, op, Instant.now(), block);
            event.key(key).value(envelope);
        } catch (UnreadableColumn e) {
            event.key(keyOrNull(plan, after != null ? after : before))
                    .unreadable(new Unreadable(e.column(), e.getMessage(), RawRowJson.render(plan, op.code(), before, after)));
        }
    }

    /**
     * The key, or null when a key column has no value: the old row of a table whose replica identity
     * index leaves out primary-key columns does not carry them, and a key with a made-up value would
     * route the event to the wrong key (the Debezium engine gives such columns a type fallback, e.g. 0).
     */
    private static Row completeOrNull(Row key) {
        if (key == null) return null;
        for (int k = 0; k < key.schema().size(); k++) if (key.get(k) == null) return null;
        return key;
    }

    private static Row keyOrNull(RelationPlan plan, TupleData tuple) {
        try {
            return tuple == null ? null : completeOrNull(plan.keyOf(tuple));
        } catch (UnreadableColumn e) {
            return null; // the raw record still holds the key columns
        }
    }

    private static ChangeEvent withEnd(ChangeEvent event, long endLsn) {
        NativePosition p = (NativePosition) event.position();
        return new ChangeEvent(event.table(), event.op(), event.key(), event.value(), event.headers(), event.topic(),
                new NativePosition(false, p.commitLsn(), p.lsn(), p.index(), endLsn), event.sourceTimestamp(),
                event.transaction(), event.unreadable());
    }
}
