package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.DurationMicrosText;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code time_columns: duration_micros}: every {@code TIME} value MariaDB holds, its whole ±838:59:59.999999 range,
 * arrives as the signed microseconds the server itself computes ({@code TIME_TO_SEC} × 10⁶) — in the snapshot and the
 * binlog, in the key, the before and the after image — and a column default as the server's default; the schemas the
 * probe derives ({@code topics}, {@code check-tables}) are those the reader emits.
 */
class MariaDbTimeDurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Durations and times of day, the range's ends, a fraction of a second below zero and a NULL. */
    private static final List<String> LENGTHS = List.of("'838:59:59.999999'", "'-838:59:59.999999'", "'-00:00:01.5'",
            "'-00:00:00.000001'", "'12:34:56.789012'", "'00:00:00'", "'25:00:00'", "'-01:00:00'", "NULL");

    @TempDir
    Path state;
    @TempDir
    Path probeState;

    @Test
    void everyTimeValueArrivesAsTheMicrosecondsTheServerComputes() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_time_duration");
        maria.execute(db, "CREATE TABLE spans (id int, slot time NOT NULL, length time(6),"
                + " pause time(1) DEFAULT '-01:30:00.5', PRIMARY KEY (id, slot))");
        insert(maria, db, 1);
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("time_columns", "duration_micros");
        TableSchemas probed = new MariaDbSourceFactory().tableSchemas(MariaDbTestSupport.options(config),
                ComponentContext.of("durations", probeState), new TableId(db, null, "spans"));

        RowSchema rows = Envelope.rowSchema(probed.value());
        assertThat(rows.fields()).extracting(Field::name, f -> f.type(), Field::optional)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("id", FieldType.INT32, false),
                        org.assertj.core.groups.Tuple.tuple("slot", FieldType.INT64, false),
                        org.assertj.core.groups.Tuple.tuple("length", FieldType.INT64, true),
                        org.assertj.core.groups.Tuple.tuple("pause", FieldType.INT64, true));
        assertThat(rows.field("pause").defaultValue()).as("the column default, in microseconds")
                .isEqualTo(-(90 * 60 * 1_000_000L + 500_000L));
        assertThat(rows.field("length").doc()).isEqualTo(DurationMicrosText.DOC);

        try (CdcReader reader = MariaDbTestSupport.reader(config, "durations", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            Map<Integer, List<Long>> atSnapshot = serverMicros(maria, db);
            assertRows(harness.pollAtLeast(LENGTHS.size(), TIMEOUT), Op.READ, atSnapshot, probed);
            harness.clear();

            insert(maria, db, 101);
            Map<Integer, List<Long>> inserted = serverMicros(maria, db);
            inserted.keySet().removeAll(atSnapshot.keySet());
            assertRows(harness.pollAtLeast(LENGTHS.size(), TIMEOUT), Op.CREATE, inserted, probed);
            harness.clear();

            maria.execute(db, "UPDATE spans SET length = '-838:59:59', pause = '-00:00:00.1' WHERE id = 101",
                    "DELETE FROM spans WHERE id = 102");
            List<ChangeEvent> changes = harness.pollAtLeast(2, TIMEOUT);
            Map<Integer, List<Long>> now = serverMicros(maria, db);
            ChangeEvent update = changes.get(0);
            assertThat(update.op()).isEqualTo(Op.UPDATE);
            assertThat(micros(Envelope.before(update.value()))).isEqualTo(inserted.get(101));
            assertThat(micros(Envelope.after(update.value()))).isEqualTo(now.get(101))
                    .containsExactly(inserted.get(101).get(0), -3_020_399_000_000L, -100_000L);
            ChangeEvent delete = changes.get(1);
            assertThat(delete.op()).isEqualTo(Op.DELETE);
            assertThat(micros(Envelope.before(delete.value()))).isEqualTo(inserted.get(102));
            assertThat(delete.key().get("slot")).isEqualTo(inserted.get(102).get(0));
        }
    }

    /**
     * Debezium converts a column default with its time.precision.mode before the converter sees it: a mode in other
     * units than microseconds would make defaults wrong, so the source refuses it, naming the key and the fix.
     */
    @Test
    void aTimePrecisionModeInOtherUnitsIsAConfigErrorNamingTheKey() throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("host", "localhost", "database", "shop", "user",
                "cdc", "time_columns", "duration_micros"));
        config.put("debezium", Map.of("time.precision.mode", "connect"));
        assertThatThrownBy(() -> new MariaDbSourceFactory().engineProperties(MariaDbTestSupport.options(config),
                ComponentContext.of("durations", state)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.maria.config.debezium.time.precision.mode")
                .hasMessageContaining("time.precision.mode connect")
                .hasMessageContaining("remove time.precision.mode from the debezium: block");
        config.put("debezium", Map.of("time.precision.mode", "microseconds"));
        assertThat(new MariaDbSourceFactory().engineProperties(MariaDbTestSupport.options(config),
                ComponentContext.of("durations", state))).containsEntry("converters", TimeDurationConverter.NAME);
    }

    /** Rows {@code first}, {@code first + 1}, … one per length; odd ids leave pause to its default, one sets NULL. */
    private static void insert(MariaDbServer maria, String db, int first) throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < LENGTHS.size(); i++) {
            int id = first + i;
            String slot = "'-" + (i * 90 + first % 7) + ":00:00.0'";
            rows.add("(" + id + ", " + slot + ", " + LENGTHS.get(i) + ", "
                    + (i % 2 == 1 ? "DEFAULT" : i == 4 ? "NULL" : "'" + (i * 100) + ":00:00.9'") + ")");
        }
        maria.execute(db, "INSERT INTO spans (id, slot, length, pause) VALUES " + String.join(", ", rows));
    }

    /** The server's own count of microseconds per row: id → [slot, length, pause]. */
    private static Map<Integer, List<Long>> serverMicros(MariaDbServer maria, String db) throws Exception {
        Map<Integer, List<Long>> micros = new TreeMap<>();
        try (Connection c = maria.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, CAST(TIME_TO_SEC(slot) * 1000000 AS SIGNED),"
                     + " CAST(TIME_TO_SEC(length) * 1000000 AS SIGNED), CAST(TIME_TO_SEC(pause) * 1000000 AS SIGNED)"
                     + " FROM spans")) {
            while (rs.next()) {
                Long[] row = new Long[3];
                for (int i = 0; i < 3; i++) row[i] = rs.getObject(i + 2) == null ? null : rs.getLong(i + 2);
                micros.put(rs.getInt(1), Arrays.asList(row));
            }
        }
        return micros;
    }

    private static void assertRows(List<ChangeEvent> events, Op op, Map<Integer, List<Long>> expected,
                                   TableSchemas probed) {
        Map<Integer, List<Long>> delivered = new TreeMap<>();
        for (ChangeEvent event : events) {
            assertThat(event.isUnreadable()).as("event %s", event).isFalse();
            assertThat(event.op()).isEqualTo(op);
            assertThat(event.value().schema()).isEqualTo(probed.value());
            assertThat(event.key().schema()).isEqualTo(probed.key());
            Row after = Envelope.after(event.value());
            assertThat(event.key().get("slot")).isEqualTo(after.get("slot"));
            delivered.put((Integer) after.get("id"), micros(after));
        }
        assertThat(delivered).containsExactlyEntriesOf(expected);
    }

    private static List<Long> micros(Row row) {
        return Arrays.asList((Long) row.get("slot"), (Long) row.get("length"), (Long) row.get("pause"));
    }
}
