package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A committed streamed transaction read back from its {@link TransactionSpool}: a Begin, the spooled
 * changes with the LSNs they were received at, and a Commit, as the server would have sent the
 * transaction without streaming (Begin's final LSN, Commit's LSNs and time are Stream Commit's), so
 * the {@link StreamAssembler} gives the same events. Read a message at a time (the transaction may not
 * fit in memory); the file is deleted when the replay ends or is closed.
 */
final class SpoolReplay implements AutoCloseable {

    private final Path file;
    private final PgOutputMessage.StreamCommit commit;
    private final DataInputStream in;
    private boolean begun;
    private boolean done;
    private long lsn;

    private final long beginLsn;

    /**
     * @param beginLsn where the transaction's first block arrived (its first Stream Start): the LSN a Begin of the
     *                 same transaction not streamed arrives at, so its BEGIN event's id is the same
     */
    SpoolReplay(Path file, PgOutputMessage.StreamCommit commit, long beginLsn) throws IOException {
        this.beginLsn = beginLsn;
        this.file = file;
        this.commit = commit;
        this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024));
    }

    /** The next message, or null after the Commit (the file is then deleted). */
    PgOutputMessage next() throws IOException {
        if (!begun) {
            begun = true;
            lsn = beginLsn;
            return new PgOutputMessage.Begin(commit.commitLsn(), commit.commitTimePg(), commit.xid());
        }
        if (done) return null;
        long at;
        try {
            at = in.readLong();
        } catch (EOFException end) {
            done = true;
            close();
            lsn = commit.endLsn();
            return new PgOutputMessage.Commit(commit.flags(), commit.commitLsn(), commit.endLsn(), commit.commitTimePg());
        }
        byte[] message = new byte[in.readInt()];
        in.readFully(message);
        lsn = at;
        return PgOutputDecoder.decode(ByteBuffer.wrap(message));
    }

    /** The LSN the last message returned by {@link #next} was received at. */
    long lsn() {
        return lsn;
    }

    @Override
    public void close() throws IOException {
        in.close();
        Files.deleteIfExists(file);
    }
}
