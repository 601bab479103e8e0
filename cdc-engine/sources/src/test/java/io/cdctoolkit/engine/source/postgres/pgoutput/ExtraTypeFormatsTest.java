package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoders of the types beyond the basic ones, text (snapshot casts, PostgreSQL 13 and older, text-mode
 * streams) and binary (send formats: binary COPY, pgoutput binary mode), against the server: each case asks
 * PostgreSQL for a value's text, its send format ({@code *_send}) and an independent rendering (pgjdbc's
 * {@code getObject}, the value shifted or cast by the server) to compare with.
 */
class ExtraTypeFormatsTest {

    private static final ColumnType TIMETZ = PgTextTypes.of(PgTextTypes.TIMETZ, -1);
    private static final ColumnType INTERVAL = PgTextTypes.of(PgTextTypes.INTERVAL, -1);

    @Test
    void timetzIsTheTimeInUtcAsDebeziumWritesIt() throws Exception {
        for (String literal : List.of("12:34:56+02", "12:34:56.123456+05:30", "01:00:00+03", "23:30:00.5-01",
                "00:00:00+00", "10:00:00-03:30")) {
            // Oracle: the server's own shift to UTC, as a time of day (ISO_OFFSET_TIME prints it the same way, plus Z).
            Object[] row = query("SELECT t::text, timetz_send(t), (t AT TIME ZONE 'UTC')::time::text"
                    + " FROM (SELECT '" + literal + "'::timetz AS t) s");
            String expected = row[2] + "Z";
            assertThat(TIMETZ.decoder().decode((String) row[0])).as(literal).isEqualTo(expected);
            assertThat(TIMETZ.binary().decode((byte[]) row[1])).as(literal).isEqualTo(expected);
        }
        assertThat(TIMETZ.type()).isEqualTo(FieldType.STRING);
        Object[] midnight = query("SELECT '24:00:00+00'::timetz::text, timetz_send('24:00:00+00')");
        assertThatThrownBy(() -> TIMETZ.decoder().decode((String) midnight[0])).hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> TIMETZ.binary().decode((byte[]) midnight[1])).hasMessageContaining("not a time of day");
        ColumnType array = PgTextTypes.of(PgTextTypes.TIMETZ_ARRAY, -1);
        Object[] arr = query("SELECT a::text, array_send(a) FROM (SELECT '{12:00:00.123456+02,NULL}'::timetz[] AS a) s");
        assertThat(array.decoder().decode((String) arr[0])).isEqualTo(array.binary().decode((byte[]) arr[1]))
                .isEqualTo(Arrays.asList("10:00:00.123456Z", null));
    }

    @Test
    void intervalIsDebeziumsIsoStringOfPgjdbcsInterval() throws Exception {
        for (String literal : List.of("1 year 2 mons 3 days 04:05:06.5", "-1 days -04:05:06.789", "100 hours",
                "1 mon -1 sec", "0", "-3 years -1 mons", "00:00:00.000001", "-00:00:00.000001", "27 mons 40 days 25:59:00")) {
            Object[] row = query("SELECT i::text, interval_send(i), i FROM (SELECT '" + literal + "'::interval AS i) s");
            PGInterval pgjdbc = (PGInterval) row[2]; // oracle: pgjdbc's own reading of the value, as Debezium takes it
            String expected = io.debezium.time.Interval.toIsoString(pgjdbc.getYears(), pgjdbc.getMonths(), pgjdbc.getDays(),
                    pgjdbc.getHours(), pgjdbc.getMinutes(), BigDecimal.valueOf(pgjdbc.getSeconds()));
            assertThat(INTERVAL.decoder().decode((String) row[0])).as(literal).isEqualTo(expected);
            assertThat(INTERVAL.binary().decode((byte[]) row[1])).as(literal).isEqualTo(expected);
        }
        Object[] docs = query("SELECT interval_send('1 year 2 mons 3 days 04:05:06.5')");
        assertThat(INTERVAL.binary().decode((byte[]) docs[0])).isEqualTo("P1Y2M3DT4H5M6.5S"); // the type table's example
    }

    @Test
    void moneyIsTheExactAmountAndReadOnlyAsText() throws Exception {
        ColumnType money = PgTextTypes.of(PgTextTypes.MONEY, -1);
        assertThat(money.type()).isEqualTo(new FieldType.Decimal(38, 2));
        assertThat(money.readsBinary()).as("cash_send counts units of the session's lc_monetary").isFalse();
        for (String literal : List.of("12.34", "-0.01", "1234567.89", "92233720368547758.07", "-92233720368547758.08", "0")) {
            Object[] row = query("SELECT m::text, m::numeric::text FROM (SELECT '" + literal + "'::numeric::money AS m) s");
            BigDecimal expected = new BigDecimal((String) row[1]).setScale(2);
            assertThat(money.decoder().decode((String) row[0])).as(literal).isEqualTo(expected);
            // The snapshot casts the column to text; binary COPY sends that text's bytes.
            assertThat(money.decodeBinary(((String) row[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .isEqualTo(expected);
        }
        assertThatThrownBy(() -> money.decoder().decode("€1.234,56")).hasMessageContaining("layout");
        assertThatThrownBy(() -> money.decoder().decode("1.234,56 €")).hasMessageContaining("layout");
    }

    @Test
    void bitsAreDebeziumsLittleEndianBytesAndBitOneABoolean() throws Exception {
        ColumnType bits = PgTextTypes.of(PgTextTypes.VARBIT, 16);
        for (String literal : List.of("1010", "110", "0000", "1000000001", "1111111111111111", "0000000100000000")) {
            Object[] row = query("SELECT b::text, varbit_send(b) FROM (SELECT B'" + literal + "'::varbit AS b) s");
            // Oracle: the bit string as a number, its bytes least significant first, as many as its highest set bit needs.
            byte[] bigEndian = new BigInteger((String) row[0], 2).toByteArray();
            List<Byte> expected = new ArrayList<>();
            for (int i = bigEndian.length - 1; i >= 0; i--) expected.add(bigEndian[i]);
            while (!expected.isEmpty() && expected.get(expected.size() - 1) == 0) expected.remove(expected.size() - 1);
            assertThat(boxed((byte[]) bits.decoder().decode((String) row[0]))).as(literal).isEqualTo(expected);
            assertThat(boxed((byte[]) bits.binary().decode((byte[]) row[1]))).as(literal).isEqualTo(expected);
        }
        assertThat(Base64.getEncoder().encodeToString((byte[]) bits.decoder().decode("1010"))).isEqualTo("Cg=="); // type table
        ColumnType bit = PgTextTypes.of(PgTextTypes.BIT, 1);
        assertThat(bit.type()).isEqualTo(FieldType.BOOLEAN);
        Object[] one = query("SELECT B'1'::bit(1)::text, bit_send(B'1'::bit(1)), bit_send(B'0'::bit(1))");
        assertThat(bit.decoder().decode((String) one[0])).isEqualTo(true).isEqualTo(bit.binary().decode((byte[]) one[1]));
        assertThat(bit.binary().decode((byte[]) one[2])).isEqualTo(false);
        ColumnType array = PgTextTypes.of(PgTextTypes.BIT_ARRAY, 3);
        Object[] arr = query("SELECT a::text, array_send(a) FROM (SELECT '{101,NULL,000}'::bit(3)[] AS a) s");
        assertThat(array.decoder().decode((String) arr[0])).isEqualTo(array.binary().decode((byte[]) arr[1]))
                .isEqualTo(Arrays.asList("101", null, "000"));
    }

    @Test
    void pointIsDebeziumsPointStruct() throws Exception {
        ColumnType point = PgTextTypes.of(PgTextTypes.POINT, -1);
        for (String literal : List.of("(1.5,2.5)", "(-2,0.1)", "(1e300,-1e-300)")) {
            Object[] row = query("SELECT p::text, point_send(p), p FROM (SELECT '" + literal + "'::point AS p) s");
            PGpoint pgjdbc = (PGpoint) row[2];
            Row text = (Row) point.decoder().decode((String) row[0]);
            Row binary = (Row) point.binary().decode((byte[]) row[1]);
            assertThat(text.get("x")).as(literal).isEqualTo(pgjdbc.x).isEqualTo(binary.get("x"));
            assertThat(text.get("y")).as(literal).isEqualTo(pgjdbc.y).isEqualTo(binary.get("y"));
            assertThat((byte[]) text.get("wkb")).isEqualTo((byte[]) binary.get("wkb"));
            assertThat(text.get("srid")).isNull();
        }
        Row docs = (Row) point.decoder().decode("(1.5,2.5)");
        assertThat(Base64.getEncoder().encodeToString((byte[]) docs.get("wkb"))).isEqualTo("AQEAAAAAAAAAAAD4PwAAAAAAAARA");
        assertThat(point.doc()).isEqualTo("Geometry (POINT)");
    }

    @Test
    void macaddrXmlEnumAndOidsBinaryAgreeWithTheirText() throws Exception {
        Object[] row = query("SELECT m::text, macaddr_send(m), m8::text, macaddr8_send(m8), x::text, xml_send(x),"
                + " o::text, array_send(o) FROM (SELECT '08:00:2B:01:02:03'::macaddr AS m,"
                + " '08:00:2b:ff:fe:01:02:03'::macaddr8 AS m8, '<a b=\"1\">x &amp; é</a>'::xml AS x,"
                + " '{1,4294967295,NULL}'::oid[] AS o) s");
        ColumnType mac = PgTextTypes.of(PgTextTypes.MACADDR, -1);
        assertThat(mac.binary().decode((byte[]) row[1])).isEqualTo(row[0]).isEqualTo("08:00:2b:01:02:03");
        assertThat(PgTextTypes.of(PgTextTypes.MACADDR8, -1).binary().decode((byte[]) row[3])).isEqualTo(row[2]);
        assertThat(PgTextTypes.of(PgTextTypes.XML, -1).binary().decode((byte[]) row[5])).isEqualTo(row[4]);
        ColumnType oids = PgTextTypes.of(PgTextTypes.OID_ARRAY, -1);
        assertThat(oids.binary().decode((byte[]) row[7])).isEqualTo(oids.decoder().decode((String) row[6]))
                .isEqualTo(Arrays.asList(1L, 4294967295L, null));

        ColumnType mood = PgTextTypes.of(99_999, -1, List.of("sad", "ok", "happy"));
        assertThat(mood.type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok", "happy")));
        try (Connection c = PostgresServer.shared().connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP TYPE IF EXISTS extra_formats_mood; CREATE TYPE extra_formats_mood AS ENUM ('sad', 'ok', 'happy')");
            try (ResultSet rs = st.executeQuery("SELECT 'happy'::extra_formats_mood::text, enum_send('happy'::extra_formats_mood)")) {
                rs.next();
                assertThat(mood.binary().decode(rs.getBytes(2))).isEqualTo(mood.decoder().decode(rs.getString(1)))
                        .isEqualTo("happy");
            }
            st.execute("DROP TYPE extra_formats_mood");
        }
    }

    @Test
    void arraysOfScalarTypesBinaryAgreeWithTheirText() throws Exception {
        Object[] row = query("SELECT n::text, array_send(n), t::text, array_send(t), d::text, array_send(d),"
                + " ts::text, array_send(ts), tz::text, array_send(tz), x::text, array_send(x), j::text, array_send(j),"
                + " c::text, array_send(c), array_send('{infinity}'::date[])"
                + " FROM (SELECT '{12.30,NULL}'::numeric(10,2)[] AS n, '{12:00:00.123456,NULL}'::time[] AS t,"
                + " '{0044-03-15 BC,2024-01-31}'::date[] AS d, '{2024-01-31 12:34:56.5}'::timestamp[] AS ts,"
                + " '{2024-01-31 12:34:56.5+02}'::timestamptz[] AS tz, '{<a>x</a>}'::xml[] AS x,"
                + " '{\"{\\\"b\\\": 1}\"}'::jsonb[] AS j, '{ab,NULL}'::char(3)[] AS c) s");
        int numericTypmod = ((10 << 16) | 2) + 4;
        int[] oids = {PgTextTypes.NUMERIC_ARRAY, PgTextTypes.TIME_ARRAY, PgTextTypes.DATE_ARRAY, PgTextTypes.TIMESTAMP_ARRAY,
                PgTextTypes.TIMESTAMPTZ_ARRAY, PgTextTypes.XML_ARRAY, PgTextTypes.JSONB_ARRAY, PgTextTypes.BPCHAR_ARRAY};
        for (int i = 0; i < oids.length; i++) {
            ColumnType type = PgTextTypes.of(oids[i], oids[i] == PgTextTypes.NUMERIC_ARRAY ? numericTypmod : -1);
            assertThat(type.binary().decode((byte[]) row[2 * i + 1])).as((String) row[2 * i])
                    .isEqualTo(type.decoder().decode((String) row[2 * i]));
        }
        assertThat(PgTextTypes.of(PgTextTypes.NUMERIC_ARRAY, numericTypmod).type())
                .isEqualTo(new FieldType.Array(new FieldType.Decimal(10, 2)));
        assertThat(PgTextTypes.of(PgTextTypes.NUMERIC_ARRAY, numericTypmod).decoder().decode((String) row[0]))
                .isEqualTo(Arrays.asList(new BigDecimal("12.30"), null));
        assertThat(PgTextTypes.of(PgTextTypes.DATE_ARRAY, -1).decoder().decode((String) row[4]))
                .isEqualTo(List.of(java.time.LocalDate.of(-43, 3, 15), java.time.LocalDate.of(2024, 1, 31)));
        assertThat(PgTextTypes.of(PgTextTypes.CHAR_ARRAY, -1)).isNotNull();
        assertThatThrownBy(() -> PgTextTypes.of(PgTextTypes.DATE_ARRAY, -1).binary().decode((byte[]) row[16]))
                .hasMessageContaining("infinity");
    }

    /** Arrays whose elements are PostgreSQL's output text (setting-dependent): read as text, element by element. */
    @Test
    void arraysOfElementTextsAreTheServersElementTexts() throws Exception {
        List<String> arrays = List.of("'{1234567.89,-0.01}'::money[]", "'{\"1 year 2 mons 3 days 04:05:06.789\",NULL}'::interval[]",
                "'{\"(1.5,-2)\"}'::point[]", "'{192.168.0.1,::ffff:1.2.3.4/128,2001:db8::1}'::inet[]", "'{10.0.0.0/8}'::cidr[]",
                "'{\"[1,5)\",empty}'::int4range[]", "'{\"[2024-01-01 00:00:00,)\"}'::tsrange[]", "'{a,\"\"}'::\"char\"[]");
        for (String literal : arrays) {
            try (Connection c = PostgresServer.shared().connect("postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT format('%s', a), a, pg_typeof(a)::oid FROM (SELECT " + literal
                         + " AS a) s")) {
                rs.next();
                ColumnType type = PgTextTypes.of((int) rs.getLong(3), -1);
                assertThat(type).as(literal).isNotNull();
                assertThat(type.readsBinary()).as(literal).isFalse();
                assertThat(type.type()).isEqualTo(new FieldType.Array(FieldType.STRING));
                // Oracle: pgjdbc's element texts (Array.getResultSet), as the Debezium engine's converter takes them.
                List<String> expected = new ArrayList<>();
                Array array = rs.getArray(2);
                try (ResultSet elements = array.getResultSet()) {
                    while (elements.next()) expected.add(elements.getString(2));
                }
                assertThat(type.decoder().decode(rs.getString(1))).as(literal).isEqualTo(expected);
            }
        }
    }

    /** Scalars Debezium passes as PostgreSQL's text (inet, cidr, ranges, tsvector): the server's text, read as text. */
    @Test
    void textFormatScalarsAreTheServersText() throws Exception {
        for (String literal : List.of("'192.168.0.1/24'::inet", "'192.168.0.1'::inet", "'2001:db8::1'::inet",
                "'::ffff:1.2.3.4'::inet", "'10.0.0.0/8'::cidr",
                "'[1,5)'::int4range", "'(,9000000000]'::int8range", "'[1.5,2.5]'::numrange", "'empty'::int4range",
                "'[2024-01-01 00:00:00,2024-01-02 12:00:00.5)'::tsrange", "'[2024-01-01 00:00:00+02,)'::tstzrange",
                "'[2024-01-01,2024-02-01)'::daterange", "'a fat:2 cat'::tsvector")) {
            // What the reader gets: the output function's text (pgoutput text mode; the snapshot's format('%s')).
            Object[] row = query("SELECT format('%s', v), pg_typeof(v)::oid, v FROM (SELECT " + literal + " AS v) s");
            ColumnType type = PgTextTypes.of(((Number) row[1]).intValue(), -1);
            assertThat(type).as(literal).isNotNull();
            assertThat(type.type()).isEqualTo(FieldType.STRING);
            assertThat(type.readsBinary()).as(literal).isFalse();
            // Oracle: pgjdbc's getObject (a PGobject holding the server's text), as Debezium's snapshot gets it.
            assertThat(type.decoder().decode((String) row[0])).as(literal).isEqualTo(row[2].toString());
        }
    }

    private static List<Byte> boxed(byte[] bytes) {
        List<Byte> out = new ArrayList<>();
        for (byte b : bytes) out.add(b);
        return out;
    }

    private static Object[] query(String sql) throws Exception {
        try (Connection c = PostgresServer.shared().connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Object[] row = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) row[i] = rs.getObject(i + 1);
            return row;
        }
    }
}
