package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The text decoders (snapshot, PostgreSQL 13 and older) and the binary decoders (stream on 14+) give
 * the same value for the same server value, and the value the server says it is: each row asks the
 * server for a value's text ({@code ::text}), its send format ({@code *_send}) and an independent
 * rendering to compare with (epoch seconds, a plain decimal string).
 */
class ValueFormatsTest {

    @Test
    void numericTextAndBinaryAgreeWithTheServer() throws Exception {
        for (String literal : List.of("0", "12345.67", "-0.0001", "1e30", "-987654321.123456789", "10000", "0.10")) {
            Object[] row = query("SELECT v::text, numeric_send(v) FROM (SELECT " + literal + "::numeric AS v) s");
            ColumnType unconstrained = PgTextTypes.of(PgTextTypes.NUMERIC, -1);
            Object text = unconstrained.decoder().decode((String) row[0]);
            assertThat(unconstrained.binary().decode((byte[]) row[1])).as(literal).isEqualTo(text);
            assertThat(new BigDecimal((String) text)).as(literal).isEqualByComparingTo(new BigDecimal(literal));
        }
        numericsAroundTheLongFastPathAgreeWithTheServer();
        ColumnType money = PgTextTypes.of(PgTextTypes.NUMERIC, ((12 << 16) | 3) + 4); // numeric(12,3)
        Object[] row = query("SELECT v::text, numeric_send(v) FROM (SELECT -1234.5::numeric(12,3) AS v) s");
        assertThat(money.binary().decode((byte[]) row[1])).isEqualTo(new BigDecimal("-1234.500"))
                .isEqualTo(money.decoder().decode((String) row[0]));
        Object[] nan = query("SELECT 'NaN'::numeric::text, numeric_send('NaN')");
        assertThatThrownBy(() -> money.binary().decode((byte[]) nan[1])).hasMessageContaining("NaN");
        assertThatThrownBy(() -> money.decoder().decode((String) nan[0])).hasMessageContaining("NaN");
    }

