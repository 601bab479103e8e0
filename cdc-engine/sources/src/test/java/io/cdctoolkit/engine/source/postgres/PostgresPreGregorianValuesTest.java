package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.source.postgres.PgTestSupport.assertSameAs;
import static io.cdctoolkit.engine.source.postgres.PgTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code engine: debezium}, the snapshot read {@code timestamp}/{@code timestamptz} values before 15 October
 * 1582 in the Julian calendar (pgjdbc's {@code java.sql.Timestamp}) and took them as proleptic Gregorian instants:
 * {@code 0001-01-01} arrived as {@code 0000-12-30}, {@code 1500-06-01} as {@code 1500-05-22}; and {@code date}
 * values BC lost their era. The stream had them right. {@link PostgresTimestampConverter} reads them back through
 * the calendar pgjdbc built them with: snapshot and stream now both give the values PostgreSQL holds (proleptic
 * Gregorian, ISO years: 44 BC is year -43), in every timestamp schema (milliseconds for {@code timestamp(3)}).
 */
class PostgresPreGregorianValuesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String VALUES = "'0001-01-01 00:00:00', '1500-06-01 12:00:00.123', '1500-06-01 23:30:00+00',"
            + " '0044-03-15 12:00:00.5+00 BC', '0044-03-15 BC', '1582-10-15', '2024-01-31 12:34:56.123456'";

    @TempDir
    Path state;
    @TempDir
    Path debeziums;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void snapshotAndStreamGiveTheValuesPostgresHolds() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_pre_gregorian");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, ts timestamp, ts3 timestamp(3), tstz timestamptz,"
                        + " tstz_bc timestamptz, d date, d_cutover date, ts_now timestamp)",
                "INSERT INTO t VALUES (1, " + VALUES + ")");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "debezium");
        try (CdcReader reader = PgTestSupport.reader(config, "pre_gregorian", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            Row snapshot = rows(harness.pollAtLeast(1, TIMEOUT)).get(0);
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (2, " + VALUES + ")");
            Row stream = rows(harness.pollAtLeast(1, TIMEOUT)).get(0);

            for (Row row : List.of(snapshot, stream)) {
                assertThat(row.get("ts")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
                assertThat(row.get("ts3")).isEqualTo(Instant.parse("1500-06-01T12:00:00.123Z"));
                assertThat(row.get("tstz")).isEqualTo(Instant.parse("1500-06-01T23:30:00Z"));
                assertThat(row.get("tstz_bc")).isEqualTo(Instant.parse("-0043-03-15T12:00:00.500Z"));
                assertThat(row.get("d")).isEqualTo(LocalDate.of(-43, 3, 15));
                assertThat(row.get("d_cutover")).isEqualTo(LocalDate.of(1582, 10, 15));
                assertThat(row.get("ts_now")).isEqualTo(Instant.parse("2024-01-31T12:34:56.123456Z"));
            }
        }
    }

    /**
     * In a JVM whose time zone had local mean time before its standard time (New York: -4:56:02 until 1883), the
     * snapshot's {@code timestamp '1850-01-01 00:00:00'} arrived minutes off ({@code 00:03:58}): Debezium read
     * pgjdbc's {@code Timestamp} with java.time's zone rules, pgjdbc had built it with java.util's. And a wall clock
     * repeated by the fall-back overlap. The JVM's default zone is set for this test only (surefire runs test
     * classes one after the other in this module).
     */
    @Test
    void snapshotGivesTheWallClockWhateverTheJvmTimeZone() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_jvm_time_zone");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, lmt timestamp, overlap timestamp, old_tz timestamptz)",
                "INSERT INTO t VALUES (1, '1850-01-01 00:00:00', '2024-11-03 01:30:00', '1850-01-01 00:00:00+00')");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        java.util.TimeZone jvmZone = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
        try (CdcReader reader = PgTestSupport.reader(config, "jvm_time_zone", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            Row snapshot = rows(harness.pollAtLeast(1, TIMEOUT)).get(0);
            harness.clear();
            pg.execute(db, "INSERT INTO t SELECT 2, lmt, overlap, old_tz FROM t WHERE id = 1");
            Row stream = rows(harness.pollAtLeast(1, TIMEOUT)).get(0);
            for (Row row : List.of(snapshot, stream)) {
                assertThat(row.get("lmt")).isEqualTo(Instant.parse("1850-01-01T00:00:00Z"));
                assertThat(row.get("overlap")).isEqualTo(Instant.parse("2024-11-03T01:30:00Z"));
                assertThat(row.get("old_tz")).isEqualTo(Instant.parse("1850-01-01T00:00:00Z"));
            }
        } finally {
            java.util.TimeZone.setDefault(jvmZone);
        }
    }

    /**
     * Every other value — after the cutover, at it, NULLs, defaults, each timestamp schema ({@code timestamp(0)},
     * {@code (3)}, {@code (6)}, {@code timestamptz(0)}, {@code (3)}, {@code (6)}) — arrives exactly as Debezium's own
     * conversion gives it (the same reader without the toolkit's converters), in snapshot and stream.
     */
    @Test
    void valuesDebeziumReadsRightArriveAsBefore() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_timestamps_as_before");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, ts0 timestamp(0) NOT NULL DEFAULT now(), ts3 timestamp(3),"
                        + " ts6 timestamp DEFAULT '2020-02-29 12:00:00.5', tz0 timestamptz(0), tz3 timestamptz(3),"
                        + " tz6 timestamptz NOT NULL DEFAULT '2020-01-01 00:00:00+02', d date DEFAULT '2000-01-01')");
        String[] rows = {
                "(%d, '2024-01-31 12:34:56', '2024-01-31 12:34:56.789', '2024-01-31 12:34:56.123456', '2024-01-31 12:34:56+02',"
                        + " '1969-12-31 23:59:59.999+00', '2262-04-11 23:47:16.854775+00', '2024-02-29')",
                "(%d, '1582-10-15 00:00:00', '1582-10-16 00:00:00.001', '1582-10-15 23:59:59.999999', '1582-10-15 00:00:00+00',"
                        + " '1582-10-16 00:00:00.5+00', '1600-01-01 00:00:00+00', '1582-10-15')",
                "(%d, DEFAULT, NULL, DEFAULT, NULL, NULL, DEFAULT, DEFAULT)"};
        insert(pg, db, 0, rows);
        Map<String, Object> config = PgTestSupport.config(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "timestamps_ours", state);
             CdcReader plain = PgTestSupport.readerWithDebeziumConverters(config, "timestamps_debezium", debeziums)) {
            reader.start();
            plain.start();
            ReaderHarness withConverter = new ReaderHarness(reader);
            ReaderHarness withoutConverter = new ReaderHarness(plain);
            List<Row> snapshot = rows(withConverter.pollAtLeast(rows.length, TIMEOUT));
            assertSameAs(snapshot, rows(withoutConverter.pollAtLeast(rows.length, TIMEOUT)));
            assertThat(snapshot.get(0).get("ts3")).isEqualTo(Instant.parse("2024-01-31T12:34:56.789Z"));
            withConverter.clear();
            withoutConverter.clear();
            insert(pg, db, 100, rows);
            assertSameAs(rows(withConverter.pollAtLeast(rows.length, TIMEOUT)), rows(withoutConverter.pollAtLeast(rows.length, TIMEOUT)));
        }
    }

    private static void insert(PostgresServer pg, String db, int base, String[] rows) throws Exception {
        String[] sql = new String[rows.length];
        for (int i = 0; i < rows.length; i++) sql[i] = "INSERT INTO t VALUES " + rows[i].formatted(base + i);
        pg.execute(db, sql);
    }
}
