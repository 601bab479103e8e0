package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.stage.TombstoneSettings;
import io.cdctoolkit.engine.stage.TombstoneStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.cdctoolkit.engine.testing.TestEvents.ENVELOPE_SCHEMA;
import static io.cdctoolkit.engine.testing.TestEvents.SOURCE_SCHEMA;
import static io.cdctoolkit.engine.testing.TestEvents.TOPIC;
import static io.cdctoolkit.engine.testing.TestEvents.USERS;
import static io.cdctoolkit.engine.testing.TestEvents.delete;
import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static io.cdctoolkit.engine.testing.TestEvents.key;
import static io.cdctoolkit.engine.testing.TestEvents.row;
import static io.cdctoolkit.engine.testing.TestEvents.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeduplicationStageTest extends DedupStageFixture {

    @Test
    void aReDeliveredEventIsDroppedAndCounted() throws Exception {
        Stage stage = stage();
        assertThat(deliver(stage, insert(1, "ann", 10))).hasSize(1);

        // The replay after a restart: an equal event, built again by the reader.
        assertThat(apply(stage, insert(1, "ann", 10))).isEmpty();
        assertThat(counter("dedup.dropped", "source", "pg")).isEqualTo(1);
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void twoGenuineUpdatesOfOneRowSettingTheSameValuesBothPassInPositionMode() throws Exception {
        Stage stage = stage();
        assertThat(deliver(stage, update(1, "ann", "bob", 10))).hasSize(1);
        assertThat(deliver(stage, update(1, "ann", "bob", 11))).as("same row, same values, later lsn").hasSize(1);
        assertThat(counter("dedup.dropped", "source", "pg")).isZero();
    }

    @Test
    void anEventThatWasNeverAcknowledgedComesThroughAgain() throws Exception {
        Stage stage = stage();
        assertThat(apply(stage, insert(1, "ann", 10))).hasSize(1); // passed, but the send failed
        assertThat(apply(stage, insert(1, "ann", 10))).as("the retry").hasSize(1);
    }

    @Test
    void twoChangesOfOneRowInOneBinlogTransactionNeverCollide() throws Exception {
        Stage stage = stage();
        // MariaDB/MySQL offsets name the transaction's start (file, pos) and the events and rows into it.
        ChangeEvent first = at(update(1, "ann", "bob", 0), binlog("mariadb-bin.000003", 4711, 1, 1));
        ChangeEvent second = at(update(1, "bob", "ann", 0), binlog("mariadb-bin.000003", 4711, 2, 1));
        ChangeEvent third = at(update(1, "ann", "bob", 0), binlog("mariadb-bin.000003", 4711, 2, 2));
        assertThat(deliver(stage, first)).hasSize(1);
        assertThat(deliver(stage, second)).hasSize(1);
        assertThat(deliver(stage, third)).hasSize(1);

        assertThat(apply(stage, at(update(1, "ann", "bob", 0), binlog("mariadb-bin.000003", 4711, 2, 2))))
                .as("the replay of the third").isEmpty();
    }

    @Test
    void progressFieldsOfAPostgresOffsetDoNotMakeAReplayLookNew() throws Exception {
        Stage stage = stage();
        deliver(stage, at(insert(1, "ann", 0), pg(5000, 4000, 4990, 1L)));

        // After a restart Debezium's lsn_proc (last completely processed) may differ, and numbers read back
        // from the offsets file may be Integers: still the same change.
        assertThat(apply(stage, at(insert(1, "ann", 0), pg(5000, 4000, 4000, 1)))).isEmpty();
        assertThat(apply(stage, at(insert(1, "ann", 0), pg(5008, 4000, 4990, 1L)))).as("another change").hasSize(1);
    }

    @Test
    void positionsWithoutKnownFieldsAreKeyedByAllTheirFields() throws Exception {
        Stage stage = stage();
        deliver(stage, at(insert(1, "ann", 0), SourcePosition.of(Map.of("scn", 77L))));
        assertThat(apply(stage, at(insert(1, "ann", 0), SourcePosition.of(Map.of("scn", 77L))))).isEmpty();
        assertThat(apply(stage, at(insert(1, "ann", 0), SourcePosition.of(Map.of("scn", 78L))))).hasSize(1);
    }

    @Test
    void theOrderOfAnOffsetsFieldsDoesNotMatter() throws Exception {
        // Map.of iterates in an order that changes from one JVM to the next: a restart must still match.
        Stage stage = stage();
        deliver(stage, at(insert(1, "ann", 0), ordered("lsn", 5000L, "lsn_commit", 4000L)));
        deliver(stage, at(insert(2, "bob", 0), ordered("scn", 7L, "xid", 3L)));
        assertThat(apply(stage, at(insert(1, "ann", 0), ordered("lsn_commit", 4000L, "lsn", 5000L)))).isEmpty();
        assertThat(apply(stage, at(insert(2, "bob", 0), ordered("xid", 3L, "scn", 7L)))).isEmpty();
    }

    static SourcePosition ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put(k1, v1);
        offset.put(k2, v2);
        return SourcePosition.of(offset);
    }

    /**
     * A table without a primary key: rows are told apart by their position alone. The native reader numbers each row
     * of its snapshot and each change of a transaction; Debezium's snapshot rows all carry the snapshot's point, and
     * its PostgreSQL inserts an LSN that COPY's multi-insert WAL records share, so those are never dropped.
     */
    @Test
    void positionModeNeverTakesTwoRowsOfATableWithoutAKeyForOne() throws Exception {
        Stage stage = stage();
        deliver(stage, keyless(read(1, "ann", snapshotRow(100, 1, false))));
        assertThat(apply(stage, keyless(read(2, "bob", snapshotRow(100, 2, false))))).as("native snapshot, next row")
                .hasSize(1);
        assertThat(apply(stage, keyless(read(1, "ann", snapshotRow(100, 1, false))))).as("native snapshot, replay")
                .isEmpty();

        deliver(stage, keyless(read(1, "ann", debeziumSnapshotRow(200))));
        assertThat(apply(stage, keyless(read(2, "bob", debeziumSnapshotRow(200))))).as("Debezium snapshot, next row")
                .hasSize(1);
        assertThat(apply(stage, keyless(read(1, "ann", debeziumSnapshotRow(200))))).as("an equal row: never dropped")
                .hasSize(1);

        deliver(stage, keyless(at(insert(1, "ann", 0), pg(5000, 4000, 4990, 1L))));
        assertThat(apply(stage, keyless(at(insert(2, "bob", 0), pg(5000, 4000, 4990, 1L)))))
                .as("Debezium PostgreSQL, the next row of one COPY record").hasSize(1);
        deliver(stage, keyless(at(update(1, "ann", "bob", 0), pg(5100, 4000, 5090, 1L))));
        assertThat(apply(stage, keyless(at(update(1, "ann", "bob", 0), pg(5100, 4000, 5000, 1L)))))
                .as("an update's LSN names it: its replay").isEmpty();

        deliver(stage, keyless(at(insert(1, "ann", 0), binlog("mariadb-bin.000003", 4711, 1, 1))));
        assertThat(apply(stage, keyless(at(insert(2, "bob", 0), binlog("mariadb-bin.000003", 4711, 1, 2)))))
                .as("binlog, next row").hasSize(1);
        assertThat(apply(stage, keyless(at(insert(1, "ann", 0), binlog("mariadb-bin.000003", 4711, 1, 1)))))
                .as("binlog, replay").isEmpty();
    }

    /**
     * The Debezium engine marks its PostgreSQL change that is the first at its LSN
     * ({@link SourcePosition#firstAtOffset}): its LSN names it, so its replay is dropped even without a key; the next
     * rows of its COPY record (not first) are keyed by their rows too, and without a key never dropped.
     */
    @Test
    void aDebeziumPostgresChangeFirstAtItsLsnIsNamedByIt() throws Exception {
        Stage stage = stage();
        deliver(stage, keyless(at(insert(1, "ann", 0), firstAt(pg(5000, 4000, 5000, 1L)))));
        assertThat(apply(stage, keyless(at(insert(1, "ann", 0), firstAt(pg(5000, 4000, 5000, 1L))))))
                .as("its replay").isEmpty();
        assertThat(apply(stage, keyless(at(insert(2, "bob", 0), pg(5000, 4000, 5000, 1L)))))
                .as("the next row of its COPY record").hasSize(1);
        assertThat(apply(stage, keyless(at(insert(1, "ann", 0), pg(5000, 4000, 5000, 1L)))))
                .as("a later row equal to the first: two rows").hasSize(1);

        deliver(stage, at(insert(7, "cy", 0), firstAt(pg(6000, 4000, 6000, 1L))).withKey(key(7)));
        assertThat(apply(stage, at(insert(7, "cy", 0), firstAt(pg(6000, 4000, 6000, 1L))).withKey(key(7))))
                .as("a keyed one's replay").isEmpty();
        assertThat(apply(stage, at(insert(8, "di", 0), pg(6000, 4000, 6000, 1L)).withKey(key(7))))
                .as("the next row of its COPY record, with value_to_key's same key").hasSize(1);
    }

    /** A position its reader marks as the first change at its offset. */
    static SourcePosition firstAt(SourcePosition position) {
        Map<String, Object> offset = position.offset();
        return new SourcePosition() {
            @Override
            public Map<String, Object> offset() {
                return offset;
            }

            @Override
            public boolean firstAtOffset() {
                return true;
            }
        };
    }

    /** value_to_key may key rows by a column that is not unique: rows sharing a snapshot point stay apart. */
    @Test
    void positionModeTellsRowsAtOneSnapshotPointApartWhenTheirKeyIsNotUnique() throws Exception {
        Stage stage = stage();
        deliver(stage, read(1, "ann", debeziumSnapshotRow(200)).withKey(key(7)));
        assertThat(apply(stage, read(2, "bob", debeziumSnapshotRow(200)).withKey(key(7)))).as("next row").hasSize(1);
        assertThat(apply(stage, read(1, "ann", debeziumSnapshotRow(200)).withKey(key(7)))).as("replay").isEmpty();

        deliver(stage, at(insert(1, "ann", 0), pg(5000, 4000, 4990, 1L)).withKey(key(7)));
        assertThat(apply(stage, at(insert(2, "bob", 0), pg(5000, 4000, 4990, 1L)).withKey(key(7))))
                .as("the next row of one COPY record").hasSize(1);
    }

    /**
     * Debezium's blocking snapshot reads at the stream's paused position, the snapshot's own on an idle server: each
     * backfill's rows pass by its id, in position mode as in content mode.
     */
    @Test
    void positionModeLetsEachDebeziumBackfillsRowsThroughByItsId() throws Exception {
        Stage stage = stage();
        deliver(stage, read(1, "ann", binlogRow(null)));
        assertThat(apply(stage, read(1, "ann", binlogRow(null)))).as("snapshot row again").isEmpty();
        assertThat(deliver(stage, read(1, "ann", binlogRow("backfill-1")))).as("a backfill's row").hasSize(1);
        assertThat(apply(stage, read(1, "ann", binlogRow("backfill-1")))).as("the same backfill's row again").isEmpty();
        assertThat(apply(stage, read(1, "ann", binlogRow("backfill-2")))).as("the next backfill's").hasSize(1);
    }

    /** Content mode: two equal rows of a table without a key are two rows; nothing tells one delivered twice. */
    @Test
    void contentModeNeverDropsRowsOfATableWithoutAKey() throws Exception {
        Stage stage = stage(Map.of("key", "content"));
        deliver(stage, keyless(insert(1, "ann", 10)));
        assertThat(apply(stage, keyless(insert(1, "ann", 11)))).hasSize(1);
        assertThat(apply(stage, keyless(insert(1, "ann", 10)))).hasSize(1);
    }

    private static ChangeEvent keyless(ChangeEvent event) {
        return event.withKey(null);
    }

    /** A row of a Debezium PostgreSQL snapshot: every row carries the snapshot's point. */
    private static SourcePosition debeziumSnapshotRow(long lsn) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("lsn", lsn);
        offset.put("txId", 11932L);
        offset.put("ts_usec", 1_796_683_958_072_369L);
        offset.put("snapshot", "INITIAL");
        offset.put("last_snapshot_record", false);
        return SourcePosition.of(offset);
    }

    @Test
    void eventsWithoutAPositionAreNeverDroppedInPositionMode() throws Exception {
        Stage stage = stage();
        ChangeEvent noPosition = at(insert(1, "ann", 0), null);
        deliver(stage, noPosition);
        assertThat(apply(stage, noPosition)).hasSize(1);
    }

    @Test
    void contentModeKeysByTheRowImageNotThePosition() throws Exception {
        Stage stage = stage(Map.of("key", "content"));
        deliver(stage, insert(1, "ann", 10));

        // Without positions a replay is recognised by its row, whatever the envelope's processing time says.
        ChangeEvent replay = withProcessedAt(insert(1, "ann", 99), Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(apply(stage, replay)).isEmpty();
        assertThat(apply(stage, insert(1, "anna", 10))).as("other values").hasSize(1);
        assertThat(apply(stage, insert(2, "ann", 10))).as("other row").hasSize(1);
        // The price of content mode (documented): two identical changes of one row within the ttl are one.
        deliver(stage, update(1, "ann", "bob", 20));
        assertThat(apply(stage, update(1, "ann", "bob", 21))).isEmpty();
    }

    /**
     * Content mode and reads: a snapshot taken again reads rows whose values were delivered, and they are dropped (the
     * documented price); a backfill was asked for to deliver rows again, so its rows pass — each backfill reads at its
     * own point — and only the same backfill's row delivered twice is dropped.
     */
    @Test
    void contentModeDropsARetakenSnapshotsRowsButNeverABackfillsFirstDelivery() throws Exception {
        Stage stage = stage(Map.of("key", "content"));
        deliver(stage, read(1, "ann", snapshotRow(100, false)));
        assertThat(apply(stage, read(1, "ann", snapshotRow(200, false)))).as("snapshot taken again").isEmpty();

        ChangeEvent backfilled = read(1, "ann", snapshotRow(300, true));
        assertThat(deliver(stage, backfilled)).as("a backfill's row with the snapshot's values").hasSize(1);
        assertThat(apply(stage, read(1, "ann", snapshotRow(300, true)))).as("the same backfill's row again").isEmpty();
        assertThat(apply(stage, read(1, "ann", snapshotRow(400, true)))).as("the next backfill's").hasSize(1);
        assertThat(apply(stage, read(1, "bob", snapshotRow(200, false)))).as("other values").hasSize(1);
    }

    /**
     * Debezium's blocking snapshot (a backfill on a Debezium-engine source) reads at the stream's paused position, the
     * same for two backfills on an idle server: its rows are told apart by the backfill's id the reader marks them with.
     */
    @Test
    void contentModeLetsEachDebeziumBackfillsRowsThroughByItsId() throws Exception {
        Stage stage = stage(Map.of("key", "content"));
        deliver(stage, read(1, "ann", binlogRow(null)));
        assertThat(apply(stage, read(1, "ann", binlogRow(null)))).as("snapshot taken again").isEmpty();
        assertThat(deliver(stage, read(1, "ann", binlogRow("backfill-1")))).as("a backfill's row").hasSize(1);
        assertThat(apply(stage, read(1, "ann", binlogRow("backfill-1")))).as("the same backfill's row again").isEmpty();
        assertThat(apply(stage, read(1, "ann", binlogRow("backfill-2")))).as("the next backfill's").hasSize(1);
    }

    /** A row of a binlog snapshot (Debezium's offset), of the backfill {@code backfill} unless null. */
    private static SourcePosition binlogRow(String backfill) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("file", "mariadb-bin.000216");
        offset.put("pos", 66166416L);
        offset.put("snapshot", backfill == null ? "INITIAL" : "BLOCKING");
        if (backfill != null) offset.put(SourcePosition.BACKFILL, backfill);
        return SourcePosition.of(offset);
    }

    /** A row read by a snapshot or a backfill at {@code point}, as the native PostgreSQL reader positions it. */
    private static SourcePosition snapshotRow(long point, boolean backfill) {
        return snapshotRow(point, 1, backfill);
    }

    /** The {@code index}-th row read by a snapshot or a backfill at {@code point}, as the native reader puts it. */
    private static SourcePosition snapshotRow(long point, long index, boolean backfill) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("snapshot", true);
        if (backfill) offset.put(SourcePosition.BACKFILL, true);
        offset.put("lsn_commit", 0L);
        offset.put("lsn", point);
        offset.put("index", index);
        return SourcePosition.of(offset);
    }

    private static ChangeEvent read(long id, String name, SourcePosition position) {
        Row source = Row.of(SOURCE_SCHEMA, "test", "shop", "users", 0L);
        Instant ts = Instant.parse("2026-12-06T00:00:00Z");
        return ChangeEvent.builder(USERS, Op.READ, TOPIC).key(key(id))
                .value(Envelope.row(ENVELOPE_SCHEMA, null, row(id, name), source, Op.READ, ts))
                .position(position).sourceTimestamp(ts).build();
    }

    @Test
    void contentModeHashesTheBeforeImageOfADelete() throws Exception {
        Stage stage = stage(Map.of("key", "content"));
        deliver(stage, delete(1, "ann", 10));
        assertThat(apply(stage, delete(1, "ann", 12))).isEmpty();
        assertThat(apply(stage, delete(1, "bob", 12))).hasSize(1);
    }

    @Test
    void entriesExpireAfterTtlSeconds() throws Exception {
        Stage stage = stage(Map.of("ttl_seconds", 60));
        deliver(stage, insert(1, "ann", 10));
        clock.addAndGet(59_999);
        assertThat(apply(stage, insert(1, "ann", 10))).isEmpty();
        clock.addAndGet(1);
        assertThat(apply(stage, insert(1, "ann", 10))).as("after 60 s").hasSize(1);
        assertThat(counter("dedup.evictions", "source", "pg", "reason", "expired")).isEqualTo(1);
        assertThat(entries()).isZero();
    }

    @Test
    void beyondMaxEntriesTheOldestGoFirst() throws Exception {
        Stage stage = stage(Map.of("max_entries", 3));
        for (int id = 1; id <= 5; id++) deliver(stage, insert(id, "u" + id, id));

        assertThat(apply(stage, insert(1, "u1", 1))).hasSize(1);
        assertThat(apply(stage, insert(2, "u2", 2))).hasSize(1);
        for (int id = 3; id <= 5; id++) assertThat(apply(stage, insert(id, "u" + id, id))).as("id %d", id).isEmpty();
        assertThat(counter("dedup.evictions", "source", "pg", "reason", "size")).isEqualTo(2);
        assertThat(entries()).isEqualTo(3);
    }

    @Test
    void aDeleteAndTheTombstoneAfterItAreOneDeliveryAndOneReplay() throws Exception {
        Stage dedup = stage();
        Stage tombstones = new TombstoneStage(new TombstoneSettings(true, true, List.of()));
        List<ChangeEvent> written = new ArrayList<>();
        for (ChangeEvent e : apply(dedup, delete(1, "ann", 10))) tombstones.apply(e, written::add);
        assertThat(written).hasSize(2);
        written.forEach(dedup::onDelivered);

        assertThat(apply(dedup, delete(1, "ann", 10))).as("replayed delete: no second tombstone either").isEmpty();
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void badOptionsAreConfigErrorsNamingTheKey() {
        DeduplicationFactory factory = new DeduplicationFactory();
        assertThatThrownBy(() -> Options.of(KEY_PATH, factory.spec().options(), Map.of("ttl_seconds", 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ttl_seconds");
        assertThatThrownBy(() -> Options.of(KEY_PATH, factory.spec().options(), Map.of("max_entries", -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_entries");
        assertThatThrownBy(() -> Options.of(KEY_PATH, factory.spec().options(), Map.of("key", "lsn")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key");
        assertThat(factory.spec().option("enabled")).isPresent();
    }

    static ChangeEvent at(ChangeEvent event, SourcePosition position) {
        return new ChangeEvent(event.table(), event.op(), event.key(), event.value(), event.headers(), event.topic(),
                position, event.sourceTimestamp(), event.transaction(), event.unreadable());
    }

    static SourcePosition binlog(String file, long pos, int event, int row) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("file", file);
        offset.put("pos", pos);
        offset.put("event", event);
        offset.put("row", row);
        offset.put("ts_sec", 1_700_000_000L);
        offset.put("server_id", 1);
        return SourcePosition.of(offset);
    }

    static SourcePosition pg(Number lsn, Number lsnCommit, Number lsnProc, Number txId) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("lsn", lsn);
        offset.put("lsn_commit", lsnCommit);
        offset.put("lsn_proc", lsnProc);
        offset.put("txId", txId);
        offset.put("ts_usec", 1_700_000_000_000_000L + lsnProc.longValue());
        return SourcePosition.of(offset);
    }

    static ChangeEvent withProcessedAt(ChangeEvent event, Instant processedAt) {
        Row value = event.value();
        Row source = Row.of(SOURCE_SCHEMA, "test", "shop", "users", 99L);
        return event.withValue(Envelope.row(ENVELOPE_SCHEMA, Envelope.before(value), Envelope.after(value), source,
                event.op(), processedAt));
    }

    static ChangeEvent plainInsert(long id, String name, SourcePosition position) {
        return ChangeEvent.builder(USERS, Op.CREATE, TOPIC).key(key(id)).value(row(id, name)).position(position).build();
    }
}
