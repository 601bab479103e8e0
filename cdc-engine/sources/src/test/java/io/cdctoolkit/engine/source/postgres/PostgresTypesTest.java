package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresTypesTest {

    @TempDir
    Path state;

    /** Every column type in docs/sources/postgresql.md, with the JSON RowJson renders for it. */
    static final String COLUMNS = "c_smallint smallint, c_int int, c_bigint bigint,"
            + " c_numeric numeric(12,3), c_numeric_free numeric, c_real real, c_double double precision,"
            + " c_bool boolean, c_text text, c_varchar varchar(20), c_char char(3), c_bytea bytea,"
            + " c_date date, c_time time, c_timetz timetz, c_timestamp timestamp, c_timestamptz timestamptz,"
            + " c_interval interval, c_uuid uuid, c_json json, c_jsonb jsonb, c_enum mood,"
            + " c_int_array int[], c_text_array text[], c_bit bit(1), c_bit4 bit(4), c_varbit varbit(16),"
            + " c_money money, c_point point, c_inet inet, c_xml xml";

    static final String VALUES = "7, -42, 9007199254740993, 12345.678, 3.14159265358979, 1.5, 2.25,"
            + " true, 'héllo', 'abc', 'ab', '\\xdeadbeef', '2024-01-31', '12:34:56.123456', '12:34:56+02',"
            + " '2024-01-31 12:34:56.123456', '2024-01-31 12:34:56.123456+02',"
            + " '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
            + " '{\"a\": 1}', '{\"b\":[1,  2]}', 'happy', '{1,2,3}', '{a,b}', B'1', B'1010', B'110',"
            + " 12.34, '(1.5,2.5)', '192.168.0.1/24', '<a>x</a>'";

    static final String EXPECTED = "\"c_smallint\":7,\"c_int\":-42,\"c_bigint\":9007199254740993,"
            + "\"c_numeric\":\"12345.678\",\"c_numeric_free\":\"3.14159265358979\",\"c_real\":1.5,\"c_double\":2.25,"
            + "\"c_bool\":true,\"c_text\":\"héllo\",\"c_varchar\":\"abc\",\"c_char\":\"ab \",\"c_bytea\":\"3q2+7w==\","
            + "\"c_date\":\"2024-01-31\",\"c_time\":\"12:34:56.123456\",\"c_timetz\":\"10:34:56Z\","
            + "\"c_timestamp\":\"2024-01-31T12:34:56.123456Z\",\"c_timestamptz\":\"2024-01-31T10:34:56.123456Z\","
            + "\"c_interval\":\"P1Y2M3DT4H5M6.5S\",\"c_uuid\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\","
            + "\"c_json\":\"{\\\"a\\\": 1}\",\"c_jsonb\":\"{\\\"b\\\": [1, 2]}\",\"c_enum\":\"happy\","
            + "\"c_int_array\":[1,2,3],\"c_text_array\":[\"a\",\"b\"],\"c_bit\":true,\"c_bit4\":\"Cg==\",\"c_varbit\":\"Bg==\","
            + "\"c_money\":\"12.34\",\"c_point\":{\"x\":1.5,\"y\":2.5,\"wkb\":\"AQEAAAAAAAAAAAD4PwAAAAAAAARA\",\"srid\":null},"
            + "\"c_inet\":\"192.168.0.1/24\",\"c_xml\":\"<a>x</a>\"";

    @Test
    void everyDocumentedTypeRendersTheDocumentedJsonInSnapshotAndStream() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_types");
        pg.execute(db, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE all_types (id bigint PRIMARY KEY, " + COLUMNS + ")",
                "INSERT INTO all_types VALUES (1, " + VALUES + ")",
                "INSERT INTO all_types (id) VALUES (2)");
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "types", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, Duration.ofSeconds(90));
            pg.execute(db, "INSERT INTO all_types VALUES (3, " + VALUES + ")", "INSERT INTO all_types (id) VALUES (4)");
            List<ChangeEvent> events = harness.pollAtLeast(4, Duration.ofSeconds(90));

            assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.READ, Op.READ, Op.CREATE, Op.CREATE);
            assertThat(json(events.get(0))).isEqualTo("{\"id\":1," + EXPECTED + "}");
            assertThat(json(events.get(2))).isEqualTo("{\"id\":3," + EXPECTED + "}");
            assertThat(json(events.get(1))).startsWith("{\"id\":2,\"c_smallint\":null,").doesNotContain(":\"");
            assertThat(json(events.get(3))).isEqualTo(json(events.get(1)).replace("\"id\":2", "\"id\":4"));

            RowSchema schema = Envelope.after(events.get(0).value()).schema();
            assertThat(schema.field("c_numeric").type()).isEqualTo(new FieldType.Decimal(12, 3));
            assertThat(schema.field("c_timestamptz").type()).isEqualTo(FieldType.TIMESTAMP_TZ);
            assertThat(schema.field("c_enum").type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok", "happy")));
            assertThat(schema.field("c_int_array").type()).isEqualTo(new FieldType.Array(FieldType.INT32));
            assertThat(schema.field("c_uuid").type()).isEqualTo(FieldType.UUID);
            assertThat(schema.field("c_jsonb").type()).isEqualTo(FieldType.JSON);
            assertThat(schema.field("id").optional()).isFalse();
            // Snapshot and stream share one RowSchema per table version.
            assertThat(Envelope.after(events.get(2).value()).schema()).isSameAs(schema);
        }
    }

    private static String json(ChangeEvent event) {
        return RowJson.toJson(Envelope.after(event.value()));
    }
}
