package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the backfill tests of the Debezium-engine sources check in the events of a blocking snapshot (a table
 * {@code t (id int PRIMARY KEY, v text)}), and the requests a source's state folder holds.
 */
public final class BlockingBackfillEvents {

    private BlockingBackfillEvents() {
    }

    /** Whether the backfill's last row has come (Debezium marks it {@code last}). */
    public static boolean lastRowCame(List<ChangeEvent> events) {
        return events.stream().anyMatch(e -> e.op() == Op.READ && "last".equals(Envelope.source(e.value()).get("snapshot")));
    }

    /**
     * Rows as Debezium marks a snapshot's: the first {@code first}, the last {@code last}, the others {@code true} (or,
     * where one table's rows end and the next's begin, {@code last_in_data_collection}, {@code first_in_data_collection}).
     */
    public static void assertSnapshotRows(List<ChangeEvent> rows) {
        assertThat(rows).isNotEmpty();
        List<Object> markers = rows.stream().map(e -> Envelope.source(e.value()).get("snapshot")).toList();
        assertThat(markers.get(0)).isEqualTo("first");
        assertThat(markers.get(markers.size() - 1)).isEqualTo("last");
        assertThat(markers.subList(1, markers.size() - 1)).isSubsetOf("true", "last_in_data_collection",
                "first_in_data_collection");
        // A blocking snapshot's (not an initial snapshot taken again): Debezium's offsets say so, but for its last row.
        assertThat(rows.subList(0, rows.size() - 1)).extracting(e -> String.valueOf(e.position().offset().get("snapshot")))
                .containsOnly("BLOCKING");
    }

    /** What a consumer that applies {@code events} in order (from nothing) holds: id → v. */
    public static Map<Integer, String> applied(List<ChangeEvent> events) {
        Map<Integer, String> rows = new TreeMap<>();
        for (ChangeEvent e : events) {
            if (e.op() == Op.DELETE) {
                rows.remove(id(e));
            } else {
                rows.put(id(e), (String) Envelope.after(e.value()).get("v"));
            }
        }
        return rows;
    }

    /** Each read row's id → v. */
    public static Map<Integer, String> read(List<ChangeEvent> rows) {
        Map<Integer, String> read = new TreeMap<>();
        for (ChangeEvent e : rows) read.put(id(e), (String) Envelope.after(e.value()).get("v"));
        return read;
    }

    public static int id(ChangeEvent e) {
        return ((Number) e.key().get("id")).intValue();
    }

    /** The backfill requests waiting in the source's state folder. */
    public static List<Path> requestsLeft(Path state) throws IOException {
        Path folder = state.resolve(BackfillSignals.REQUESTS_FOLDER);
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
