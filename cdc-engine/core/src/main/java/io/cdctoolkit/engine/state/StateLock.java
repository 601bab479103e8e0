package io.cdctoolkit.engine.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a source's state folder ({@code <folder>/lock}, an OS file lock held for as
 * long as the source runs), so that two processes never read from one replication slot and write one
 * offsets file. The file holds the owner's process id, for the message the second one prints. The
 * operating system releases the lock when the owner exits, however it exits (also on SIGKILL), so a
 * stale file never blocks a restart.
 */
public final class StateLock implements AutoCloseable {

    /** Name of the lock file in the state folder. */
    public static final String FILE_NAME = "lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (created if missing) without waiting.
     *
     * @param owner what runs on this state, for the message, e.g. {@code source 'pg'}
     * @throws StateInUseException (unchecked) when another process, or this one, holds it
     * @throws IOException         when the folder or the file cannot be created or locked
     */
    public static StateLock acquire(Path dir, String owner) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String pid = readPid(channel);
            channel.close();
            throw new StateInUseException(owner + " is already running (pid " + pid + "): its state " + dir
                    + " is locked by another cdc-toolkit process; stop that one first (two readers would share the"
                    + " replication slot and the offsets)");
        }
        try {
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new StateLock(file, channel, lock);
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock (the file stays; its content is only read while someone holds it). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
        }
    }

    private static String readPid(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? "unknown" : text;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
