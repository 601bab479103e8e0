package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.debezium.transforms.ExtractNewRecordState;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectRecordsTest {

    // ---- conversion, checked against Connect's own converters ----

    @Test
    void everyGeneratedEventSurvivesConnectsJsonConverterUnchanged() {
        // JsonConverter is Connect's own serializer of schema + value: if our record carried a value its
        // schema does not allow (or a logical value of the wrong class), the round trip would fail or differ.
        for (ChangeEvent event : CdcInputs.of(42).allShapes(120)) {
            SinkRecord ours = ConnectRecords.toConnect(event);
            SchemaAndValue key = roundTrip(ours.topic(), ours.keySchema(), ours.key(), true);
            SchemaAndValue value = roundTrip(ours.topic(), ours.valueSchema(), ours.value(), false);

            assertThat(key.schema()).isEqualTo(ours.keySchema());
            assertThat(key.value()).isEqualTo(ours.key());
            assertThat(value.schema()).isEqualTo(ours.valueSchema());
            assertThat(value.value()).isEqualTo(unsignedZeros(ours.value()));
            SinkRecord back = ours.newRecord(ours.topic(), 0, key.schema(), key.value(), value.schema(), value.value(),
                    ours.timestamp());
            SinkRecord unsigned = ours.newRecord(ours.topic(), 0, ours.keySchema(), ours.key(), ours.valueSchema(),
                    unsignedZeros(ours.value()), ours.timestamp());
            assertThat(ParityAssertions.firstDifference(back, unsigned, Comparison.STRICT)).isEmpty();
        }
    }

    @Test
    void connectsJsonConverterLosesNegativeZeroAndNonFiniteFloats() {
        // Why the round trip above compares with unsigned zeros: JsonConverter reads numbers as BigDecimal,
        // which has no -0. Transforms work on the in-memory record, where -0.0 stays -0.0, so the inputs keep it.
        assertThat(roundTrip("t", Schema.FLOAT64_SCHEMA, -0.0, false).value()).isEqualTo(0.0);
        assertThat(roundTrip("t", Schema.FLOAT32_SCHEMA, -0.0f, false).value()).isEqualTo(0.0f);
        // Why CdcInputs generates no NaN or infinity: JsonConverter writes them as strings and reads back 0.0.
        assertThat(roundTrip("t", Schema.FLOAT64_SCHEMA, Double.NaN, false).value()).isEqualTo(0.0);
        assertThat(roundTrip("t", Schema.FLOAT32_SCHEMA, Float.POSITIVE_INFINITY, false).value()).isEqualTo(0.0f);
    }

    /** The value with every -0.0 (float or double) replaced by 0.0. */
    private static Object unsignedZeros(Object value) {
        if (value instanceof Double d && d == 0.0) return 0.0;
        if (value instanceof Float f && f == 0.0f) return 0.0f;
        if (value instanceof Struct struct) {
            Struct out = new Struct(struct.schema());
            for (org.apache.kafka.connect.data.Field f : struct.schema().fields()) {
                out.put(f, unsignedZeros(struct.getWithoutDefault(f.name())));
            }
            return out;
        }
        if (value instanceof List<?> list) return list.stream().map(ConnectRecordsTest::unsignedZeros).toList();
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, unsignedZeros(v)));
            return out;
        }
        return value;
    }

    private static SchemaAndValue roundTrip(String topic, Schema schema, Object value, boolean isKey) {
        try (JsonConverter converter = new JsonConverter()) {
            // replace.null.with.default=false: a null in a column with a default stays null, as Debezium configures it.
            converter.configure(Map.of("schemas.enable", "true", "replace.null.with.default", "false"), isKey);
            return converter.toConnectData(topic, converter.fromConnectData(topic, schema, value));
        }
    }

    @Test
    void typesMapToDebeziumsConnectSchemas() {
        CdcInputs inputs = CdcInputs.of(1);
        Schema value = ConnectRecords.toConnect(inputs.tableSchema());

        assertThat(value.type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(value.name()).isEqualTo("pg.public.users.Value");
        assertThat(value.isOptional()).isFalse();
        assertThat(value.field("id").schema()).isEqualTo(Schema.INT64_SCHEMA);
        assertThat(value.field("tiny").schema()).isEqualTo(Schema.OPTIONAL_INT8_SCHEMA);
        assertThat(value.field("visits").schema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(value.field("name").schema().doc()).isEqualTo("display name");
        Schema price = value.field("price").schema();
        assertThat(price.name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(price.parameters()).containsEntry(Decimal.SCALE_FIELD, "2").containsEntry("connect.decimal.precision", "10");
        assertThat(value.field("birth_date").schema().name()).isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertThat(value.field("wake_time").schema().name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(value.field("created_at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(value.field("updated_at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(value.field("external_id").schema().name()).isEqualTo("io.debezium.data.Uuid");
        assertThat(value.field("profile").schema().name()).isEqualTo("io.debezium.data.Json");
        Schema status = value.field("status").schema();
        assertThat(status.name()).isEqualTo("io.debezium.data.Enum");
        assertThat(status.parameters()).containsEntry("allowed", "active,inactive,banned");
        assertThat(status.defaultValue()).isEqualTo("active");
        assertThat(value.field("tags").schema().valueSchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(value.field("counters").schema().keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        Schema address = value.field("address").schema();
        assertThat(address.name()).isEqualTo("pg.public.users.address");
        assertThat(address.isOptional()).isTrue();
        assertThat(address.field("geo").schema().field("lat").schema()).isEqualTo(Schema.FLOAT64_SCHEMA);
    }

    @Test
    void temporalAndSemanticValuesAreConnectsLogicalValues() {
        RowSchema schema = RowSchema.builder("t.Value")
                .required("d", FieldType.DATE)
                .required("t", FieldType.TIME)
                .required("ts", FieldType.TIMESTAMP)
                .required("tz", FieldType.TIMESTAMP_TZ)
                .required("dec", new FieldType.Decimal(5, 3))
                .required("u", FieldType.UUID)
                .build();
        UUID uuid = UUID.fromString("8f14e45f-ceea-4e2b-9bb2-1c1a7a1b2c3d");
        Row row = Row.of(schema, LocalDate.of(1969, 7, 20), LocalTime.of(23, 59, 59, 999_000_000),
                Instant.parse("1900-01-01T00:00:00.001Z"), Instant.parse("2038-01-19T03:14:08Z"),
                new BigDecimal("-12.340"), uuid);

        Struct struct = ConnectRecords.toConnect(row);

        Schema s = struct.schema();
        assertThat(struct.get("d")).isEqualTo(org.apache.kafka.connect.data.Date.toLogical(s.field("d").schema(), -165));
        assertThat(struct.get("t")).isEqualTo(Time.toLogical(s.field("t").schema(), 86_399_999));
        assertThat(struct.get("ts")).isEqualTo(Timestamp.toLogical(s.field("ts").schema(), -2_208_988_799_999L));
        assertThat(struct.get("tz")).isEqualTo(Timestamp.toLogical(s.field("tz").schema(), 2_147_483_648_000L));
        assertThat(struct.get("dec")).isEqualTo(new BigDecimal("-12.340"));
        assertThat(struct.get("u")).isEqualTo("8f14e45f-ceea-4e2b-9bb2-1c1a7a1b2c3d");
    }

    @Test
    void aValueConnectCannotHoldExactlyIsAnErrorNamingTheField() {
        RowSchema time = RowSchema.of("t", Field.required("wake", FieldType.TIME));
        assertThatThrownBy(() -> ConnectRecords.toConnect(Row.of(time, LocalTime.of(7, 0, 0, 1_000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'wake'");

        RowSchema ts = RowSchema.of("t", Field.optional("seen_at", FieldType.TIMESTAMP_TZ));
        assertThatThrownBy(() -> ConnectRecords.toConnect(Row.of(ts, Instant.parse("2024-01-01T00:00:00.000001Z"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'seen_at'");

        RowSchema date = RowSchema.of("t", Field.required("far", FieldType.DATE));
        assertThatThrownBy(() -> ConnectRecords.toConnect(Row.of(date, LocalDate.MAX)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'far'");

        RowSchema dec = RowSchema.of("t", Field.required("price", new FieldType.Decimal(10, 2)));
        assertThatThrownBy(() -> ConnectRecords.toConnect(Row.of(dec, new BigDecimal("1.5"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'price'");

        RowSchema nested = RowSchema.of("outer", Field.required("inner", new FieldType.Struct(time)));
        assertThatThrownBy(() -> ConnectRecords.toConnect(Row.of(nested, Row.of(time, LocalTime.of(1, 2, 3, 4)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'inner.wake'");
    }

    @Test
    void anEventBecomesTheSinkRecordAWorkerWouldHandAnSmt() {
        CdcInputs inputs = CdcInputs.of(7);
        List<ChangeEvent> events = inputs.allShapes(6);
        ChangeEvent read = events.get(1); // the r envelope, the second event: it carries two headers
        SinkRecord record = ConnectRecords.toConnect(read);

        assertThat(record.topic()).isEqualTo("pg.public.users");
        assertThat(record.kafkaPartition()).isZero();
        assertThat(record.kafkaOffset()).isZero();
        assertThat(record.timestamp()).isEqualTo(read.sourceTimestamp().toEpochMilli());
        assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(record.keySchema().name()).isEqualTo("pg.public.users.Key");
        assertThat(((Struct) record.key()).get("id")).isEqualTo(read.key().get("id"));
        assertThat(record.valueSchema().name()).isEqualTo("pg.public.users.Envelope");
        assertThat(record.valueSchema().isOptional()).isFalse();
        Struct value = (Struct) record.value();
        assertThat(value.get("op")).isEqualTo("r");
        assertThat(value.get("before")).isNull();
        assertThat(value.getStruct("source").get("lsn")).isInstanceOf(Long.class);
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        assertThat(headers).extracting(Header::key).containsExactly("trace-id", "origin");
        assertThat(headers.get(1).schema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
        assertThat(headers.get(1).value()).isEqualTo("pg".getBytes(StandardCharsets.UTF_8));

        SinkRecord tombstone = ConnectRecords.toConnect(events.get(4));
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.valueSchema()).isNull();
        assertThat(tombstone.key()).isNotNull();

        SinkRecord flat = ConnectRecords.toConnect(events.get(5));
        assertThat(flat.valueSchema().name()).isEqualTo("pg.public.users.Value");
        assertThat(flat.valueSchema().isOptional()).as("required, as ExtractNewRecordState hands the after row on").isFalse();
    }

    // ---- ParityAssertions finds each kind of difference, with its path ----

    @Test
    void sameEventPasses() {
        for (ChangeEvent event : CdcInputs.of(3).allShapes(12)) {
            assertThatCode(() -> ParityAssertions.assertSameRecord(event, ConnectRecords.toConnect(event)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void detectsAChangedNestedValue() {
        ChangeEvent event = createWithAddress(CdcInputs.of(5));
        Row after = Envelope.after(event.value());
        Row address = (Row) after.get("address");
        Row changedAfter = after.toBuilder().set("address", address.toBuilder().set("city", "Elsewhere").build()).build();
        ChangeEvent ours = event.withValue(event.value().with(Envelope.AFTER_INDEX, changedAfter));

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(ours, ConnectRecords.toConnect(event)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("value.after.address.city: expected \"" + address.get("city") + "\" but was \"Elsewhere\"");
    }

    @Test
    void detectsAChangedType() {
        ChangeEvent theirs = CdcInputs.of(5).flatRow(Op.CREATE);
        ChangeEvent ours = replaceField(theirs, Field.required("visits", FieldType.INT64),
                ((Integer) theirs.value().get("visits")).longValue());

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(ours, ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("valueSchema.visits: expected type INT32 but was INT64");
    }

    @Test
    void detectsAChangedOptionality() {
        ChangeEvent theirs = CdcInputs.of(5).flatRow(Op.CREATE);
        ChangeEvent ours = replaceField(theirs, Field.optional("visits", FieldType.INT32), theirs.value().get("visits"));

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(ours, ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("valueSchema.visits: expected required but was optional");
    }

    @Test
    void detectsADroppedField() {
        ChangeEvent theirs = CdcInputs.of(5).flatRow(Op.CREATE);
        RowSchema full = theirs.value().schema();
        List<Field> fields = new ArrayList<>(full.fields());
        int nickname = full.indexOf("nickname");
        fields.remove(nickname);
        List<Object> values = new ArrayList<>(java.util.Arrays.asList(theirs.value().values()));
        values.remove(nickname);
        ChangeEvent ours = theirs.withValue(Row.of(RowSchema.of(full.name(), fields), values.toArray()));

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(ours, ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("valueSchema: expected fields [id, active")
                .hasMessageContaining("nickname");
    }

    @Test
    void detectsADifferentTopic() {
        ChangeEvent theirs = CdcInputs.of(5).envelope(Op.UPDATE);

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(theirs.withTopic("users"), ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("topic: expected \"pg.public.users\" but was \"users\"");
    }

    @Test
    void detectsADifferentHeader() {
        ChangeEvent theirs = CdcInputs.of(5).envelopes(2).get(1); // the second event has trace-id, origin=pg
        Headers changed = Headers.builder().add("trace-id", theirs.headers().get(0).value()).add("origin", "pq").build();

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(theirs.withHeaders(changed), ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("headers[1] (origin): expected 0x7067 but was 0x7071");
        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(theirs.withHeaders(Headers.EMPTY), ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("headers: expected 2 headers [trace-id, origin] but was 0 []");
    }

    @Test
    void detectsATombstoneWhereConnectHasAValue() {
        ChangeEvent theirs = CdcInputs.of(5).envelope(Op.DELETE);

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(theirs.withValue(null), ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("value: expected a value but was a tombstone (null value)");
    }

    @Test
    void detectsADecimalOfAnotherScaleAndBytesByContent() {
        RowSchema schema = RowSchema.of("t.Value", Field.required("b", FieldType.BYTES));
        ChangeEvent theirs = CdcInputs.of(5).tombstone().withValue(Row.of(schema, new byte[] {1, 2}));
        ChangeEvent sameContent = theirs.withValue(Row.of(schema, new byte[] {1, 2}));
        ChangeEvent otherContent = theirs.withValue(Row.of(schema, new byte[] {1, 3}));

        assertThatCode(() -> ParityAssertions.assertSameRecord(sameContent, ConnectRecords.toConnect(theirs)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(otherContent, ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("value.b: expected 0x0102 but was 0x0103");

        Schema decimal = Decimal.schema(2);
        assertThat(ParityAssertions.valueDiff(decimal, new BigDecimal("1.50"), new BigDecimal("1.5"), "value.price"))
                .isEqualTo("value.price: expected 1.50 (BigDecimal) but was 1.5 (BigDecimal)");
    }

    @Test
    void structNamesAreComparedUnlessOptedOut() {
        ChangeEvent theirs = CdcInputs.of(5).flatRow(Op.READ);
        RowSchema renamed = RowSchema.of("users.Value", theirs.value().schema().fields());
        ChangeEvent ours = theirs.withValue(Row.of(renamed, theirs.value().values()));

        assertThatThrownBy(() -> ParityAssertions.assertSameRecord(ours, ConnectRecords.toConnect(theirs)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("valueSchema: expected schema name \"pg.public.users.Value\" but was \"users.Value\"");
        assertThatCode(() -> ParityAssertions.assertSameRecord(ours, ConnectRecords.toConnect(theirs),
                Comparison.STRICT.ignoringSchemaNames())).doesNotThrowAnyException();
    }

    // ---- the oracles run on our records ----

    @Test
    void connectsMaskFieldAndDebeziumsExtractNewRecordStateRunOnOurRecords() {
        CdcInputs inputs = CdcInputs.of(11);

        ChangeEvent flat = inputs.flatRow(Op.CREATE);
        SinkRecord masked;
        try (MaskField<SinkRecord> mask = new MaskField.Value<>()) {
            mask.configure(Map.of("fields", "visits"));
            masked = mask.apply(ConnectRecords.toConnect(flat));
        }
        assertThat(((Struct) masked.value()).get("visits")).isEqualTo(0);
        ParityAssertions.assertSameRecord(flat.withValue(flat.value().toBuilder().set("visits", 0).build()), masked);

        ChangeEvent create = inputs.envelope(Op.CREATE);
        SinkRecord unwrapped;
        try (ExtractNewRecordState<SinkRecord> unwrap = new ExtractNewRecordState<>()) {
            unwrap.configure(Map.of());
            unwrapped = unwrap.apply(ConnectRecords.toConnect(create));
        }
        // Our flat row of the same change is exactly Debezium's unwrapped record, schema optionality included.
        ParityAssertions.assertSameRecord(create.withValue(Envelope.after(create.value())), unwrapped);
        Struct after = ((Struct) ConnectRecords.toConnect(create).value()).getStruct("after");
        assertThat(unwrapped.valueSchema().name()).isEqualTo("pg.public.users.Value");
        assertThat(unwrapped.valueSchema().fields()).isEqualTo(after.schema().fields());
        assertThat(((Struct) unwrapped.value()).get("name")).isEqualTo(after.get("name"));
    }

    // ---- helpers ----

    private static ChangeEvent createWithAddress(CdcInputs inputs) {
        for (int i = 0; i < 50; i++) {
            ChangeEvent e = inputs.envelope(Op.CREATE);
            if (Envelope.after(e.value()).get("address") != null) return e;
        }
        throw new IllegalStateException("no row with an address in 50");
    }

    /** The flat event with one top-level field replaced (schema and value). */
    private static ChangeEvent replaceField(ChangeEvent event, Field field, Object value) {
        RowSchema schema = event.value().schema();
        List<Field> fields = new ArrayList<>(schema.fields());
        int i = schema.indexOf(field.name());
        fields.set(i, field);
        Object[] values = event.value().values();
        values[i] = value;
        return event.withValue(Row.of(RowSchema.of(schema.name(), fields), values));
    }
}
