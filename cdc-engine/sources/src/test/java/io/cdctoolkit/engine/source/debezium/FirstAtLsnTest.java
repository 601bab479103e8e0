package io.cdctoolkit.engine.source.debezium;

import io.debezium.data.Envelope;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases {@code DebeziumFirstAtLsnTest} (a real server) cannot stage at will: records between the rows of one LSN,
 * backfill rows, Debezium 3.7's count into an LSN. Whenever unsure, not first.
 */
class FirstAtLsnTest {

    private static final Schema ROW = SchemaBuilder.struct().name("pg.app.public.t.Value")
            .field("id", Schema.INT32_SCHEMA).build();
    private static final Envelope ENVELOPE = RecordedRecords.envelope("pg.app.public.t", ROW,
            RecordedRecords.MYSQL_SOURCE);
    private static final Schema HEARTBEAT = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
            .field("ts_ms", Schema.INT64_SCHEMA).build();

    private final FirstAtLsn firstAtLsn = new FirstAtLsn();

    private static Map<String, Object> streamed(long lsn) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("lsn", lsn);
        offset.put("lsn_proc", lsn);
        offset.put("lsn_commit", lsn - 100);
        offset.put("txId", 700L);
        offset.put("ts_usec", 1_700_000_000_000_000L);
        return offset;
    }

    private static SourceRecord insert(Map<String, Object> offset) {
        return RecordedRecords.record(offset, null, null, ENVELOPE.create(new Struct(ROW).put("id", 1),
                RecordedRecords.mySqlSource("app", "t", 1L), RecordedRecords.at(1L)));
    }

    private static SourceRecord read(Map<String, Object> offset) {
        return RecordedRecords.record(offset, null, null, ENVELOPE.read(new Struct(ROW).put("id", 1),
                RecordedRecords.mySqlSource("app", "t", 1L), RecordedRecords.at(1L)));
    }

    private static SourceRecord heartbeat(Map<String, Object> offset) {
        return RecordedRecords.record(offset, null, null, new Struct(HEARTBEAT).put("ts_ms", 1L));
    }

    private boolean first(SourceRecord record) {
        return firstAtLsn.first(record, castOffset(record), false);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castOffset(SourceRecord record) {
        return (Map<String, ?>) record.sourceOffset();
    }

    @Test
    void theRowsOfOneLsnAfterItsFirstAreNotFirstWhateverComesBetweenThem() {
        assertThat(first(insert(streamed(1000)))).isTrue();
        assertThat(first(heartbeat(streamed(2000)))).as("a heartbeat: no change").isFalse();
        assertThat(first(insert(streamed(1000)))).as("the next row of the COPY record, after a heartbeat").isFalse();
        assertThat(first(read(streamed(1000)))).as("an incremental snapshot's row").isFalse();
        assertThat(first(insert(streamed(1000)))).isFalse();
        assertThat(first(insert(streamed(1200)))).as("the next record").isTrue();
    }

    @Test
    void snapshotAndBackfillRowsAndDebezium37OffsetsAreNeverFirst() {
        Map<String, Object> snapshot = streamed(500);
        snapshot.put("snapshot", true);
        snapshot.put("last_snapshot_record", false);
        assertThat(first(read(snapshot))).isFalse();

        assertThat(firstAtLsn.first(read(streamed(600)), streamed(600), true)).as("a backfill's row").isFalse();

        Map<String, Object> counted = streamed(700);
        counted.put("lsn_events_processed", 1);
        assertThat(first(insert(counted))).as("Debezium 3.7 resumes inside an LSN").isFalse();

        Map<String, Object> binlog = Map.of("file", "mariadb-bin.000003", "pos", 4L, "event", 1, "row", 1);
        assertThat(first(insert(new HashMap<>(binlog)))).as("not PostgreSQL").isFalse();
    }
}
