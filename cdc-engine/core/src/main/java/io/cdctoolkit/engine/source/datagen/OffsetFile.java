package io.cdctoolkit.engine.source.datagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.state.DurableFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The committed datagen position, {@code datagen-offset.json} in the source's state directory:
 * {@code {"seq": 41, "seed": 42, "pattern": "orders", "cdc_mode": true}}. Seed, pattern and mode are
 * kept so a restart can tell whether it continues the same stream. Written to a temporary file,
 * fsynced and moved into place, so neither a crash nor a power loss leaves half a file.
 */
final class OffsetFile {

    static final String FILE_NAME = "datagen-offset.json";

    /**
     * What was committed.
     *
     * @param seq     the highest acknowledged sequence number
     * @param seed    the seed that produced it
     * @param pattern the pattern that produced it
     * @param cdcMode whether cdc_mode produced it
     */
    record Committed(long seq, long seed, String pattern, boolean cdcMode) {
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    OffsetFile(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** The committed position, or empty when nothing was committed yet. */
    Optional<Committed> read() throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        JsonNode node;
        try {
            node = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read datagen offset file " + file + ": " + e.getMessage()
                    + " (delete it to restart the stream from seq 0)", e);
        }
        if (node == null || !node.path("seq").canConvertToLong() || !node.path("seed").canConvertToLong()) {
            throw new IOException("datagen offset file " + file + " has no numeric seq/seed"
                    + " (delete it to restart the stream from seq 0)");
        }
        return Optional.of(new Committed(node.get("seq").asLong(), node.get("seed").asLong(),
                node.path("pattern").asText(""), node.path("cdc_mode").asBoolean(false)));
    }

    /** Replaces the committed position, durably ({@link DurableFiles}: fsynced file and folder). */
    void write(Committed committed) throws IOException {
        ObjectNode node = json.createObjectNode()
                .put("seq", committed.seq())
                .put("seed", committed.seed())
                .put("pattern", committed.pattern())
                .put("cdc_mode", committed.cdcMode());
        try {
            DurableFiles.replace(file, json.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IOException("cannot save the datagen position to " + file + ": " + e, e);
        }
    }
}
