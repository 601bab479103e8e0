package io.cdctoolkit.sinks.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records as JSON lines to a file, creating it and its parent directories. A record is
 * acknowledged once its line was flushed to the operating system (not fsynced).
 *
 * <p>A file that does not end with a newline gets one before the first record: a process killed while
 * writing (SIGKILL, OOM killer) can leave its last line unfinished (the kernel stops a write between
 * pages), and the next run's first record would otherwise be glued onto it, leaving neither readable.
 * That unfinished record was never acknowledged, so it is written again in full.
 */
final class FileSink extends JsonLinesSink {

    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;

    FileSink(Path path) {
        super("file", false);
        this.path = path;
    }

    @Override
    protected OutputStream openStream() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        boolean unfinishedLine = endsWithUnfinishedLine(path);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), BUFFER_BYTES);
        if (unfinishedLine) {
            LOG.warn("file sink: {} ends with an unfinished line (the previous run stopped while writing it; that record "
                    + "was not acknowledged and is written again); ending it with a newline so new records start on "
                    + "their own line", path);
            out.write('\n');
            out.flush();
        }
        return out;
    }

    /** Whether {@code file} is a non-empty regular file whose last byte is not a newline. */
    private static boolean endsWithUnfinishedLine(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) return false;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(in.length() - 1);
            return in.read() != '\n';
        }
    }

    @Override
    protected void closeStream(OutputStream stream) throws IOException {
        stream.close();
    }
}
