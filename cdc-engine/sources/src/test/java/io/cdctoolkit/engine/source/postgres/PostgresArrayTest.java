package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.source.postgres.PgTestSupport.assertSameAs;
import static io.cdctoolkit.engine.source.postgres.PgTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL array columns other than {@code numeric[]} and {@code time[]}, in the snapshot and in the
 * stream: a multi-dimensional value is an unreadable event naming the column (Debezium: {@code [null,null]}
 * or Java array names); the array types Debezium has no schema for are in the rows as the element texts
 * (Debezium: the column absent, {@code bit(n)[]} null); BC dates and timestamps and {@code timetz}
 * fractions arrive as PostgreSQL holds them; and every value Debezium already read right arrives as before.
 */
class PostgresArrayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Element types Debezium had no schema for (the column was absent), and bit(n)[] (always null). */
    private static final List<String> TEXT_COLUMNS = List.of("m", "nm", "iv", "vb", "bt", "x", "pt");
    private static final String EXACT_TABLE = "CREATE TABLE t (id int PRIMARY KEY, note text,"
            + " i4 int[], tx text[], u uuid[], m money[], nm name[], iv interval[], vb varbit[], bt bit(3)[],"
            + " x xml[], pt point[], d date[], ts timestamp[], tz timestamptz[], ttz timetz[], one_ttz timetz)";
    /** A multi-dimensional value: the column and the insert's columns and values. */
    private static final String[][] NESTED = {
            {"i4", "i4", "'{{1,2},{3,4}}'"},
            {"tx", "tx", "'{{a,b},{c,d}}'"},
            {"u", "u", "'{{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}}'"},
            {"m", "m", "'{{1.50},{2.00}}'"},
            {"bt", "bt", "'[0:0][1:2]={{101,010}}'"},
            {"d", "d", "'{{2024-01-31,2024-02-01}}'"},
            {"ttz", "ttz", "'{{12:00+02}}'"}};
    /** One row of every type this test reads exactly, the awkward values included. */
    private static final String EXACT_ROW = "'{1,NULL}', '{\"{1,2}\",\"a,b\",\"\",NULL,\"NULL\"}',"
            + " '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}',"
            + " '{1234567.89,-0.01,NULL}', '{pg_class,\"with space\"}', '{\"1 year 2 mons 3 days 04:05:06.789\",-00:00:01,NULL}',"
            + " '{1,0101,\"\"}', '{101,NULL,000}', '{\"<a>x</a>\",text}', '{\"(1.5,-2)\",NULL}',"
            + " '{0044-03-15 BC,4713-11-24 BC,2024-02-29,10000-01-01}',"
            + " '{0044-03-15 12:00:00.5 BC,2024-01-31 12:00:00.123456,1582-10-04 23:59:59}',"
            + " '{0001-01-01 00:00:00+00 BC,2024-01-31 12:00:00.123456+05:30,1900-01-01 00:00:00+00}',"
            + " '{12:00:00.123456+02,NULL}', '12:00:00.123456+02'";
    private static final String EXACT_COLUMNS = "i4, tx, u, m, nm, iv, vb, bt, x, pt, d, ts, tz, ttz, one_ttz";

    /** Array types Debezium reads right: their values must not change. */
    private static final String SAME_TABLE = "CREATE TABLE s (id int PRIMARY KEY, i2 int2[], i4 int4[], i8 int8[],"
            + " b bool[], f4 float4[], f8 float8[], tx text[], vc varchar(10)[], bp char(3)[], ch \"char\"[],"
            + " ip inet[], cd cidr[], mac macaddr[], r int4range[], u uuid[], j json[], jb jsonb[], d date[],"
            + " ts timestamp[], ts3 timestamp(3)[], tz timestamptz[], note text)";
    private static final String SAME_COLUMNS = "i2, i4, i8, b, f4, f8, tx, vc, bp, ch, ip, cd, mac, r, u, j, jb, d, ts, ts3, tz";
    private static final String[] SAME_ROWS = {
            "'{1,-32768,NULL}', '{2147483647,0}', '{-9223372036854775808,NULL}', '{t,f,NULL}',"
                    + " '{1.5,NaN,Infinity,-Infinity,0.1}', '{0.1,NaN,-Infinity,1.7976931348623157e308,5e-324}',"
                    + " '{\"{1,2}\",\"a,b\",\"\",NULL,\"NULL\",\"q\\\"uote\",\"back\\\\slash\",\" spaced \"}',"
                    + " '{abc,NULL}', '{ab,abc}', '{a,b}', '{192.168.0.1/24,::1}', '{10.0.0.0/8}',"
                    + " '{08:00:2b:01:02:03}', '{\"[1,5)\",empty}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}',"
                    + " ARRAY['{\"a\": [1, 2.50]}', NULL]::json[], ARRAY['{\"b\": 1}', '[]']::jsonb[],"
                    + " '{2024-01-31,1970-01-01,9999-12-31,NULL}', '{2024-01-31 12:00:00.123456,1970-01-01 00:00:00}',"
                    + " '{2024-01-31 12:00:00.123}', '{2024-01-31 12:00:00.123456+00,1999-12-31 23:59:59+05:30}'",
            "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, NULL, NULL",
            "'{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',"
                    + " '{}', '{}', '{}', '{}'",
            "'{NULL}', '{5,6}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}',"
                    + " '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}',"
                    + " '{NULL}'"};

    @TempDir
    Path ours;
    @TempDir
    Path debeziums;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();


    @Test
    void nestedValuesAreUnreadableAndOtherValuesArriveAsPostgresHoldsThem() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_array_exact");
        pg.execute(db, EXACT_TABLE);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "array_exact", ours)) {
            PgTestSupport.snapshotThenStream(reader, NESTED.length + 1, TIMEOUT, offset -> insertNestedThenExact(pg, db, offset),
                    (events, offset) -> assertNestedThenExact(pg, db, events, offset));
        }
    }

    @Test
    void valuesDebeziumReadRightArriveExactlyAsBefore() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_array_same");
        pg.execute(db, SAME_TABLE);
        insertSame(pg, db, 0);
        Map<String, Object> config = PgTestSupport.config(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "array_same_ours", ours);
             CdcReader plain = PgTestSupport.readerWithDebeziumConverters(config, "array_same_debezium", debeziums)) {
            reader.start();
            plain.start();
            ReaderHarness withConverter = new ReaderHarness(reader);
            ReaderHarness withoutConverter = new ReaderHarness(plain);
            List<Row> snapshot = rows(withConverter.pollAtLeast(SAME_ROWS.length, TIMEOUT));
            assertSameAs(snapshot, rows(withoutConverter.pollAtLeast(SAME_ROWS.length, TIMEOUT)));
            withConverter.clear();
            withoutConverter.clear();
            insertSame(pg, db, 100);
            List<Row> stream = rows(withConverter.pollAtLeast(SAME_ROWS.length, TIMEOUT));
            assertSameAs(stream, rows(withoutConverter.pollAtLeast(SAME_ROWS.length, TIMEOUT)));
            // Not only alike: what the table holds (the text elements, quotes and braces included).
            assertThat(stream.get(0).get("tx")).isEqualTo(Arrays.asList("{1,2}", "a,b", "", null, "NULL", "q\"uote",
                    "back\\slash", " spaced "));
            assertThat(stream.get(3).get("i4")).isEqualTo(List.of(5, 6));
        }
    }

    @Test
    void anUnchangedToastedArrayIsUnreadableUnlessTheTableSendsItAndThenArrivesWhole() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_array_toast");
        // Hex digests compress poorly: the arrays are stored out of line (TOASTed).
        String big = "ARRAY(SELECT md5(g::text) FROM generate_series(1, 400) g)";
        String bigInts = "ARRAY(SELECT ('x' || substr(md5(g::text), 1, 8))::bit(32)::int FROM generate_series(1, 2000) g)";
        pg.execute(db, "CREATE TABLE big (id int PRIMARY KEY, tags text[], ids int[], note text)",
                "CREATE TABLE full_big (id int PRIMARY KEY, tags text[], note text)",
                "ALTER TABLE full_big REPLICA IDENTITY FULL",
                "INSERT INTO big VALUES (1, " + big + ", " + bigInts + ", 'a')",
                "INSERT INTO full_big VALUES (1, " + big + ", 'a')");
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "array_toast", ours)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, TIMEOUT);
            harness.clear();
            pg.execute(db, "UPDATE big SET note = 'b' WHERE id = 1", "UPDATE full_big SET note = 'b' WHERE id = 1",
                    "UPDATE big SET note = 'c', tags = '{x}', ids = '{1}' WHERE id = 1");
            List<ChangeEvent> events = harness.pollAtLeast(3, TIMEOUT);
            // Debezium gave ["__debezium_unavailable_value"] (and for int[] the placeholder's bytes as numbers).
            ChangeEvent unchanged = events.get(0);
            assertThat(unchanged.isUnreadable()).as("gave %s", unchanged.value()).isTrue();
            assertThat(unchanged.unreadable().field()).isIn("tags", "ids");
            assertThat(unchanged.unreadable().reason()).contains("unchanged TOASTed value");
            ChangeEvent whole = events.get(1);
            assertThat(whole.isUnreadable()).as("unreadable: %s", whole.unreadable()).isFalse();
            assertThat(Envelope.after(whole.value()).get("tags")).isEqualTo(query(pg, db,
                    "SELECT e FROM full_big, unnest(tags) WITH ORDINALITY AS u(e, n) ORDER BY n", rs -> rs.getString(1)));
            Row changed = Envelope.after(events.get(2).value());
            assertThat(changed.get("tags")).isEqualTo(List.of("x"));
            assertThat(changed.get("ids")).isEqualTo(List.of(1));
        }
    }

    private static void insertNestedThenExact(PostgresServer pg, String db, int base) throws Exception {
        String[] sql = new String[NESTED.length + 1];
        for (int i = 0; i < NESTED.length; i++) {
            sql[i] = "INSERT INTO t (id, note, " + NESTED[i][1] + ") VALUES (" + (base + i) + ", 'row " + (base + i)
                    + "', " + NESTED[i][2] + ")";
        }
        int id = base + NESTED.length;
        sql[NESTED.length] = "INSERT INTO t (id, note, " + EXACT_COLUMNS + ") VALUES (" + id + ", 'row " + id + "', "
                + EXACT_ROW + ")";
        pg.execute(db, sql);
    }

    private static void assertNestedThenExact(PostgresServer pg, String db, List<ChangeEvent> events, int base)
            throws Exception {
        assertThat(events).hasSize(NESTED.length + 1);
        for (int i = 0; i < NESTED.length; i++) {
            ChangeEvent event = events.get(i);
            assertThat(event.isUnreadable()).as("row %s (%s) gave %s", base + i, NESTED[i][2], event.value()).isTrue();
            assertThat(event.unreadable().field()).isEqualTo(NESTED[i][0]);
            assertThat(event.unreadable().reason()).contains("is a nested array");
            assertThat(event.key().get("id")).isEqualTo(base + i);
            assertThat(event.position()).isNotNull();
            assertThat(new String(event.unreadable().raw(), StandardCharsets.UTF_8))
                    .contains("\"note\":\"row " + (base + i) + "\"");
        }
        ChangeEvent exact = events.get(NESTED.length);
        assertThat(exact.isUnreadable()).as("unreadable: %s", exact.unreadable()).isFalse();
        Row row = Envelope.after(exact.value());
        int id = base + NESTED.length;
        for (String column : TEXT_COLUMNS) {
            assertThat(row.schema().field(column)).as("column %s in the row", column).isNotNull();
            assertThat(row.schema().field(column).type()).isEqualTo(new FieldType.Array(FieldType.STRING));
            assertThat(row.get(column)).as(column).isEqualTo(elementTexts(pg, db, column, id));
        }
        assertThat(row.get("d")).isEqualTo(epochDays(pg, db, id));
        assertThat(row.get("ts")).isEqualTo(epochInstants(pg, db, "ts", id));
        assertThat(row.get("tz")).isEqualTo(epochInstants(pg, db, "tz", id));
        // A timetz[] element is written as Debezium writes a timetz column.
        assertThat(row.get("ttz")).isEqualTo(Arrays.asList(row.get("one_ttz"), null));
        assertThat((String) row.get("one_ttz")).contains(".123456");
    }

    /** The elements as the server itself writes each one as text. */
    private static List<String> elementTexts(PostgresServer pg, String db, String column, int id) throws Exception {
        return query(pg, db, "SELECT e::text FROM t, unnest(" + column + ") WITH ORDINALITY AS u(e, n) WHERE id = " + id
                + " ORDER BY n", rs -> rs.getString(1));
    }

    private static List<LocalDate> epochDays(PostgresServer pg, String db, int id) throws Exception {
        return query(pg, db, "SELECT e - date '1970-01-01' FROM t, unnest(d) WITH ORDINALITY AS u(e, n) WHERE id = " + id
                + " ORDER BY n", rs -> LocalDate.ofEpochDay(rs.getLong(1)));
    }

    /** The elements as exact seconds since the epoch (PostgreSQL's extract gives a numeric). */
    private static List<Instant> epochInstants(PostgresServer pg, String db, String column, int id) throws Exception {
        return query(pg, db, "SELECT extract(epoch FROM e) FROM t, unnest(" + column + ") WITH ORDINALITY AS u(e, n)"
                + " WHERE id = " + id + " ORDER BY n", rs -> {
                    BigDecimal seconds = rs.getBigDecimal(1);
                    long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
                    long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValueExact();
                    return Instant.ofEpochSecond(whole, nanos);
                });
    }

    private interface Column<T> {
        T read(ResultSet rs) throws Exception;
    }

    private static <T> List<T> query(PostgresServer pg, String db, String sql, Column<T> column) throws Exception {
        List<T> out = new ArrayList<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(column.read(rs));
        }
        assertThat(out).as(sql).isNotEmpty();
        return out;
    }

    private static void insertSame(PostgresServer pg, String db, int base) throws Exception {
        String[] sql = new String[SAME_ROWS.length];
        for (int i = 0; i < SAME_ROWS.length; i++) {
            sql[i] = "INSERT INTO s (id, note, " + SAME_COLUMNS + ") VALUES (" + (base + i) + ", 'row', " + SAME_ROWS[i] + ")";
        }
        pg.execute(db, sql);
    }
}
