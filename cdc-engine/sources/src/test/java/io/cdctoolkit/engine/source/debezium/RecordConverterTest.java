package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.OnCollision;
import io.cdctoolkit.engine.routing.TopicResolver;
import io.cdctoolkit.engine.spi.FatalException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGStatement;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conversion of records as the SQL Server and MySQL connectors emit them (no such server runs here). */
class RecordConverterTest {

    private final RecordConverter converter = new RecordConverter(ColumnFilters.NONE, TableId::toString);

    /**
     * A label Debezium's enum schema lacks (PostgreSQL's {@code ALTER TYPE … ADD VALUE} changes no table, so
     * Debezium keeps the labels it read): added after the known ones, in before and after alike, and kept for
     * the table's later rows; a row of known labels alone changes nothing.
     */
    @Test
    void anEnumLabelTheSchemaLacksIsAddedAndKept() {
        Schema row = SchemaBuilder.struct().name("pg.app.public.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("f", io.debezium.data.Enum.builder("sad,ok").optional().build())
                .field("fs", SchemaBuilder.array(io.debezium.data.Enum.builder("sad,ok").optional().build()).optional().build())
                .build();
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("pg.app.public.t", row, RecordedRecords.MYSQL_SOURCE);
        Schema keySchema = SchemaBuilder.struct().name("pg.app.public.t.Key")
                .field("f", io.debezium.data.Enum.builder("sad,ok").build()).build();
        Struct known = new Struct(row).put("id", 1).put("f", "ok").put("fs", java.util.Arrays.asList("sad", null));
        Struct added = new Struct(row).put("id", 1).put("f", "glad").put("fs", List.of("joyful", "sad"));
        Struct knownKey = new Struct(keySchema).put("f", "ok");

        ChangeEvent first = converter.convert(RecordedRecords.record(Map.of("pos", 1), keySchema, knownKey,
                envelope.create(known, RecordedRecords.mySqlSource("app", "t", 1L), RecordedRecords.at(1L))), new DebeziumPosition(1, Map.of("pos", 1)));
        ChangeEvent update = converter.convert(RecordedRecords.record(Map.of("pos", 2), keySchema, new Struct(keySchema).put("f", "glad"),
                envelope.update(known, added, RecordedRecords.mySqlSource("app", "t", 2L), RecordedRecords.at(2L))), new DebeziumPosition(2, Map.of("pos", 2)));
        ChangeEvent later = converter.convert(RecordedRecords.record(Map.of("pos", 3), keySchema, knownKey,
                envelope.create(known, RecordedRecords.mySqlSource("app", "t", 3L), RecordedRecords.at(3L))), new DebeziumPosition(3, Map.of("pos", 3)));

        assertThat(Envelope.after(first.value()).schema().field("f").type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok")));
        Row after = Envelope.after(update.value());
        assertThat(after.get("f")).isEqualTo("glad");
        assertThat(after.schema().field("f").type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok", "glad")));
        assertThat(after.schema().field("fs").type())
                .isEqualTo(new FieldType.Array(new FieldType.Enum(List.of("sad", "ok", "joyful"))));
        assertThat(Envelope.before(update.value()).schema()).isSameAs(after.schema());
        assertThat(Envelope.before(update.value()).get("fs")).isEqualTo(java.util.Arrays.asList("sad", null));
        assertThat(later.value().schema()).isSameAs(update.value().schema());
        assertThat(first.key().schema().field("f").type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok")));
        assertThat(update.key().get("f")).isEqualTo("glad");
        assertThat(update.key().schema().field("f").type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok", "glad")));
        assertThat(later.key().schema()).isSameAs(update.key().schema());
    }

    /**
     * A before image as Debezium builds it from an old-key tuple: NOT NULL columns the database did
     * not send hold Debezium's fallbacks ("" and 0). Read per the table's before image.
     */
    @ParameterizedTest
    @ValueSource(strings = {"FULL", "KEY", "NONE"})
    void beforeImagesAreReadAsTheTablesBeforeImageSays(BeforeImage.Kind kind) {
        Schema row = SchemaBuilder.struct().name("pg.app.public.t.Value")
                .field("id", Schema.INT32_SCHEMA).field("name", Schema.STRING_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
        BeforeImage image = switch (kind) {
            case FULL -> BeforeImage.FULL;
            case KEY -> BeforeImage.keyOnly(java.util.Set.of("id"));
            case NONE -> BeforeImage.NONE;
            case UNKNOWN -> throw new IllegalArgumentException("see oldRowsOfATableNoLongerInTheCatalog…");
        };
        RecordConverter perTable = new RecordConverter(ColumnFilters.NONE, TableId::toString, table -> image);
        Struct before = new Struct(row).put("id", 7).put("name", "").put("qty", 0);
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("mssql.app.dbo.t", row, RecordedRecords.SQLSERVER_SOURCE);
        Struct value = envelope.delete(before, RecordedRecords.sqlServerSource("app", "dbo", "t", 1_706_704_496_000L),
                RecordedRecords.at(1_706_704_497_000L));

        ChangeEvent event = perTable.convert(RecordedRecords.record(Map.of("change_lsn", "x"), null, null, value),
                new DebeziumPosition(1, Map.of("change_lsn", "x")));

        Row read = Envelope.before(event.value());
        io.cdctoolkit.engine.data.RowSchema schema = event.value().schema().field(Envelope.BEFORE).type() instanceof FieldType.Struct s
                ? s.schema() : null;
        switch (kind) {
            case FULL -> {
                assertThat(RowJson.toJson(read)).isEqualTo("{\"id\":7,\"name\":\"\",\"qty\":0,\"note\":null}");
                assertThat(schema.field("name").optional()).isFalse();
            }
            case KEY -> {
                assertThat(RowJson.toJson(read)).isEqualTo("{\"id\":7,\"name\":null,\"qty\":null,\"note\":null}");
                assertThat(schema.field("id").optional()).isFalse();
                assertThat(schema.field("name").optional()).isTrue();
                assertThat(schema.field("qty").optional()).isTrue();
            }
            case NONE -> {
                assertThat(read).isNull();
                assertThat(schema.field("name").optional()).isFalse();
            }
        }
    }

    /**
     * A delete of a table whose replica identity index leaves out the primary key: Debezium builds the delete's key
     * from the old row and puts its fallback (0) where the database sent no id. That key names another row; the
     * event has no key instead. A delete whose old row carries the key keeps it.
     */
    @Test
    void aDeleteWhoseOldRowLacksAKeyColumnHasNoKeyRatherThanAMadeUpOne() {
        Schema row = SchemaBuilder.struct().name("pg.app.public.t.Value")
                .field("id", Schema.INT32_SCHEMA).field("code", Schema.INT32_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();

        ChangeEvent delete = deleteWithKey(row, "code", new Struct(row).put("id", 0).put("code", 100));
        assertThat(RowJson.toJson(Envelope.before(delete.value()))).isEqualTo("{\"id\":null,\"code\":100,\"note\":null}");
        assertThat(delete.key()).as("id 0 is Debezium's fallback, not the row's id").isNull();

        ChangeEvent keyed = deleteWithKey(row, "id", new Struct(row).put("id", 7).put("code", 0));
        assertThat(keyed.key().get("id")).isEqualTo(7);

        // The same delete with a value of the old row that cannot be converted: unreadable, and still no made-up key.
        Schema timed = SchemaBuilder.struct().name("pg.app.public.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("at", io.debezium.time.MicroTime.builder().build()).build();
        ChangeEvent unreadable = deleteWithKey(timed, "at", new Struct(timed).put("id", 0).put("at", 86_400_000_000L));
        assertThat(unreadable.isUnreadable()).isTrue();
        assertThat(unreadable.unreadable().field()).isEqualTo("at");
        assertThat(unreadable.key()).isNull();
    }

    /**
     * Debezium's delete of {@code oldRow} in a table whose old rows carry only {@code identityColumn}, with the key
     * {@code {id: <oldRow's id>}} as Debezium builds it from the old row.
     */
    private static ChangeEvent deleteWithKey(Schema row, String identityColumn, Struct oldRow) {
        Schema keySchema = SchemaBuilder.struct().name("pg.app.public.t.Key").field("id", Schema.INT32_SCHEMA).build();
        RecordConverter converter = new RecordConverter(ColumnFilters.NONE, TableId::toString,
                table -> BeforeImage.keyOnly(java.util.Set.of(identityColumn)));
        Struct value = RecordedRecords.envelope("pg.app.public.t", row, RecordedRecords.SQLSERVER_SOURCE).delete(oldRow,
                RecordedRecords.sqlServerSource("app", "dbo", "t", 1L), RecordedRecords.at(2L));
        return converter.convert(RecordedRecords.record(Map.of("change_lsn", "x"), keySchema,
                new Struct(keySchema).put("id", oldRow.get("id")), value), new DebeziumPosition(1, Map.of("change_lsn", "x")));
    }

    /**
     * A table no longer in the catalog under the name its changes carry (dropped or renamed since): whether its old
     * rows were written whole cannot be told. One whose Debezium schema has a required column may hold Debezium's
     * fallbacks ("" and 0 here, for a key-only old row): unreadable, naming the column and why. One whose schema
     * has none (Debezium built it without the catalog) holds only what the database sent: read as it is.
     */
    @Test
    void oldRowsOfATableNoLongerInTheCatalogAreUnreadableWhenAColumnMayBeAFallback() {
        Schema required = SchemaBuilder.struct().name("pg.app.public.t.Value")
                .field("id", Schema.OPTIONAL_INT32_SCHEMA).field("name", Schema.STRING_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
        ChangeEvent refused = deleteOf(required, new Struct(required).put("id", 7).put("name", ""));
        assertThat(refused.unreadable()).isNotNull();
        assertThat(refused.unreadable().field()).isEqualTo("name");
        assertThat(refused.unreadable().reason()).contains("no longer in the catalog").contains("engine: native");

        Schema optional = SchemaBuilder.struct().name("pg.app.public.t.Value")
                .field("id", Schema.OPTIONAL_INT32_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
        ChangeEvent read = deleteOf(optional, new Struct(optional).put("id", 7));
        assertThat(read.unreadable()).isNull();
        assertThat(RowJson.toJson(Envelope.before(read.value()))).isEqualTo("{\"id\":7,\"name\":null,\"note\":null}");
    }

    private static ChangeEvent deleteOf(Schema row, Struct before) {
        RecordConverter converter = new RecordConverter(ColumnFilters.NONE, TableId::toString, table -> BeforeImage.UNKNOWN);
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("mssql.app.dbo.t", row, RecordedRecords.SQLSERVER_SOURCE);
        Struct value = envelope.delete(before, RecordedRecords.sqlServerSource("app", "dbo", "t", 1_706_704_496_000L),
                RecordedRecords.at(1_706_704_497_000L));
        return converter.convert(RecordedRecords.record(Map.of("change_lsn", "x"), null, null, value),
                new DebeziumPosition(1, Map.of("change_lsn", "x")));
    }

    @Test
    void sqlServerTypesConvertToTheDocumentedJson() {
        Schema row = SchemaBuilder.struct().name("mssql.app.dbo.all_types.Value")
                .field("id", Schema.INT32_SCHEMA)
                .field("c_tinyint", Schema.OPTIONAL_INT16_SCHEMA)
                .field("c_bit", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .field("c_decimal", Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
                .field("c_money", Decimal.builder(4).parameter("connect.decimal.precision", "19").optional().build())
                .field("c_real", Schema.OPTIONAL_FLOAT32_SCHEMA)
                .field("c_float", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("c_nvarchar", Schema.OPTIONAL_STRING_SCHEMA)
                .field("c_uniqueidentifier", Schema.OPTIONAL_STRING_SCHEMA)
                .field("c_varbinary", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("c_date", io.debezium.time.Date.builder().optional().build())
                .field("c_time", io.debezium.time.NanoTime.builder().optional().build())
                .field("c_datetime", io.debezium.time.Timestamp.builder().optional().build())
                .field("c_datetime2", io.debezium.time.NanoTimestamp.builder().optional().build())
                .field("c_datetimeoffset", io.debezium.time.ZonedTimestamp.builder().optional().build())
                .field("c_xml", io.debezium.data.Xml.builder().optional().build())
                .build();
        Struct after = new Struct(row).put("id", 1).put("c_tinyint", (short) 255).put("c_bit", true)
                .put("c_decimal", new BigDecimal("12.30")).put("c_money", new BigDecimal("9.9900"))
                .put("c_real", 1.5f).put("c_float", 2.25).put("c_nvarchar", "héllo")
                .put("c_uniqueidentifier", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")
                .put("c_varbinary", ByteBuffer.wrap(new byte[]{(byte) 0xde, (byte) 0xad}))
                .put("c_date", 19753).put("c_time", 45_296_123_456_700L).put("c_datetime", 1_706_704_496_123L)
                .put("c_datetime2", 1_706_704_496_123_456_700L).put("c_datetimeoffset", "2024-01-31T12:34:56.1234567+02:00")
                .put("c_xml", "<a>x</a>");
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("mssql.app.dbo.all_types", row, RecordedRecords.SQLSERVER_SOURCE);
        Struct value = envelope.create(after, RecordedRecords.sqlServerSource("app", "dbo", "all_types", 1_706_704_496_000L),
                RecordedRecords.at(1_706_704_497_000L));

        ChangeEvent event = converter.convert(RecordedRecords.record(Map.of("change_lsn", "x"), null, null, value),
                new DebeziumPosition(1, Map.of("change_lsn", "x")));

        assertThat(event.table()).isEqualTo(new TableId("app", "dbo", "all_types"));
        assertThat(event.topic()).isEqualTo("app.dbo.all_types");
        assertThat(event.op()).isEqualTo(Op.CREATE);
        assertThat(event.transaction()).isEqualTo("00000025:00000d98:0003");
        assertThat(event.sourceTimestamp()).isEqualTo(RecordedRecords.at(1_706_704_496_000L));
        assertThat(RowJson.toJson(Envelope.after(event.value()))).isEqualTo("{\"id\":1,\"c_tinyint\":255,\"c_bit\":true,"
                + "\"c_decimal\":\"12.30\",\"c_money\":\"9.9900\",\"c_real\":1.5,\"c_float\":2.25,\"c_nvarchar\":\"héllo\","
                + "\"c_uniqueidentifier\":\"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11\",\"c_varbinary\":\"3q0=\","
                + "\"c_date\":\"2024-01-31\",\"c_time\":\"12:34:56.123456\",\"c_datetime\":\"2024-01-31T12:34:56.123000Z\","
                + "\"c_datetime2\":\"2024-01-31T12:34:56.123456Z\",\"c_datetimeoffset\":\"2024-01-31T10:34:56.123456Z\","
                + "\"c_xml\":\"<a>x</a>\"}");
        assertThat(Envelope.after(event.value()).schema().field("c_money").type()).isEqualTo(new FieldType.Decimal(19, 4));
        assertThat(Envelope.source(event.value()).get("commit_lsn")).isEqualTo("00000025:00000d98:0003");
    }

    @Test
    void mySqlTypesConvertToTheDocumentedJson() {
        Schema row = SchemaBuilder.struct().name("my.shop.all_types.Value")
                .field("id", Schema.INT32_SCHEMA)
                .field("c_json", io.debezium.data.Json.builder().optional().build())
                .field("c_enum", io.debezium.data.Enum.builder("sad,ok,happy").optional().build())
                .field("c_set", io.debezium.data.EnumSet.builder("x,y,z").optional().build())
                .field("c_year", io.debezium.time.Year.builder().optional().build())
                .field("c_time", io.debezium.time.MicroTime.builder().optional().build())
                .field("c_datetime3", io.debezium.time.Timestamp.builder().optional().build())
                .field("c_datetime6", io.debezium.time.MicroTimestamp.builder().optional().build())
                .field("c_timestamp", io.debezium.time.ZonedTimestamp.builder().optional().build())
                .field("c_bit4", io.debezium.data.Bits.builder(4).optional().build())
                .field("c_ubigint", Decimal.builder(0).parameter("connect.decimal.precision", "20").optional().build())
                .field("c_geometry", io.debezium.data.geometry.Geometry.builder().optional().build())
                .build();
        Struct after = new Struct(row).put("id", 7).put("c_json", "{\"a\":1}").put("c_enum", "ok").put("c_set", "x,z")
                .put("c_year", 2024).put("c_time", 45_296_123_456L).put("c_datetime3", 1_706_704_496_123L)
                .put("c_datetime6", 1_706_704_496_123_456L).put("c_timestamp", "2024-01-31T12:34:56.123456Z")
                .put("c_bit4", new byte[]{10}).put("c_ubigint", new BigDecimal("18446744073709551615"))
                .put("c_geometry", io.debezium.data.geometry.Geometry.createValue(
                        io.debezium.data.geometry.Geometry.schema(), new byte[]{1, 2}, 4326));
        Schema key = SchemaBuilder.struct().name("my.shop.all_types.Key").field("id", Schema.INT32_SCHEMA).build();
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("my.shop.all_types", row, RecordedRecords.MYSQL_SOURCE);
        Struct value = envelope.update(after, after, RecordedRecords.mySqlSource("shop", "all_types", 1_000L),
                RecordedRecords.at(2_000L));

        ChangeEvent event = converter.convert(RecordedRecords.record(Map.of("pos", 154L), key,
                new Struct(key).put("id", 7), value), new DebeziumPosition(3, Map.of("pos", 154L)));

        assertThat(event.table()).isEqualTo(new TableId("shop", null, "all_types"));
        assertThat(event.topic()).isEqualTo("shop.all_types");
        assertThat(event.op()).isEqualTo(Op.UPDATE);
        assertThat(event.key().get("id")).isEqualTo(7);
        Row converted = Envelope.after(event.value());
        assertThat(RowJson.toJson(converted)).isEqualTo("{\"id\":7,\"c_json\":\"{\\\"a\\\":1}\",\"c_enum\":\"ok\","
                + "\"c_set\":\"x,z\",\"c_year\":2024,\"c_time\":\"12:34:56.123456\","
                + "\"c_datetime3\":\"2024-01-31T12:34:56.123000Z\",\"c_datetime6\":\"2024-01-31T12:34:56.123456Z\","
                + "\"c_timestamp\":\"2024-01-31T12:34:56.123456Z\",\"c_bit4\":\"Cg==\",\"c_ubigint\":\"18446744073709551615\","
                + "\"c_geometry\":{\"wkb\":\"AQI=\",\"srid\":4326}}");
        assertThat(converted.schema().field("c_json").type()).isEqualTo(FieldType.JSON);
        assertThat(converted.schema().field("c_enum").type()).isEqualTo(new FieldType.Enum(List.of("sad", "ok", "happy")));
        assertThat(event.transaction()).isNull();
        assertThat(RowJson.toJson(event.value())).contains("\"op\":\"u\"", "\"ts_ms\":2000", "\"file\":\"mysql-bin.000003\"");
    }

    /** Every kind of value a reader cannot hold exactly, as Debezium emits it (see the type tables). */
    static Stream<Arguments> unconvertibleValues() {
        return Stream.of(
                Arguments.of("PostgreSQL timestamptz 'infinity'", io.debezium.time.ZonedTimestamp.builder(), "infinity"),
                Arguments.of("PostgreSQL timestamptz '-infinity'", io.debezium.time.ZonedTimestamp.builder(), "-infinity"),
                Arguments.of("PostgreSQL timestamptz '-infinity' inside a timestamptz[] (pgjdbc's decoding)",
                        io.debezium.time.ZonedTimestamp.builder(), "+292269055-12-02T23:00:00.000000Z"),
                Arguments.of("PostgreSQL timestamp 'infinity'", io.debezium.time.MicroTimestamp.builder(),
                        PGStatement.DATE_POSITIVE_INFINITY),
                Arguments.of("PostgreSQL timestamp '-infinity'", io.debezium.time.MicroTimestamp.builder(),
                        PGStatement.DATE_NEGATIVE_INFINITY),
                Arguments.of("PostgreSQL timestamp after 294247 AD (saturated)", io.debezium.time.MicroTimestamp.builder(),
                        Long.MAX_VALUE),
                Arguments.of("PostgreSQL timestamp(3) 'infinity'", io.debezium.time.Timestamp.builder(),
                        PGStatement.DATE_POSITIVE_INFINITY / 1000),
                Arguments.of("PostgreSQL timestamp(3) '-infinity'", io.debezium.time.Timestamp.builder(),
                        PGStatement.DATE_NEGATIVE_INFINITY / 1000),
                Arguments.of("PostgreSQL date 'infinity' (streamed)", io.debezium.time.Date.builder(), -2_147_472_692),
                Arguments.of("PostgreSQL date 'infinity' (snapshot)", io.debezium.time.Date.builder(), -622_191_234),
                Arguments.of("PostgreSQL time '24:00:00'", io.debezium.time.MicroTime.builder(), 86_400_000_000L),
                Arguments.of("MySQL TIME '25:00:00'", io.debezium.time.MicroTime.builder(), 90_000_000_000L),
                Arguments.of("MySQL TIME '-01:00:00'", io.debezium.time.MicroTime.builder(), -3_600_000_000L),
                Arguments.of("SQL Server time beyond a day", io.debezium.time.NanoTime.builder(), 86_400_000_000_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unconvertibleValues")
    void anUnconvertibleValueMakesAnUnreadableEventNamingTheColumnWithTheRawRecord(
            String kind, SchemaBuilder type, Object raw) {
        Schema row = SchemaBuilder.struct().name("my.shop.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("c", type.optional().build())
                .field("d", SchemaBuilder.string().optional().defaultValue("x").build())
                .optional().build(); // Debezium's before/after are optional structs
        Schema keySchema = SchemaBuilder.struct().name("my.shop.t.Key").field("id", Schema.INT32_SCHEMA).build();
        Struct value = RecordedRecords.envelope("my.shop.t", row, RecordedRecords.MYSQL_SOURCE)
                .create(new Struct(row).put("id", 1).put("c", raw), RecordedRecords.mySqlSource("shop", "t", 1L),
                        RecordedRecords.at(1L));
        DebeziumPosition position = new DebeziumPosition(5, Map.of("pos", 9L));

        ChangeEvent event = converter.convert(RecordedRecords.record(Map.of("pos", 9L), keySchema,
                new Struct(keySchema).put("id", 1), value), position);

        assertThat(event.isUnreadable()).as(kind).isTrue();
        assertThat(event.unreadable().field()).isEqualTo("c");
        assertThat(event.unreadable().reason()).contains(type.name());
        assertThat(event.table()).isEqualTo(new TableId("shop", null, "t"));
        assertThat(event.topic()).isEqualTo("shop.t");
        assertThat(event.op()).isEqualTo(Op.CREATE);
        assertThat(event.position()).isSameAs(position);
        assertThat(event.key().get("id")).isEqualTo(1);
        assertThat(event.value()).isNull();
        // The dead letter gets the record as the database sent it: the raw value, and NULL not the default.
        String json = new String(event.unreadable().raw(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"after\":{\"id\":1,\"c\":" + (raw instanceof String ? "\"" + raw + "\"" : raw)
                + ",\"d\":null}", "\"op\":\"c\"", "\"file\":\"mysql-bin.000003\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-4713-11-24T00:00:00Z", "+294276-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z"})
    void theExtremeInstantsPostgresqlStoresAreReadable(String text) {
        Schema row = SchemaBuilder.struct().name("pg.public.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("at", io.debezium.time.ZonedTimestamp.builder().optional().build()).build();
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("pg.public.t", row, RecordedRecords.MYSQL_SOURCE);
        ChangeEvent event = converter.convert(RecordedRecords.record(Map.of(), null, null,
                envelope.create(new Struct(row).put("id", 1).put("at", text), RecordedRecords.mySqlSource("shop", "t", 1L),
                        RecordedRecords.at(1L))), new DebeziumPosition(1, Map.of()));
        assertThat(event.isUnreadable()).as("unreadable: %s", event.unreadable()).isFalse();
        assertThat(Envelope.after(event.value()).get("at")).isEqualTo(java.time.Instant.parse(text));
    }

    /**
     * A MySQL TIME read as a duration ({@code time_columns: duration_micros}) is an int64 of microseconds; a value the
     * converter did not get as a duration (its text then no number) makes the event unreadable, naming the column.
     */
    @Test
    void aTimeReadAsADurationIsMicrosecondsAndAValueThatWasNoDurationIsUnreadable() {
        Schema row = SchemaBuilder.struct().name("shop.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("length", DurationMicrosText.builder().optional().build()).build();
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("shop.t", row, RecordedRecords.MYSQL_SOURCE);
        ChangeEvent read = converter.convert(RecordedRecords.record(Map.of(), null, null, envelope.create(
                new Struct(row).put("id", 1).put("length", "-3020399999999"), RecordedRecords.mySqlSource("shop", "t", 1L),
                RecordedRecords.at(1L))), new DebeziumPosition(1, Map.of()));
        assertThat(read.isUnreadable()).as("unreadable: %s", read.unreadable()).isFalse();
        assertThat(Envelope.rowSchema(read.value().schema()).field("length").type()).isEqualTo(FieldType.INT64);
        assertThat(Envelope.after(read.value()).get("length")).isEqualTo(-3_020_399_999_999L);
        ChangeEvent refused = converter.convert(RecordedRecords.record(Map.of(), null, null, envelope.create(
                new Struct(row).put("id", 2).put("length", "a Time where a duration was expected"),
                RecordedRecords.mySqlSource("shop", "t", 2L), RecordedRecords.at(2L))), new DebeziumPosition(2, Map.of()));
        assertThat(refused.isUnreadable()).isTrue();
        assertThat(refused.unreadable().field()).isEqualTo("length");
        assertThat(refused.unreadable().reason()).contains("not read as a duration")
                .contains("a Time where a duration was expected");
    }

    @Test
    void anUnconvertibleValueInsideAnArrayOrABeforeImageNamesItsColumn() {
        Schema row = SchemaBuilder.struct().name("pg.public.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("ends", SchemaBuilder.array(io.debezium.time.ZonedTimestamp.builder().optional().build())
                        .optional().build()).build();
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("pg.public.t", row, RecordedRecords.MYSQL_SOURCE);
        Struct bad = new Struct(row).put("id", 1).put("ends", List.of("2024-01-31T10:00:00Z", "infinity"));
        Struct good = new Struct(row).put("id", 1).put("ends", List.of("2024-01-31T10:00:00Z"));
        ChangeEvent event = converter.convert(RecordedRecords.record(Map.of(), null, null,
                envelope.update(bad, good, RecordedRecords.mySqlSource("shop", "t", 1L), RecordedRecords.at(1L))),
                new DebeziumPosition(1, Map.of()));
        assertThat(event.isUnreadable()).isTrue();
        assertThat(event.unreadable().field()).isEqualTo("ends");
        assertThat(event.op()).isEqualTo(Op.UPDATE);
        assertThat(event.key()).isNull();
    }

    @Test
    void theRawRecordOfAnUnreadableEventLeavesOutTheColumnsTheFilterExcludes() throws Exception {
        ColumnFilters filters = ColumnFilters.parse("f", Map.of("shop.t", Map.of("exclude", List.of("secret*"))));
        RecordConverter filtering = new RecordConverter(filters, TableId::toString);
        Schema row = SchemaBuilder.struct().name("my.shop.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("secret_token", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ends", io.debezium.time.ZonedTimestamp.builder().optional().build()).optional().build();
        Struct bad = new Struct(row).put("id", 1).put("secret_token", "hunter2").put("ends", "infinity");
        Struct value = RecordedRecords.envelope("my.shop.t", row, RecordedRecords.MYSQL_SOURCE)
                .update(bad, bad, RecordedRecords.mySqlSource("shop", "t", 1L), RecordedRecords.at(1L));

        ChangeEvent event = filtering.convert(RecordedRecords.record(Map.of(), null, null, value), new DebeziumPosition(1, Map.of()));

        assertThat(event.unreadable().field()).isEqualTo("ends");
        String json = new String(event.unreadable().raw(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"before\":{\"id\":1,\"ends\":\"infinity\"}", "\"after\":{\"id\":1,\"ends\":\"infinity\"}")
                .doesNotContain("secret_token").doesNotContain("hunter2");

        // A column the filter leaves out is never read, so its value cannot make the row unreadable.
        RecordConverter withoutEnds = new RecordConverter(
                ColumnFilters.parse("f", Map.of("shop.t", Map.of("exclude", List.of("ends")))), TableId::toString);
        ChangeEvent readable = withoutEnds.convert(RecordedRecords.record(Map.of(), null, null, value),
                new DebeziumPosition(2, Map.of()));
        assertThat(readable.isUnreadable()).isFalse();
        assertThat(RowJson.toJson(Envelope.after(readable.value()))).isEqualTo("{\"id\":1,\"secret_token\":\"hunter2\"}");
    }

    @Test
    void aNullInAColumnWithADefaultStaysNullAndTheDefaultStaysInTheSchema() {
        Schema row = SchemaBuilder.struct().name("my.shop.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("c", SchemaBuilder.string().optional().defaultValue("x").build())
                .field("n", SchemaBuilder.int32().optional().defaultValue(7).build()).build();
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("my.shop.t", row, RecordedRecords.MYSQL_SOURCE);
        Struct nulls = new Struct(row).put("id", 1);
        ChangeEvent event = converter.convert(RecordedRecords.record(Map.of(), null, null,
                envelope.update(nulls, nulls, RecordedRecords.mySqlSource("shop", "t", 1L), RecordedRecords.at(1L))),
                new DebeziumPosition(1, Map.of()));
        assertThat(RowJson.toJson(Envelope.after(event.value()))).isEqualTo("{\"id\":1,\"c\":null,\"n\":null}");
        assertThat(RowJson.toJson(Envelope.before(event.value()))).isEqualTo("{\"id\":1,\"c\":null,\"n\":null}");
        assertThat(Envelope.after(event.value()).schema().field("c").defaultValue()).isEqualTo("x");
        assertThat(Envelope.after(event.value()).schema().field("n").defaultValue()).isEqualTo(7);
    }

    @Test
    void aTableWhoseTopicIsAnotherTablesFailsUnderErrorAndSharesItUnderWarn() {
        RecordConverter strict = new RecordConverter(ColumnFilters.NONE,
                TopicResolver.builder("merged").onCollision(OnCollision.ERROR).build());
        RecordConverter lenient = new RecordConverter(ColumnFilters.NONE,
                TopicResolver.builder("merged").onCollision(OnCollision.WARN).build());
        SourceRecord first = insert("orders");
        SourceRecord second = insert("orders_archive");

        assertThat(strict.convert(first, new DebeziumPosition(1, Map.of())).topic()).isEqualTo("merged");
        assertThat(strict.convert(first, new DebeziumPosition(2, Map.of())).topic()).isEqualTo("merged");
        assertThatThrownBy(() -> strict.convert(second, new DebeziumPosition(3, Map.of())))
                .isInstanceOf(FatalException.class)
                .hasMessageContaining("shop.orders").hasMessageContaining("shop.orders_archive")
                .hasMessageContaining("'merged'").hasMessageContaining("on_collision");

        assertThat(lenient.convert(first, new DebeziumPosition(1, Map.of())).topic()).isEqualTo("merged");
        assertThat(lenient.convert(second, new DebeziumPosition(2, Map.of())).topic()).isEqualTo("merged");
    }

    private static SourceRecord insert(String table) {
        Schema row = SchemaBuilder.struct().name("my.shop." + table + ".Value").field("id", Schema.INT32_SCHEMA).build();
        Struct value = RecordedRecords.envelope("my.shop." + table, row, RecordedRecords.MYSQL_SOURCE)
                .create(new Struct(row).put("id", 1), RecordedRecords.mySqlSource("shop", table, 1L), RecordedRecords.at(1L));
        return RecordedRecords.record(Map.of(), null, null, value);
    }

    @Test
    void deletesTruncatesAndNonChangeRecords() {
        Schema row = SchemaBuilder.struct().name("my.shop.t.Value").field("id", Schema.INT32_SCHEMA).build();
        io.debezium.data.Envelope envelope = RecordedRecords.envelope("my.shop.t", row, RecordedRecords.MYSQL_SOURCE);
        Struct source = RecordedRecords.mySqlSource("shop", "t", 5L);
        ChangeEvent delete = converter.convert(RecordedRecords.record(Map.of(), null, null,
                envelope.delete(new Struct(row).put("id", 9), source, RecordedRecords.at(6L))), new DebeziumPosition(1, Map.of()));
        assertThat(delete.op()).isEqualTo(Op.DELETE);
        assertThat(Envelope.before(delete.value()).get("id")).isEqualTo(9);
        assertThat(Envelope.after(delete.value())).isNull();
        assertThat(delete.key()).isNull();

        ChangeEvent truncate = converter.convert(RecordedRecords.record(Map.of(), null, null,
                envelope.truncate(source, RecordedRecords.at(7L))), new DebeziumPosition(2, Map.of()));
        assertThat(truncate.op()).isEqualTo(Op.TRUNCATE);

        Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord beat = new SourceRecord(Map.of(), Map.of("pos", 1L), "__debezium-heartbeat.my", heartbeat,
                new Struct(heartbeat).put("ts_ms", 1L));
        assertThat(converter.convert(beat, new DebeziumPosition(3, Map.of()))).isNull();
    }

    @Test
    void columnFiltersDropColumnsFromRowsAndSchemas() throws Exception {
        ColumnFilters filters = ColumnFilters.parse("f", Map.of("shop.t", Map.of("exclude", List.of("secret*"))));
        RecordConverter filtering = new RecordConverter(filters, TableId::toString);
        Schema row = SchemaBuilder.struct().name("my.shop.t.Value").field("id", Schema.INT32_SCHEMA)
                .field("secret_a", Schema.OPTIONAL_STRING_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
        Struct value = RecordedRecords.envelope("my.shop.t", row, RecordedRecords.MYSQL_SOURCE).create(
                new Struct(row).put("id", 1).put("secret_a", "s").put("name", "n"),
                RecordedRecords.mySqlSource("shop", "t", 1L), RecordedRecords.at(1L));
        ChangeEvent event = filtering.convert(RecordedRecords.record(Map.of(), null, null, value), new DebeziumPosition(1, Map.of()));
        assertThat(RowJson.toJson(Envelope.after(event.value()))).isEqualTo("{\"id\":1,\"name\":\"n\"}");
    }
}