    /**
     * Up to four base-10000 digits are decoded in a long, more in a BigInteger: values on both sides of
     * that line (16 and 17 significant digits, every scale from 0 to 20, both signs, trailing zeros that
     * the send format drops) must come out exactly as the server's text says, scale included.
     */
    private static void numericsAroundTheLongFastPathAgreeWithTheServer() throws Exception {
        ColumnType unconstrained = PgTextTypes.of(PgTextTypes.NUMERIC, -1);
        int compared = 0;
        try (Connection c = PostgresServer.shared().connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v::text, numeric_send(v) FROM ("
                     + " SELECT round(sign * m * 10::numeric ^ (e - 20), s) AS v"
                     + " FROM generate_series(0, 20) s, generate_series(10, 40) e, (VALUES (1), (-1)) AS signs(sign),"
                     + " (VALUES (9999999999999999::numeric), (99999999999999999), (1234567890123456),"
                     + " (10000000000000000), (1), (12345678), (100000000)) AS mantissas(m)) x")) {
            while (rs.next()) {
                String text = rs.getString(1);
                byte[] send = rs.getBytes(2);
                assertThat(PgBinaryValues.numeric(send)).as(text).isEqualTo(new BigDecimal(text));
                assertThat(unconstrained.binary().decode(send)).as(text).isEqualTo(unconstrained.decoder().decode(text));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(21 * 31 * 2 * 7);
    }

    /**
     * PostgreSQL 15+ lets numeric's scale be negative or above the precision; the type modifier holds it in
     * 11 signed bits. The modifiers the server gives such columns decode to the declared scales (also from the
     * unsigned reading pgjdbc reports), a negative scale's column becomes decimal(p - s, 0), and its values
     * (integers) come out exactly from both formats.
     */
    @Test
    void numericScalesOutsideZeroToPrecisionFromTheServersTypeModifiers() throws Exception {
        Map<String, Integer> declared = new LinkedHashMap<>();
        declared.put("numeric(5,-2)", -2);
        declared.put("numeric(3,5)", 5);
        declared.put("numeric(12,3)", 3);
        declared.put("numeric(1000,-1000)", -1000);
        declared.put("numeric(1000,1000)", 1000);
        for (Map.Entry<String, Integer> column : declared.entrySet()) {
            int typmod = ((Number) query("CREATE TEMP TABLE t (c " + column.getKey() + "); SELECT atttypmod"
                    + " FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'")[0]).intValue();
            assertThat(NumericTypmod.scale(typmod)).as(column.getKey()).isEqualTo(column.getValue());
            assertThat(NumericTypmod.fromUnsigned((typmod - 4) & 0xffff)).as(column.getKey()).isEqualTo(column.getValue());
        }
        int typmod = ((5 << 16) | (-2 & 0x7ff)) + 4;
        ColumnType hundreds = PgTextTypes.of(PgTextTypes.NUMERIC, typmod);
        assertThat(hundreds.type()).isEqualTo(new FieldType.Decimal(7, 0));
        Object[] row = query("SELECT v::text, numeric_send(v) FROM (SELECT -12345::numeric(5,-2) AS v) s");
        assertThat(row[0]).isEqualTo("-12300");
        assertThat(hundreds.decoder().decode((String) row[0])).isEqualTo(new BigDecimal("-12300"));
        assertThat(hundreds.binary().decode((byte[]) row[1])).isEqualTo(new BigDecimal("-12300"));
    }

    @Test
    void datesTimesAndTimestampsTextAndBinaryAgreeWithTheServer() throws Exception {
        for (String literal : List.of("2024-02-29", "0044-03-15 BC", "1970-01-01", "9999-12-31", "1999-12-31")) {
            Object[] row = query("SELECT d::text, date_send(d), (d - '1970-01-01'::date) FROM (SELECT '" + literal
                    + "'::date AS d) s");
            LocalDate expected = LocalDate.ofEpochDay(((Number) row[2]).longValue());
            assertThat(PgTextTypes.date((String) row[0])).as(literal).isEqualTo(expected);
            assertThat(PgBinaryValues.date((byte[]) row[1])).as(literal).isEqualTo(expected);
        }
        for (String literal : List.of("2024-01-31 12:34:56.123456", "1900-06-01 00:00:00.5", "0044-03-15 10:00:00 BC")) {
            Object[] row = query("SELECT t::text, timestamp_send(t), extract(epoch FROM t)::numeric(30,6)::text,"
                    + " (t AT TIME ZONE 'UTC')::text, timestamptz_send(t AT TIME ZONE 'UTC')"
                    + " FROM (SELECT '" + literal + "'::timestamp AS t) s");
            BigDecimal seconds = new BigDecimal((String) row[2]);
            Instant expected = Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
            assertThat(PgTextTypes.timestamp((String) row[0])).as(literal).isEqualTo(expected);
            assertThat(PgBinaryValues.timestamp((byte[]) row[1])).as(literal).isEqualTo(expected);
            assertThat(PgTextTypes.timestamptz((String) row[3])).as(literal).isEqualTo(expected);
            assertThat(PgBinaryValues.timestamp((byte[]) row[4])).as(literal).isEqualTo(expected);
        }
        Object[] zoned = query("SET TIME ZONE 'Asia/Kolkata'; SELECT t::text, timestamptz_send(t)"
                + " FROM (SELECT '2024-01-31 12:34:56.123456+02'::timestamptz AS t) s");
        assertThat(PgTextTypes.timestamptz((String) zoned[0])).isEqualTo(Instant.parse("2024-01-31T10:34:56.123456Z"))
                .isEqualTo(PgBinaryValues.timestamp((byte[]) zoned[1]));
        Object[] time = query("SELECT t::text, time_send(t) FROM (SELECT '12:34:56.5'::time AS t) s");
        assertThat(PgTextTypes.time((String) time[0])).isEqualTo(LocalTime.of(12, 34, 56, 500_000_000))
                .isEqualTo(PgBinaryValues.time((byte[]) time[1]));
        Object[] midnight = query("SELECT '24:00:00'::time::text, time_send('24:00:00')");
        assertThatThrownBy(() -> PgBinaryValues.time((byte[]) midnight[1])).hasMessageContaining("not a time of day");
        Object[] infinity = query("SELECT 'infinity'::timestamp::text, timestamp_send('infinity'), date_send('-infinity')");
        assertThatThrownBy(() -> PgTextTypes.timestamp((String) infinity[0])).hasMessageContaining("infinity");
        assertThatThrownBy(() -> PgBinaryValues.timestamp((byte[]) infinity[1])).hasMessageContaining("infinity");
        assertThatThrownBy(() -> PgBinaryValues.date((byte[]) infinity[2])).hasMessageContaining("infinity");
    }

    @Test
    void uuidJsonbFloatsAndArraysTextAndBinaryAgree() throws Exception {
        Object[] row = query("SELECT u::text, uuid_send(u), j::text, jsonb_send(j), f::text, float4send(f),"
                + " a::text, array_send(a), ta::text, array_send(ta), array_send('{{1,2},{3,4}}'::int[])"
                + " FROM (SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '{\"b\": [1, 2]}'::jsonb AS j,"
                + " 1.1::real AS f, '{1,NULL,-3}'::int[] AS a, '{\"a b\",NULL,\"\"}'::text[] AS ta) s");
        assertThat(PgBinaryValues.uuid((byte[]) row[1])).isEqualTo(UUID.fromString((String) row[0]));
        assertThat(PgBinaryValues.jsonb((byte[]) row[3])).isEqualTo(row[2]);
        assertThat(PgBinaryValues.float4((byte[]) row[5])).isEqualTo(Float.valueOf((String) row[4])).isEqualTo(1.1f);
        ColumnType ints = PgTextTypes.of(PgTextTypes.INT4_ARRAY, -1);
        assertThat(ints.binary().decode((byte[]) row[7])).isEqualTo(ints.decoder().decode((String) row[6]))
                .isEqualTo(Arrays.asList(1, null, -3));
        ColumnType texts = PgTextTypes.of(PgTextTypes.TEXT_ARRAY, -1);
        assertThat(texts.binary().decode((byte[]) row[9])).isEqualTo(texts.decoder().decode((String) row[8]))
                .isEqualTo(Arrays.asList("a b", null, ""));
        assertThatThrownBy(() -> ints.binary().decode((byte[]) row[10])).hasMessageContaining("multi-dimensional");
    }

    /**
     * An array whose first index is not 1 is refused in both formats (the index is part of the value, the field holds
     * the elements alone); an {@code int2vector}, whose first index is 0 by definition, reads in both.
     */
    @Test
    void arraysWhoseFirstIndexIsNotOneAreRefusedInBothFormatsButVectorsRead() throws Exception {
        Object[] row = query("SELECT a::text, array_send(a), v::text, int2vectorsend(v)"
                + " FROM (SELECT '[0:1]={1,2}'::int[] AS a, '3 1 2'::int2vector AS v) s");
        ColumnType ints = PgTextTypes.of(PgTextTypes.INT4_ARRAY, -1);
        assertThatThrownBy(() -> ints.decoder().decode((String) row[0])).hasMessageContaining("first index is 0, not 1");
        assertThatThrownBy(() -> ints.binary().decode((byte[]) row[1])).hasMessageContaining("first index is 0, not 1");
        ColumnType vector = PgTextTypes.of(PgTextTypes.INT2VECTOR, -1);
        assertThat(vector.binary().decode((byte[]) row[3])).isEqualTo(vector.decoder().decode((String) row[2]))
                .isEqualTo(List.of((short) 3, (short) 1, (short) 2));
    }

    private static Object[] query(String sql) throws Exception {
        try (Connection c = PostgresServer.shared().connect("postgres"); Statement st = c.createStatement()) {
            String[] statements = sql.split("; ");
            for (int i = 0; i < statements.length - 1; i++) st.execute(statements[i]);
            try (ResultSet rs = st.executeQuery(statements[statements.length - 1])) {
                rs.next();
                Object[] row = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) row[i] = rs.getObject(i + 1);
                return row;
            }
        }
    }
}
