package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values at the edges of MariaDB's types — the first and last dates and datetimes it holds (before the Gregorian
 * cutover too), microsecond fractions, the integer and unsigned extremes, a subnormal double, 65-digit decimals, text
 * outside the Basic Multilingual Plane — arrive as MariaDB holds them, the same through the snapshot (JDBC) and the
 * binlog: each value is compared with what the server itself prints for it, and snapshot with stream.
 */
class MariaDbEdgeValuesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String COLUMNS = "d date, dt datetime(6), dt0 datetime, ts timestamp(6) NULL, i8 bigint,"
            + " u8 bigint unsigned, dbl double, dec65 decimal(65,30), t text, y year";
    private static final List<String> ROWS = List.of(
            "'1000-01-01', '1000-01-01 00:00:00.000000', '1500-06-01 12:00:00', '1970-01-01 00:00:01.000000',"
                    + " -9223372036854775808, 18446744073709551615, 4.9e-324,"
                    + " -12345678901234567890123456789012345.123456789012345678901234567890, 'emoji 😀 and e\u0301', 1901",
            "'9999-12-31', '9999-12-31 23:59:59.999999', '1582-10-04 23:59:59', '2038-01-19 03:14:07.999999',"
                    + " 9223372036854775807, 0, 1.7976931348623157e308, 0.000000000000000000000000000001, '', 2155");

    @TempDir
    Path state;

    @Test
    void snapshotAndBinlogGiveTheValuesMariaDbHolds() throws Exception {
        snapshotAndBinlogGiveTheValuesMariaDbHolds("maria_edges");
    }

    /**
     * In a JVM whose default zone is not the server's but has a fixed offset (here UTC-5 against the server's UTC),
     * the snapshot's {@code TIMESTAMP}s are still exact: MariaDB Connector/J sets the session to the JVM's offset, so
     * the server's text and Debezium's reading of it agree. (In a zone with daylight saving, e.g. New York, it cannot
     * without the server's time zone tables, and they are shifted: hence the CLI runs in UTC, see JvmTimeZone. The
     * zone is set for this test only; surefire runs this module's test classes one after the other.)
     */
    @Test
    void snapshotGivesTheTimestampsMariaDbHoldsInAJvmOfAnotherZone() throws Exception {
        java.util.TimeZone jvmZone = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Etc/GMT+5"));
        try {
            snapshotAndBinlogGiveTheValuesMariaDbHolds("maria_edges_zone");
        } finally {
            java.util.TimeZone.setDefault(jvmZone);
        }
    }

    private void snapshotAndBinlogGiveTheValuesMariaDbHolds(String database) throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase(database);
        maria.execute(db, "CREATE TABLE edges (id int PRIMARY KEY, " + COLUMNS + ")",
                "INSERT INTO edges VALUES (1, " + ROWS.get(0) + "), (2, " + ROWS.get(1) + ")");
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), database, state.resolve(database))) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(2, TIMEOUT)); // the harness's list is live
            harness.clear();
            maria.execute(db, "INSERT INTO edges VALUES (3, " + ROWS.get(0) + "), (4, " + ROWS.get(1) + ")");
            List<ChangeEvent> stream = List.copyOf(harness.pollAtLeast(2, TIMEOUT));

            for (int i = 0; i < 2; i++) {
                Row fromSnapshot = Envelope.after(snapshot.get(i).value());
                Row fromStream = Envelope.after(stream.get(i).value());
                for (String field : List.of("d", "dt", "dt0", "ts", "i8", "u8", "dbl", "dec65", "t", "y")) {
                    assertThat(fromSnapshot.get(field)).as("row %s %s: snapshot vs binlog", i + 1, field)
                            .isEqualTo(fromStream.get(field));
                }
            }
            Row first = Envelope.after(snapshot.get(0).value());
            assertThat(first.get("d")).isEqualTo(LocalDate.of(1000, 1, 1));
            assertThat(first.get("dt")).isEqualTo(Instant.parse("1000-01-01T00:00:00Z"));
            assertThat(first.get("dt0")).isEqualTo(Instant.parse("1500-06-01T12:00:00Z"));
            assertThat(first.get("ts")).isEqualTo(Instant.parse("1970-01-01T00:00:01Z"));
            assertThat(first.get("i8")).isEqualTo(Long.MIN_VALUE);
            assertThat(first.get("dbl")).isEqualTo(4.9e-324);
            assertThat(first.get("dec65")).isEqualTo(new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890"));
            assertThat(first.get("t")).isEqualTo("emoji 😀 and e\u0301");
            Row second = Envelope.after(snapshot.get(1).value());
            assertThat(second.get("dt")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
            assertThat(second.get("dt0")).isEqualTo(Instant.parse("1582-10-04T23:59:59Z"));
            assertThat(second.get("u8")).isEqualTo(BigDecimal.ZERO);
        }
    }
}
