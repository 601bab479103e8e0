package io.cdctoolkit.engine.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small state file (offsets) so that it survives a killed process and a power loss: the
 * new content goes to {@code <file>.tmp}, which is fsynced, renamed over the file in one atomic step,
 * and then the folder is fsynced so the rename itself is on disk. A crash at any point leaves either
 * the previous file or the new one, never a torn or empty one.
 */
public final class DurableFiles {

    /** Suffix of the temporary file next to the target. */
    public static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /**
     * Writes {@code content} to {@code file} durably (see the class comment).
     *
     * @throws IOException when any step fails; the previous file is then left as it was
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(dir);
    }

    /**
     * Fsyncs a folder, so that a file created or renamed in it is still there after a power loss. On
     * systems that cannot open a folder for syncing (Windows) this does nothing.
     */
    public static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            if (isWindows()) return; // folders cannot be opened there; NTFS journals the rename
            throw e;
        }
        try (channel) {
            channel.force(true);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
