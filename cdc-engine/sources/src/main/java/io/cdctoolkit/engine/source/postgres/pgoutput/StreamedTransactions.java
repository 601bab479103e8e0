package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The in-progress transactions the server streams ({@code streaming 'on'}): their changes are spooled
 * to a file per top-level transaction in {@code dir} (not kept in memory: these are the transactions
 * larger than the server's {@code logical_decoding_work_mem}); a Stream Abort drops a subtransaction's
 * changes or the whole spool; a Stream Commit hands the spool back as a {@link SpoolReplay}, so nothing
 * of a streamed transaction is delivered before it commits. Blocks of several transactions may
 * interleave, and whole (non-streamed) transactions may come between blocks. Relation and Type messages
 * inside a block are spooled with the changes and replayed in order, as PostgreSQL's apply worker does.
 * Used by the reader's polling thread only.
 */
final class StreamedTransactions implements AutoCloseable {

    private final Path dir;
    private final Map<Long, TransactionSpool> spools = new HashMap<>();
    /** The transaction whose block is being received (between Stream Start and Stream Stop), or null. */
    private TransactionSpool current;

    /**
     * Empties {@code dir}: spools left by a previous run are of transactions the slot sends again from
     * their first change (none of them committed, or the confirmed LSN would be past it).
     */
    StreamedTransactions(Path dir) throws IOException {
        this.dir = dir;
        deleteSpools();
        Files.createDirectories(dir);
    }

    /**
     * Takes the message if it belongs to a streamed transaction: a change inside a stream block (spooled),
     * Stream Start, Stop or Abort. False for any other message, which the caller decodes and handles;
     * a Stream Commit comes back decoded for {@link #commit}.
     */
    boolean take(ByteBuffer message, long lsn) throws IOException {
        int at = message.position();
        char tag = (char) message.get(at);
        if (current != null && isChange(tag)) {
            current.append(Integer.toUnsignedLong(message.getInt(at + 1)), message, lsn);
            return true;
        }
        switch (tag) {
            case 'S' -> start((PgOutputMessage.StreamStart) PgOutputDecoder.decode(message), lsn);
            case 'E' -> current = null;
            case 'A' -> abort((PgOutputMessage.StreamAbort) PgOutputDecoder.decode(message));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The messages that carry the (sub)transaction's xid inside a stream block. */
    private static boolean isChange(char tag) {
        return switch (tag) {
            case 'I', 'U', 'D', 'T', 'R', 'Y', 'M' -> true;
            default -> false;
        };
    }

    private void start(PgOutputMessage.StreamStart start, long lsn) throws IOException {
        TransactionSpool spool = spools.get(start.xid());
        if (start.firstSegment() || spool == null) {
            if (spool != null) spool.close();
            if (!start.firstSegment()) {
                throw new IllegalStateException("pgoutput: a later block of streamed transaction " + start.xid()
                        + " whose first block was not received");
            }
            spool = new TransactionSpool(start.xid(), lsn, dir.resolve("txn-" + start.xid() + ".spool"));
            spools.put(start.xid(), spool);
        }
        current = spool;
    }

    private void abort(PgOutputMessage.StreamAbort abort) throws IOException {
        TransactionSpool spool = spools.get(abort.xid());
        if (spool == null) return; // nothing of it was spooled here
        if (abort.subxid() == abort.xid()) {
            spools.remove(abort.xid());
            spool.close();
        } else {
            spool.abortSubtransaction(abort.subxid());
        }
    }

    /** The committed transaction's changes to replay; its spool is deleted once read. */
    SpoolReplay commit(PgOutputMessage.StreamCommit commit) throws IOException {
        TransactionSpool spool = spools.remove(commit.xid());
        if (spool == null) {
            throw new IllegalStateException("pgoutput: commit of streamed transaction " + commit.xid()
                    + " whose changes were not received");
        }
        return spool.replay(commit);
    }

    /** Streamed transactions received and neither committed nor rolled back. */
    int inProgress() {
        return spools.size();
    }

    /** Deletes every spool (the transactions come again from the slot after a restart). */
    @Override
    public void close() throws IOException {
        for (TransactionSpool spool : spools.values()) spool.close();
        spools.clear();
        current = null;
        deleteSpools();
    }

    private void deleteSpools() throws IOException {
        deleteLeftovers(dir);
    }

    /**
     * Deletes the spools a previous run left in {@code dir} (killed before it could), also when this run
     * does not stream: their transactions come again from the slot either way.
     */
    static void deleteLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
