package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * The column values of one row in a pgoutput message, in column order: per column a kind ('n' NULL,
 * 'u' unchanged TOASTed value not sent, 't' text, 'b' binary) and, for 't'/'b', the bytes as sent.
 */
record TupleData(byte[] kinds, byte[][] values) {

    static final byte NULL = 'n';
    static final byte UNCHANGED_TOAST = 'u';
    static final byte TEXT = 't';
    static final byte BINARY = 'b';

    int size() {
        return kinds.length;
    }
}
