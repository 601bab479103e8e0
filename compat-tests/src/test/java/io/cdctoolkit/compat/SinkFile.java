package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads what the {@code file} sink wrote (one JSON record per line, docs/sinks.md) as {@link Change}s,
 * incrementally: {@link #refresh} parses only the complete lines added since the last call.
 */
final class SinkFile {

    /** Strict: a line holding more than one record (one glued onto another) fails instead of losing the second. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path path;
    private final List<Change> changes = new ArrayList<>();
    private final List<JsonNode> sources = new ArrayList<>();
    private long offset;
    /** Where the line a killed writer left unfinished starts, or -1: that line is no change. */
    private long unfinishedLine = -1;
    private boolean killedWriterLeftAnUnfinishedLine;

    SinkFile(Path path) {
        this.path = path;
    }

    /** Parses the lines completed since the last call; returns how many changes were read in all. */
    int refresh() throws IOException {
        if (!Files.exists(path)) return 0;
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) return changes.size();
            byte[] bytes = new byte[Math.toIntExact(length - offset)];
            file.seek(offset);
            file.readFully(bytes);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') continue;
                if (offset + start == unfinishedLine) { // ended by the next run's sink
                    unfinishedLine = -1;
                    start = i + 1;
                    continue;
                }
                JsonNode value = JSON.readTree(new String(bytes, start, i - start, StandardCharsets.UTF_8)).get("value");
                changes.add(change(value));
                sources.add(value.get("source"));
                start = i + 1;
            }
            offset += start; // a partly written last line is read again next time
        }
        return changes.size();
    }

    /**
     * Call once the writing process was killed: reads its last complete lines and remembers a line it left
     * unfinished (SIGKILL can stop a write between pages). That line is no delivered change: the next run's
     * sink ends it with a newline (docs/sinks.md), and {@link #refresh} skips it.
     *
     * @return how many changes were read in all
     */
    int writerKilled() throws IOException {
        int read = refresh();
        if (Files.exists(path) && Files.size(path) > offset) {
            unfinishedLine = offset;
            killedWriterLeftAnUnfinishedLine = true;
        }
        return read;
    }

    /** Whether a killed writer left an unfinished line (for failure messages). */
    boolean killedWriterLeftAnUnfinishedLine() {
        return killedWriterLeftAnUnfinishedLine;
    }

    /** Every change read so far, in file order. */
    List<Change> changes() {
        return Collections.unmodifiableList(changes);
    }

    /** The Debezium {@code source} block of the record the change at {@code index} came in (its position). */
    JsonNode source(int index) {
        return sources.get(index);
    }

    /** The change a record's value carries: its op and the row ({@code after}, or {@code before} for a delete). */
    private static Change change(JsonNode value) {
        String op = value.get("op").asText();
        JsonNode row = "d".equals(op) ? value.get("before") : value.get("after");
        return new Change(op, row.get("id").asInt(), row.get("v").asInt());
    }

    /**
     * One change of a row of the {@code items (id, v)} table.
     *
     * @param op {@code r} (snapshot), {@code c}, {@code u} or {@code d}
     * @param id the row's key
     * @param v  its {@code v} column (after the change; before it for a delete)
     */
    record Change(String op, int id, int v) {
        @Override
        public String toString() {
            return op + ":" + id + ":" + v;
        }
    }
}
