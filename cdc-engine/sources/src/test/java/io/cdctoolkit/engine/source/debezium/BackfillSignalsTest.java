package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.debezium.engine.DebeziumEngine;
import io.debezium.schema.SchemaFactory;
import io.debezium.schema.SchemaNameAdjuster;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.requestsLeft;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which records {@link BackfillSignals} takes for a backfill's rows, and when a request is done, fed the records a
 * Debezium 3.5 engine hands over (their shape as printed from a MariaDB 10.11 run: a blocking snapshot's offsets say
 * {@code snapshot=BLOCKING} on all but its last row, an initial snapshot's {@code INITIAL}; notification records with
 * Debezium's own notification schema). The servers' runs are {@link BlockingBackfillContract}'s.
 */
class BackfillSignalsTest {

    private static final Schema SOURCE = SchemaBuilder.struct().field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("m.shop.t.Envelope")
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();
    private static final Schema NOTIFICATION = SchemaFactory.get().notificationValueSchema(SchemaNameAdjuster.NO_OP);

    @TempDir
    Path state;

    private final List<DebeziumEngine.Signal> signals = new ArrayList<>();
    private long sequence;

    @Test
    void anInitialSnapshotsRowsAreNoBackfillsAndItsCompletionEndsNoRequest() throws Exception {
        BackfillSignals signals = startedWith(request("shop.t"));
        assertThat(observe(signals, notification("STARTED", Map.of()))).isNull();
        assertThat(observe(signals, notification("IN_PROGRESS", offset("INITIAL")))).isNull();
        assertThat(observe(signals, row("first", offset("INITIAL")))).isNull();
        assertThat(observe(signals, row("last", offset(null)))).isNull();
        assertThat(observe(signals, notification("COMPLETED", offset(null)))).isNull();
        signals.committed(sequence);
        assertThat(requestsLeft(state)).as("the request: its snapshot has not run yet").hasSize(1);
    }

    @Test
    void aBlockingSnapshotsRowsAreTheRequestsAndItIsDoneOnceTheLastIsCommitted() throws Exception {
        BackfillSignals signals = startedWith(request("shop.t"));
        String id = this.signals.get(0).id();
        assertThat(observe(signals, row(null, offset(null)))).as("a change").isNull();
        assertThat(observe(signals, notification("STARTED", offset(null)))).isNull();
        assertThat(observe(signals, notification("IN_PROGRESS", offset("BLOCKING")))).isNull();
        assertThat(observe(signals, row("first", offset("BLOCKING")))).isEqualTo(id);
        assertThat(observe(signals, notification("TABLE_SCAN_COMPLETED", offset("BLOCKING")))).isNull();
        assertThat(observe(signals, row("last", offset(null)))).as("the last row: its offset unmarked").isEqualTo(id);
        long lastRow = sequence;
        assertThat(observe(signals, notification("COMPLETED", offset(null)))).isNull();
        assertThat(observe(signals, row(null, offset(null)))).as("the stream, on").isNull();
        signals.committed(lastRow - 1);
        assertThat(requestsLeft(state)).as("its last row not committed").hasSize(1);
        signals.committed(lastRow);
        assertThat(requestsLeft(state)).isEmpty();
    }

    @Test
    void aBlockingSnapshotThatReadsNoRowEndsItsRequestWhenItCompletes() throws Exception {
        BackfillSignals signals = startedWith(request("shop.t"));
        observe(signals, notification("IN_PROGRESS", offset("BLOCKING")));
        observe(signals, notification("TABLE_SCAN_COMPLETED", offset("BLOCKING")));
        assertThat(requestsLeft(state)).hasSize(1);
        observe(signals, notification("COMPLETED", offset(null)));
        assertThat(requestsLeft(state)).as("nothing to commit").isEmpty();
    }

    @Test
    void anAbortedSnapshotLeavesItsRequestForTheNextStartAndTheNextRequestGoesOn() throws Exception {
        BackfillSignals signals = startedWith(request("shop.t"), request("shop.other"));
        assertThat(this.signals).hasSize(2);
        assertThat(observe(signals, row("first", offset("BLOCKING")))).isEqualTo(this.signals.get(0).id());
        observe(signals, notification("ABORTED", offset(null)));
        assertThat(observe(signals, row("first", offset("BLOCKING")))).isEqualTo(this.signals.get(1).id());
        assertThat(observe(signals, row("last", offset(null)))).isEqualTo(this.signals.get(1).id());
        observe(signals, notification("COMPLETED", offset(null)));
        signals.committed(sequence);
        assertThat(requestsLeft(state)).as("the aborted one").hasSize(1);
        assertThat(BackfillSignals.requestFiles(state).take().tables()).containsExactly("shop.t");
    }

    private BackfillSignals startedWith(BackfillRequestFiles.Request... requests) throws Exception {
        BackfillRequestFiles files = BackfillSignals.requestFiles(state);
        for (BackfillRequestFiles.Request r : requests) {
            files.leave(r);
            Thread.sleep(2); // one file each, in order
        }
        BackfillSignals backfills = new BackfillSignals(state, "test source", (table, where, engine) -> "SELECT");
        backfills.sendAll(signals::add, Map.of());
        return backfills;
    }

    private String observe(BackfillSignals backfills, SourceRecord record) {
        return backfills.observed(++sequence, record);
    }

    private static BackfillRequestFiles.Request request(String table) {
        return new BackfillRequestFiles.Request(Set.of(table), null);
    }

    private static Map<String, Object> offset(String snapshot) {
        Map<String, Object> offset = new HashMap<>(Map.of("file", "mariadb-bin.000001", "pos", 2876L));
        if (snapshot != null) offset.put("snapshot", snapshot);
        return offset;
    }

    /** A row: {@code source.snapshot} {@code marker} (null: a streamed change). */
    private static SourceRecord row(String marker, Map<String, Object> offset) {
        Struct value = new Struct(ENVELOPE).put("source", new Struct(SOURCE).put("snapshot", marker))
                .put("op", marker == null ? "u" : "r");
        return new SourceRecord(Map.of("server", "m"), offset, "m.shop.t", ENVELOPE, value);
    }

    private static SourceRecord notification(String type, Map<String, Object> offset) {
        Struct value = new Struct(NOTIFICATION).put("id", "n").put("type", type).put("aggregate_type", "Initial Snapshot")
                .put("additional_data", Map.of("connector_name", "m")).put("timestamp", 1L);
        return new SourceRecord(Map.of("server", "m"), offset, "cdc-toolkit.notifications", NOTIFICATION, value);
    }
}
