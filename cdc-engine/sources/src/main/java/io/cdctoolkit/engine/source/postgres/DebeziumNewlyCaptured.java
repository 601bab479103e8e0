package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest;
import io.cdctoolkit.engine.source.debezium.ConnectOffsetTopic;
import io.cdctoolkit.engine.source.debezium.ConnectOffsetsFile;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativePostgresReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Debezium engine's side of the native reader's backfill of tables captured since the snapshot
 * ({@code snapshot_new_tables}): a start that adds tables to the publication after the snapshot completed
 * (include_tables widened, a table created that the filters match) streams their changes from now on, but Debezium
 * takes no snapshot of them — its offsets say the snapshot is done — so their existing rows would never arrive. This
 * start asks for them instead, as {@code cdc-toolkit backfill} does: a request the reader sends to the engine as a
 * blocking snapshot ({@link BlockingBackfillRequest}); with {@code snapshot_new_tables: false} it says, once, that their
 * rows are not read (as the native engine says it).
 */
final class DebeziumNewlyCaptured {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumNewlyCaptured.class);
    /** Debezium's snapshot modes that read rows at the first start only, or when the offsets are unusable. */
    private static final Set<String> FIRST_START_ONLY = Set.of("initial", "when_needed");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private DebeziumNewlyCaptured() {
    }

    /**
     * When {@code newlyPublished} is not empty and the engine will not snapshot at this start (its snapshot mode reads
     * rows at the first start only and its saved offsets — file or Kafka topic, as {@code properties} say — show a
     * completed snapshot): leaves a backfill request for those tables in {@code requests}, or warns when that is null.
     * Offsets that cannot be read are left to the engine's own start, without either.
     *
     * @param newlyPublished {@code "schema"."table"} names ({@link DebeziumPublication.Prepared#newlyPublished})
     * @param properties     the engine's final properties
     * @param requests       where the reader takes backfill requests; null with {@code snapshot_new_tables: false}
     */
    static void readOrWarn(Set<String> newlyPublished, Map<String, String> properties, String publication, String source,
                           BackfillRequestFiles requests) throws IOException {
        if (newlyPublished.isEmpty() || !FIRST_START_ONLY.contains(properties.get("snapshot.mode"))) return;
        try {
            if (!snapshotCompleted(properties)) return;
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: the Debezium engine's offsets could not be read to tell whether it snapshots", source, e);
            return;
        }
        Set<String> tables = unquoted(newlyPublished);
        if (requests == null) {
            LOG.warn("{}: {} added to publication {} at this start (snapshot_new_tables: false): {}", source,
                    String.join(", ", tables), publication,
                    NativePostgresReader.newlyCaptured(String.join(", ", tables), tables.size()));
            return;
        }
        // Left before the engine starts, where its reader takes it at the start (and, should this start fail, at the
        // next: the publication holds the tables by then, so nothing else would tell that their rows were never read).
        requests.leaveUnlessReadWhole(tables);
        LOG.info("{}: {} added to publication {} at this start, after the snapshot (snapshot_new_tables): {} rows are"
                + " read as a backfill — Debezium's blocking snapshot — once the engine has started; {} changes are"
                + " streamed from this start on", source, String.join(", ", tables), publication,
                tables.size() == 1 ? "its" : "their", tables.size() == 1 ? "its" : "their");
    }

    /**
     * {@code check}'s {@code new_tables} item ({@link BlockingBackfillRequest#newTables}) for the tables the next start
     * adds to the publication ({@link DebeziumPublication#wouldNewlyPublish}) when it will not snapshot; empty when
     * there are none.
     *
     * @throws IOException when the saved offsets cannot be read
     */
    static Optional<PrerequisiteCheck> check(Set<String> wouldNewlyPublish, Map<String, String> properties,
                                             boolean snapshotNewTables, ComponentContext context) throws IOException {
        if (wouldNewlyPublish.isEmpty() || !FIRST_START_ONLY.contains(properties.get("snapshot.mode"))
                || !snapshotCompleted(properties)) {
            return Optional.empty();
        }
        return BlockingBackfillRequest.newTables(unquoted(wouldNewlyPublish), snapshotNewTables, context);
    }

    /** Whether the saved offsets (file or Kafka topic, as {@code properties} say) show a completed snapshot. */
    private static boolean snapshotCompleted(Map<String, String> properties) throws IOException {
        List<Map<String, Object>> offsets = savedOffsets(properties);
        return !offsets.isEmpty() && offsets.stream().noneMatch(ConnectOffsetsFile::snapshotRunning);
    }

    private static Set<String> unquoted(Set<String> members) {
        return members.stream().map(DebeziumNewlyCaptured::unquoted).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Map<String, Object>> savedOffsets(Map<String, String> properties) throws IOException {
        if (!KafkaOffsetBackingStore.class.getName().equals(properties.get("offset.storage"))) {
            return ConnectOffsetsFile.offsets(Path.of(properties.get("offset.storage.file.filename")).getParent());
        }
        String name = properties.get("name");
        try (ConnectOffsetTopic topic = new ConnectOffsetTopic(properties.get("bootstrap.servers"),
                properties.get("offset.storage.topic"), name,
                "cdc-toolkit-offsets-look-" + name.replaceAll("[^A-Za-z0-9._-]", "_"),
                "the Debezium engine's offsets", READ_TIMEOUT)) {
            // Debezium's PostgreSQL offset key: {"server": "<topic.prefix>"}.
            Map<String, Object> offset = topic.read(Map.of("server", properties.get("topic.prefix")));
            return offset == null ? List.of() : List.of(offset);
        }
    }

    /** {@code "public"."orders"} as {@code public.orders}. */
    private static String unquoted(String member) {
        Matcher part = QUOTED.matcher(member);
        StringBuilder out = new StringBuilder();
        while (part.find()) {
            if (!out.isEmpty()) out.append('.');
            out.append(part.group(1).replace("\"\"", "\""));
        }
        return out.isEmpty() ? member : out.toString();
    }
}
