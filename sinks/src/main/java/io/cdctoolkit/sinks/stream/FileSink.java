package io.cdctoolkit.sinks.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records as JSON lines to a file, creating it and its parent directories. A record is
 * acknowledged once its line was flushed to the operating system (not fsynced).
 */
final class FileSink extends JsonLinesSink {

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
        return new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), BUFFER_BYTES);
    }

    @Override
    protected void closeStream(OutputStream stream) throws IOException {
        stream.close();
    }
}
