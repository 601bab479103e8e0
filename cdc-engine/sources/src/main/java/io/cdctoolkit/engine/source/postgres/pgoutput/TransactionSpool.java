package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The streamed changes of one in-progress top-level transaction, in a file: each record is the LSN the
 * change was received at, its length and the pgoutput message without its xid prefix. As PostgreSQL's
 * own apply worker ({@code worker.c}, {@code subxact_info_add} / {@code stream_abort_internal}), it keeps
 * where each subtransaction's first change starts, so rolling back a subtransaction truncates the file
 * there (dropping its changes and those of the subtransactions spooled after it, its children).
 */
final class TransactionSpool implements AutoCloseable {

    /** A subtransaction and the offset of its first spooled change. */
    private record Subtransaction(long xid, long offset) {
    }

    private final long xid;
    /** Where the server sent the first block of the transaction (its first Stream Start): the replayed Begin's LSN. */
    private final long firstLsn;
    private final Path file;
    private final FileOutputStream fileOut;
    private final DataOutputStream out;
    private final List<Subtransaction> subtransactions = new ArrayList<>();
    private long size;

    TransactionSpool(long xid, long firstLsn, Path file) throws IOException {
        this.firstLsn = firstLsn;
        this.xid = xid;
        this.file = file;
        this.fileOut = new FileOutputStream(file.toFile());
        this.out = new DataOutputStream(new BufferedOutputStream(fileOut, 64 * 1024));
    }

    long xid() {
        return xid;
    }

    /**
     * Appends the change in {@code message} (from its position: the tag, then the xid, then the
     * body) of (sub)transaction {@code subxid}, received at {@code lsn}.
     */
    void append(long subxid, ByteBuffer message, long lsn) throws IOException {
        if (subxid != xid && !known(subxid)) subtransactions.add(new Subtransaction(subxid, size));
        int start = message.position();
        int length = message.remaining() - 4;
        out.writeLong(lsn);
        out.writeInt(length);
        out.write(message.get(start)); // the tag
        if (message.hasArray()) {
            out.write(message.array(), message.arrayOffset() + start + 5, length - 1);
        } else {
            byte[] body = new byte[length - 1];
            message.get(start + 5, body);
            out.write(body);
        }
        size += 12 + length;
    }

    /** Searched from the end: a transaction's changes mostly come from its latest subtransaction. */
    private boolean known(long subxid) {
        for (int i = subtransactions.size() - 1; i >= 0; i--) if (subtransactions.get(i).xid() == subxid) return true;
        return false;
    }

    /** Drops the changes of a rolled-back subtransaction (nothing when none was spooled). */
    void abortSubtransaction(long subxid) throws IOException {
        for (int i = subtransactions.size() - 1; i >= 0; i--) {
            if (subtransactions.get(i).xid() != subxid) continue;
            out.flush();
            long offset = subtransactions.get(i).offset();
            FileChannel channel = fileOut.getChannel();
            channel.truncate(offset); // also moves the write position back to the offset
            size = offset;
            subtransactions.subList(i, subtransactions.size()).clear();
            return;
        }
    }

    /** Closes the file for reading: its changes, in order. */
    SpoolReplay replay(PgOutputMessage.StreamCommit commit) throws IOException {
        out.close();
        return new SpoolReplay(file, commit, firstLsn);
    }

    /** Closes and deletes the file (rolled back, or the reader stops). */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // deleting it anyway
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the streamed transaction's spool " + file, e);
        }
    }
}
