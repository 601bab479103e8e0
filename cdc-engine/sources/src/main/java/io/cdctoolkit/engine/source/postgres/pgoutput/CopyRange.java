package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * One COPY of a parallel snapshot: a whole table, or one ctid page range of it.
 *
 * @param table     the table's index in the snapshot's table list
 * @param statement the binary {@code COPY ... TO STDOUT}
 */
record CopyRange(int table, String statement) {
}
