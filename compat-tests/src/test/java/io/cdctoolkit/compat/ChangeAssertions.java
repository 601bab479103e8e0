package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.cdctoolkit.compat.KafkaRecords.header;
import static io.cdctoolkit.compat.KafkaRecords.json;
import static io.cdctoolkit.compat.KafkaRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a consumer of the pipeline's topics should see, checked on the records read back: the changes
 * of each key in order, a tombstone right after each delete, the {@code cdc.*} headers, the topics.
 */
final class ChangeAssertions {

    /** How {@link #opsByKey} writes a tombstone. */
    static final String TOMBSTONE = "tombstone";

    private ChangeAssertions() {
    }

    /**
     * Per table ({@code cdc.table} header) and key (the key's JSON text, {@code null} for a keyless
     * table), the changes in the order a consumer reads them: the envelope's {@code op} ({@code r},
     * {@code c}, {@code u}, {@code d}) or {@link #TOMBSTONE}.
     */
    static Map<String, Map<String, List<String>>> opsByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Map<String, List<String>>> byTable = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byTable.computeIfAbsent(header(r, "cdc.table"), t -> new LinkedHashMap<>())
                    .computeIfAbsent(text(r.key()), k -> new ArrayList<>())
                    .add(op(r));
        }
        return byTable;
    }

    /** The envelope's op, or {@link #TOMBSTONE} for a null value. */
    static String op(ConsumerRecord<byte[], byte[]> r) {
        JsonNode value = json(r.value());
        return value == null ? TOMBSTONE : value.path("op").asText();
    }

    /**
     * Each delete of a keyed table is followed, at the next offset of its partition, by a record with the
     * same key and a null value; a delete of a keyless table by none; and no tombstone comes any other way.
     */
    static void assertTombstoneRightAfterEachDelete(List<ConsumerRecord<byte[], byte[]>> records) {
        int deletes = 0;
        int tombstones = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            if (r.value() == null) tombstones++;
            if (r.value() == null || !op(r).equals("d")) continue;
            ConsumerRecord<byte[], byte[]> next = i + 1 < records.size() ? records.get(i + 1) : null;
            boolean nextIsTombstone = next != null && next.topic().equals(r.topic())
                    && next.partition() == r.partition() && next.offset() == r.offset() + 1
                    && next.value() == null && java.util.Arrays.equals(next.key(), r.key());
            if (r.key() == null) {
                assertThat(nextIsTombstone).as("no tombstone after the delete of keyless %s", describe(r)).isFalse();
            } else {
                deletes++;
                assertThat(nextIsTombstone).as("a tombstone right after the delete %s; next: %s", describe(r),
                        next == null ? "none" : describe(next)).isTrue();
            }
        }
        assertThat(tombstones).as("tombstones, one per delete of a keyed table").isEqualTo(deletes);
    }

    /** Every record carries {@code cdc.op} (matching the envelope's op), {@code cdc.table} and {@code cdc.source}. */
    static void assertCdcHeaders(List<ConsumerRecord<byte[], byte[]>> records) {
        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(header(r, "cdc.op")).as("cdc.op of %s", describe(r))
                    .isEqualTo(r.value() == null ? "d" : op(r));
            assertThat(header(r, "cdc.table")).as("cdc.table of %s", describe(r)).isNotBlank();
            assertThat(header(r, "cdc.source")).as("cdc.source of %s", describe(r)).isNotBlank();
        });
    }

    /** Every record of a table is in the topic expected for it ({@code cdc.table} → topic). */
    static void assertTopics(List<ConsumerRecord<byte[], byte[]>> records, Map<String, String> topicByTable) {
        Map<String, String> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) actual.put(header(r, "cdc.table"), r.topic());
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(topicByTable);
        assertThat(records).allSatisfy(r -> assertThat(r.topic()).isEqualTo(topicByTable.get(header(r, "cdc.table"))));
    }

    static String describe(ConsumerRecord<byte[], byte[]> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset() + " key=" + text(r.key()) + " "
                + header(r, "cdc.op") + " " + header(r, "cdc.source");
    }
}
