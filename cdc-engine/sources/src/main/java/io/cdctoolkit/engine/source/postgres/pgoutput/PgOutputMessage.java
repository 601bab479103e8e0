package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.util.List;

/**
 * One message of PostgreSQL's {@code pgoutput} logical replication protocol, as {@link PgOutputDecoder}
 * reads it (https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html).
 * LSNs are unsigned 64-bit positions held in a {@code long}; timestamps are microseconds since
 * 2000-01-01 UTC, as PostgreSQL sends them.
 */
sealed interface PgOutputMessage {

    /** Start of a transaction: {@code finalLsn} is the LSN of its commit record. */
    record Begin(long finalLsn, long commitTimePg, long xid) implements PgOutputMessage {
    }

    /** End of a transaction: {@code endLsn} is where the next transaction starts (what the slot may confirm). */
    record Commit(byte flags, long commitLsn, long endLsn, long commitTimePg) implements PgOutputMessage {
    }

    /** The transaction came from another node (replication origin). */
    record Origin(long lsn, String name) implements PgOutputMessage {
    }

    /** A table's shape, sent before its first change and again after it changed. */
    record Relation(int oid, String namespace, String name, char replicaIdentity, List<Column> columns)
            implements PgOutputMessage {

        /** One column: {@code flags} bit 1 = part of the replica identity. */
        record Column(boolean identity, String name, int typeOid, int typmod) {
        }
    }

    /** A non-built-in type used by a relation (its namespace and name). */
    record Type(int oid, String namespace, String name) implements PgOutputMessage {
    }

    /** A new row. */
    record Insert(int relationOid, TupleData after) implements PgOutputMessage {
    }

    /**
     * A changed row; {@code oldKind} is 'K' (identity columns only), 'O' (the whole old row, REPLICA
     * IDENTITY FULL) or 0 when the server sent no old row (identity unchanged).
     */
    record Update(int relationOid, char oldKind, TupleData before, TupleData after) implements PgOutputMessage {
    }

    /** A deleted row: 'K' (identity columns only) or 'O' (whole old row). */
    record Delete(int relationOid, char oldKind, TupleData before) implements PgOutputMessage {
    }

    /** {@code TRUNCATE} of the given relations; option bits 1 = CASCADE, 2 = RESTART IDENTITY. */
    record Truncate(int options, int[] relationOids) implements PgOutputMessage {
    }

    /** A logical decoding message ({@code pg_logical_emit_message}). */
    record Message(boolean transactional, long lsn, String prefix, byte[] content) implements PgOutputMessage {
    }

    /**
     * Start of a block of an in-progress transaction's changes ({@code streaming 'on'}, protocol 2+): until
     * {@link StreamStop}, each change carries the xid of the (sub)transaction it belongs to.
     */
    record StreamStart(long xid, boolean firstSegment) implements PgOutputMessage {
    }

    /** End of a block of streamed changes. */
    record StreamStop() implements PgOutputMessage {
    }

    /** A streamed transaction committed: the LSNs and time a Begin and Commit would have carried. */
    record StreamCommit(long xid, byte flags, long commitLsn, long endLsn, long commitTimePg) implements PgOutputMessage {
    }

    /** A streamed transaction ({@code subxid == xid}) or one of its subtransactions rolled back. */
    record StreamAbort(long xid, long subxid) implements PgOutputMessage {
    }

    /** A message this reader does not use (two-phase control, which it does not ask for). */
    record Other(char tag) implements PgOutputMessage {
    }
}
