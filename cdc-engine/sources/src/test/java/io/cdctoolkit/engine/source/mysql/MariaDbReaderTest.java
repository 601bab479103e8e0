package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbReaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void snapshotThenInsertUpdateDeleteArriveAsReadCreateUpdateDeleteWithBeforeImages() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_crud");
        maria.execute(db, "CREATE TABLE customers (id int PRIMARY KEY, name varchar(50) NOT NULL, score decimal(10,2))",
                "INSERT INTO customers VALUES (1, 'ada', 10.50), (2, 'bob', NULL)");
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "crud", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = harness.pollAtLeast(2, TIMEOUT);
            assertThat(snapshot).extracting(ChangeEvent::op).containsOnly(Op.READ);
            assertThat(snapshot.get(0).topic()).isEqualTo("maria_crud.customers");
            assertThat(snapshot.get(0).table().schema()).isNull();

            maria.execute(db, "INSERT INTO customers VALUES (3, 'cy', 7.25)",
                    "UPDATE customers SET name = 'ada lovelace', score = 11.00 WHERE id = 1",
                    "DELETE FROM customers WHERE id = 2");
            harness.clear();
            List<ChangeEvent> changes = harness.pollAtLeast(3, TIMEOUT);
            assertThat(changes).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.UPDATE, Op.DELETE);
            assertThat(after(changes.get(0)).get("score")).isEqualTo(new BigDecimal("7.25"));
            Row before = Envelope.before(changes.get(1).value());
            assertThat(before.get("name")).isEqualTo("ada");
            assertThat(before.get("score")).isEqualTo(new BigDecimal("10.50"));
            assertThat(after(changes.get(1)).get("name")).isEqualTo("ada lovelace");
            assertThat(Envelope.before(changes.get(2).value()).get("name")).isEqualTo("bob");
            assertThat(changes.get(2).key().get("id")).isEqualTo(2);
        }
    }

    @Test
    void everyDocumentedTypeRendersTheDocumentedJsonInSnapshotAndStream() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_types");
        maria.execute(db, "CREATE TABLE all_types (id int PRIMARY KEY, " + COLUMNS + ")",
                "INSERT INTO all_types VALUES (1, " + VALUES + ")", "INSERT INTO all_types (id) VALUES (2)");
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "types", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, TIMEOUT);
            maria.execute(db, "INSERT INTO all_types VALUES (3, " + VALUES + ")", "INSERT INTO all_types (id) VALUES (4)");
            List<ChangeEvent> events = harness.pollAtLeast(4, TIMEOUT);

            assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.READ, Op.READ, Op.CREATE, Op.CREATE);
            assertThat(json(events.get(0))).isEqualTo("{\"id\":1," + EXPECTED + "}");
            assertThat(json(events.get(2))).isEqualTo("{\"id\":3," + EXPECTED + "}");
            assertThat(json(events.get(1))).startsWith("{\"id\":2,\"c_tinyint\":null,").doesNotContain(":\"");
            assertThat(json(events.get(3))).isEqualTo(json(events.get(1)).replace("\"id\":2", "\"id\":4"));
            RowSchema schema = after(events.get(0)).schema();
            assertThat(schema.field("c_ubigint").type()).isEqualTo(new FieldType.Decimal(20, 0));
            assertThat(schema.field("c_datetime").type()).isEqualTo(FieldType.TIMESTAMP);
            assertThat(schema.field("c_timestamp").type()).isEqualTo(FieldType.TIMESTAMP_TZ);
            assertThat(schema.field("c_enum").type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok", "happy")));
            assertThat(after(events.get(2)).schema()).isSameAs(schema);
        }
    }

    private static String json(ChangeEvent e) {
        return RowJson.toJson(after(e));
    }

    /** Every column type in docs/sources/mysql-mariadb.md, with the JSON RowJson renders for it. */
    static final String COLUMNS = "c_tinyint tinyint, c_bool boolean, c_smallint smallint, c_mediumint mediumint,"
            + " c_int int, c_bigint bigint, c_ubigint bigint unsigned, c_decimal decimal(12,3), c_float float,"
            + " c_double double, c_bit1 bit(1), c_bit4 bit(4), c_char char(3), c_varchar varchar(20), c_text text,"
            + " c_binary binary(2), c_blob blob, c_date date, c_time time(6), c_datetime datetime(6),"
            + " c_timestamp timestamp(6) NULL, c_year year, c_json json, c_enum enum('sad','ok','happy'),"
            + " c_set set('x','y','z'), c_uuid uuid, c_geometry geometry";

    static final String VALUES = "-7, true, 300, 70000, -42, 9007199254740993, 18446744073709551615, 12345.678,"
            + " 1.5, 2.25, b'1', b'1010', 'ab', 'abc', 'héllo', x'dead', x'beef', '2024-01-31', '12:34:56.123456',"
            + " '2024-01-31 12:34:56.123456', '2024-01-31 12:34:56.123456', 2024, '{\"a\": 1}', 'happy', 'x,z',"
            + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ST_GeomFromText('POINT(1.5 2.5)')";

    static final String EXPECTED = "\"c_tinyint\":-7,\"c_bool\":1,\"c_smallint\":300,\"c_mediumint\":70000,\"c_int\":-42,"
            + "\"c_bigint\":9007199254740993,\"c_ubigint\":\"18446744073709551615\",\"c_decimal\":\"12345.678\","
            + "\"c_float\":1.5,\"c_double\":2.25,\"c_bit1\":true,\"c_bit4\":\"Cg==\",\"c_char\":\"ab\",\"c_varchar\":\"abc\","
            + "\"c_text\":\"héllo\",\"c_binary\":\"3q0=\",\"c_blob\":\"vu8=\",\"c_date\":\"2024-01-31\","
            + "\"c_time\":\"12:34:56.123456\",\"c_datetime\":\"2024-01-31T12:34:56.123456Z\","
            + "\"c_timestamp\":\"2024-01-31T12:34:56.123456Z\",\"c_year\":2024,\"c_json\":\"{\\\"a\\\": 1}\","
            + "\"c_enum\":\"happy\",\"c_set\":\"x,z\",\"c_uuid\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\","
            + "\"c_geometry\":{\"wkb\":\"AQEAAAAAAAAAAAD4PwAAAAAAAARA\",\"srid\":null}";

    private static Row after(ChangeEvent e) {
        return Envelope.after(e.value());
    }
}
