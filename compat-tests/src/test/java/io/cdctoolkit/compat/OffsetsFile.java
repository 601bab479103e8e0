package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.util.SafeObjectInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a database source's saved offset from {@code <state_dir>/sources/<source>/offsets.dat}, Kafka
 * Connect's file offset store: a serialized {@code HashMap<byte[], byte[]>} of JSON partition → JSON offset.
 */
final class OffsetsFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OffsetsFile() {
    }

    /** The only offset in {@code file} (a pipeline has one source, which has one partition). */
    static JsonNode singleOffset(Path file) throws IOException, ClassNotFoundException {
        // Kafka's own reader of the file, which refuses unexpected classes.
        try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new SafeObjectInputStream(in)) {
            Map<?, ?> offsets = (Map<?, ?>) objects.readObject();
            if (offsets.size() != 1) throw new IllegalStateException("expected one saved offset in " + file + ": " + offsets.size());
            byte[] value = (byte[]) offsets.values().iterator().next();
            return JSON.readTree(new String(value, StandardCharsets.UTF_8));
        }
    }
}
