package io.cdctoolkit.schema.registry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.avro.AvroFormat;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.decode.RecordDecoder;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.modes.ExternalRegistryFactory;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry encoder against the in-process {@code mock://} registry with Avro, built from
 * options as a pipeline builds it: what lands in the registry, the wire bytes (read back with Avro's
 * own reader, the independent oracle), schema evolution, rejections, outages and the steady state's
 * registry traffic.
 */
class RegistryEncoderTest {

    private static final String TOPIC = "shop.public.users";
    private static final RowSchema KEY = RowSchema.builder("shop.public.users.Key").required("id", FieldType.INT64).build();
    private static final RowSchema V1 = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).required("name", FieldType.STRING).optional("qty", FieldType.INT32).build();
    private static final RowSchema V2 = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).required("name", FieldType.STRING).optional("qty", FieldType.INT32)
            .optional("note", FieldType.STRING).build();
    /** qty's type changed int → string: BACKWARD-incompatible. */
    private static final RowSchema V3_INCOMPATIBLE = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).required("name", FieldType.STRING).optional("qty", FieldType.STRING).build();
    private static final RowSchema SOURCE = RowSchema.builder("io.cdctoolkit.test.Source")
            .required("db", FieldType.STRING).required("lsn", FieldType.INT64).build();

    private final String url = "mock://encoder-test-" + System.nanoTime();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    /** The appender {@link #watchLogicalTypeWarnings} attached, or null. */
    private ListAppender<ILoggingEvent> logAppender;

    @AfterEach
    void dropScope() {
        MockRegistries.drop(url);
        if (logAppender != null) {
            ((Logger) LoggerFactory.getLogger(LogicalTypeWarnings.class)).detachAppender(logAppender);
        }
    }

    @Test
    void keysAndEnvelopesAreRegisteredUnderTopicSubjectsAndFramedWithTheirIds() throws Exception {
        try (Encoder encoder = encoder(Map.of())) {
            Row key = Row.of(KEY, 7L);
            Row value = envelope(V1, Row.of(V1, 7L, "ada", 3), 1);
            byte[] keyBytes = encoder.encode(TOPIC, Encoder.Role.KEY, key, Headers.builder());
            byte[] valueBytes = encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder());

            RegistryClient registry = registry();
            assertThat(registry.subjects()).containsExactly(TOPIC + "-key", TOPIC + "-value");
            RegisteredSchema keySchema = registry.latest(TOPIC + "-key");
            RegisteredSchema valueSchema = registry.latest(TOPIC + "-value");
            assertThat(keyBytes[0]).isZero();
            assertThat(ByteBuffer.wrap(keyBytes, 1, 4).getInt()).isEqualTo(keySchema.id());
            assertThat(ByteBuffer.wrap(valueBytes, 1, 4).getInt()).isEqualTo(valueSchema.id());

            // Avro's own reader, with the schema the registry holds, reads the payload after the header.
            GenericRecord decoded = avroRead(valueSchema.schema(), valueBytes);
            assertThat(decoded.getSchema().getFullName()).isEqualTo("shop.public.users.Envelope");
            GenericRecord after = (GenericRecord) decoded.get("after");
            assertThat(after.get("id")).isEqualTo(7L);
            assertThat(after.get("name").toString()).isEqualTo("ada");
            assertThat(after.get("qty")).isEqualTo(3);
            assertThat(decoded.get("before")).isNull();
            assertThat(((GenericRecord) avroRead(keySchema.schema(), keyBytes)).get("id")).isEqualTo(7L);

            // Our decoder gives the disabled mode's JSON for the same rows.
            RecordDecoder decoder = new RecordDecoder(SchemaLookup.of(registry), SchemaFormats::forType);
            ObjectMapper json = new ObjectMapper();
            assertThat(decoder.decode(valueBytes).toString())
                    .isEqualTo(json.readTree(RowJson.plan(value.schema()).toBytes(value)).toString());
            assertThat(decoder.decode(keyBytes).toString()).isEqualTo(json.readTree(RowJson.plan(KEY).toBytes(key)).toString());
        }
    }

    @Test
    void theKafkaDeserializerGivesConsumersTheSameJsonForFramedAndPlainRecords() throws Exception {
        Row key = Row.of(KEY, 9L);
        Row value = envelope(V1, Row.of(V1, 9L, "grace", null), 9);
        byte[] framed;
        try (Encoder encoder = encoder(Map.of("format", "protobuf"))) {
            framed = encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder());
        }
        byte[] plain = new io.cdctoolkit.schema.json.JsonEncoder().encode(TOPIC, Encoder.Role.KEY, key, Headers.builder());
        try (io.cdctoolkit.schema.decode.CdcRecordDeserializer deserializer = new io.cdctoolkit.schema.decode.CdcRecordDeserializer()) {
            deserializer.configure(Map.of(io.cdctoolkit.schema.decode.CdcRecordDeserializer.REGISTRY_URL, url), false);
            ObjectMapper json = new ObjectMapper();
            assertThat(deserializer.deserialize(TOPIC, framed).toString())
                    .isEqualTo(json.readTree(RowJson.plan(value.schema()).toBytes(value)).toString());
            assertThat(deserializer.deserialize(TOPIC, plain).toString()).isEqualTo("{\"id\":9}");
            assertThat(deserializer.deserialize(TOPIC, null)).isNull();
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0x7f, 0x7f, 1}))
                    .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class).hasMessageContaining(TOPIC);
        }
    }

    @Test
    void theSteadyStateMakesNoRegistryRequests() throws Exception {
        try (Encoder encoder = encoder(Map.of())) {
            encoder.encode(TOPIC, Encoder.Role.KEY, Row.of(KEY, 0L), Headers.builder());
            encoder.encode(TOPIC, Encoder.Role.VALUE, envelope(V1, Row.of(V1, 0L, "a", 0), 0), Headers.builder());
            double afterFirst = requests();
            // Per subject (key and value): its latest version (for the logical-type warning), then the registration.
            assertThat(afterFirst).isEqualTo(4);

            for (long i = 1; i <= 10_000; i++) {
                encoder.encode(TOPIC, Encoder.Role.KEY, Row.of(KEY, i), Headers.builder());
                encoder.encode(TOPIC, Encoder.Role.VALUE, envelope(V1, Row.of(V1, i, "n" + i, (int) i), i), Headers.builder());
            }
            assertThat(requests()).isEqualTo(afterFirst);
        }
    }

    @Test
    void aNewTableVersionRegistersVersionTwoAndBothVersionsDecode() throws Exception {
        try (Encoder encoder = encoder(Map.of())) {
            Row first = envelope(V1, Row.of(V1, 1L, "a", 1), 1);
            Row second = envelope(V2, Row.of(V2, 2L, "b", 2, "added later"), 2);
            byte[] v1 = encoder.encode(TOPIC, Encoder.Role.VALUE, first, Headers.builder());
            byte[] v2 = encoder.encode(TOPIC, Encoder.Role.VALUE, second, Headers.builder());

            assertThat(registry().versions(TOPIC + "-value")).containsExactly(1, 2);
            assertThat(ByteBuffer.wrap(v2, 1, 4).getInt()).isEqualTo(registry().latest(TOPIC + "-value").id())
                    .isNotEqualTo(ByteBuffer.wrap(v1, 1, 4).getInt());
            RecordDecoder decoder = new RecordDecoder(SchemaLookup.of(registry()), SchemaFormats::forType);
            assertThat(decoder.decode(v1).at("/after/name").asText()).isEqualTo("a");
            assertThat(decoder.decode(v2).at("/after/note").asText()).isEqualTo("added later");
        }
    }

    /** A decimal column at scale 2, and the same column altered to scale 3 (the registry accepts the change). */
    private static final RowSchema BALANCE_SCALE_2 = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).optional("balance", new FieldType.Decimal(10, 2)).build();
    private static final RowSchema BALANCE_SCALE_3 = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).optional("balance", new FieldType.Decimal(12, 3)).build();

    /**
     * A table altered while running (a decimal column's scale 2 → 3): the registry accepts the new version (Avro's rules
     * ignore logical types) and the records are written, with a WARN naming the field and what consumers reading the
     * older records with the new schema get — once, not at every later registration of the same version.
     */
    @Test
    void aNewVersionThatChangesALogicalTypeIsRegisteredWithAWarning() throws Exception {
        List<ILoggingEvent> seen = watchLogicalTypeWarnings();
        try (Encoder encoder = encoder(Map.of())) {
            encodeBalance(encoder, BALANCE_SCALE_2, 1, "12.34");
            assertThat(seen).isEmpty();
            byte[] written = encodeBalance(encoder, BALANCE_SCALE_3, 2, "1.234");
            encodeBalance(encoder, BALANCE_SCALE_3, 3, "5.000");

            assertThat(registry().versions(TOPIC + "-value")).containsExactly(1, 2);
            assertThat(new RecordDecoder(SchemaLookup.of(registry()), SchemaFormats::forType).decode(written)
                    .at("/after/balance").asText()).isEqualTo("1.234");
            assertScaleWarning(seen, "reads its decimals at scale 3 instead of 2: 12.34 reads as 1.234");
        }
    }

    /**
     * The same change made while the pipeline was stopped: its first registration under the subject compares with the
     * subject's latest version in the registry, so the start warns as the running pipeline would; a start whose table
     * has not changed warns of nothing.
     */
    @Test
    void aLogicalTypeChangedWhileThePipelineWasStoppedIsWarnedOfAtItsStart() throws Exception {
        List<ILoggingEvent> seen = watchLogicalTypeWarnings();
        for (int start = 0; start < 2; start++) {
            try (Encoder encoder = encoder(Map.of())) { // a start, the pipeline stopped after it
                encodeBalance(encoder, BALANCE_SCALE_2, 1, "12.34");
            }
        }
        assertThat(seen).isEmpty();
        try (Encoder encoder = encoder(Map.of())) {
            encodeBalance(encoder, BALANCE_SCALE_3, 2, "1.234");
        }
        assertThat(registry().versions(TOPIC + "-value")).containsExactly(1, 2);
        assertScaleWarning(seen, "12.34 reads as 1.234 (compared with version 1, the subject's latest when this"
                + " pipeline started writing to it)");
        seen.clear();
        try (Encoder encoder = encoder(Map.of())) {
            encodeBalance(encoder, BALANCE_SCALE_3, 3, "5.000");
        }
        assertThat(seen).isEmpty();
    }

    /** An envelope of {@code table} whose row {@code id} has that balance, encoded as the topic's value. */
    private static byte[] encodeBalance(Encoder encoder, RowSchema table, long id, String balance) throws Exception {
        return encoder.encode(TOPIC, Encoder.Role.VALUE, envelope(table, Row.of(table, id, new BigDecimal(balance)), id),
                Headers.builder());
    }

    /** The one WARN of the balance's scale change, under the subject's latest version, ending with {@code ending}. */
    private void assertScaleWarning(List<ILoggingEvent> seen, String ending) {
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("subject '" + TOPIC + "-value' on ")
                    .contains("the table's new version (schema id " + registry().latest(TOPIC + "-value").id()
                            + ") changes shop.public.users.Value.balance: bytes decimal(10,2) → bytes decimal(12,3)")
                    .endsWith(ending);
        });
    }

    /** What {@link LogicalTypeWarnings} logs from now until the test ends. */
    private List<ILoggingEvent> watchLogicalTypeWarnings() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(LogicalTypeWarnings.class)).addAppender(appender);
        logAppender = appender;
        return appender.list;
    }

    @Test
    void anIncompatibleVersionIsInvalidDataWithTheRegistrysReasonAndIsNotAskedForAgainAtOnce() throws Exception {
        try (Encoder encoder = encoder(Map.of())) {
            encoder.encode(TOPIC, Encoder.Role.VALUE, envelope(V1, Row.of(V1, 1L, "a", 1), 1), Headers.builder());
            assertThat(registry().compatibilityLevel(TOPIC + "-value")).isEqualTo(CompatibilityLevel.BACKWARD);
            Row incompatible = envelope(V3_INCOMPATIBLE, Row.of(V3_INCOMPATIBLE, 2L, "b", "two"), 2);

            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.VALUE, incompatible, Headers.builder()))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("subject '" + TOPIC + "-value'")
                    .hasMessageContaining("409")
                    .hasMessageContaining("incompatible with an earlier schema")
                    .hasMessageContaining("/fields/1/type") // after: the checker's path
                    .hasMessageEndingWith("relax the subject's level in the registry, which the next change of the"
                            + " table meets within rejection_cache_ms; `cdc-toolkit schema check` shows such a verdict"
                            + " before a change reaches the pipeline)");
            double requests = requests();
            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.VALUE, incompatible, Headers.builder()))
                    .isInstanceOf(InvalidDataException.class);
            assertThat(requests()).isEqualTo(requests);
            assertThat(registry().versions(TOPIC + "-value")).containsExactly(1);
            // Rows of the compatible version still encode.
            assertThat(encoder.encode(TOPIC, Encoder.Role.VALUE, envelope(V1, Row.of(V1, 3L, "c", 3), 3),
                    Headers.builder())).isNotEmpty();
        }
    }

    @Test
    void anUnreachableRegistryIsRetryableAndTheSameCallSucceedsWhenItIsBack() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        RegistryClient flaky = new FlakyRegistry(MockRegistries.forUrl(url, CompatibilityCheckers::forType), down);
        try (Encoder encoder = new RegistryEncoder(new AvroFormat(),
                new ConfluentRegistrar(flaky, ConfluentRegistrar.Settings.defaults()))) {
            Row value = envelope(V1, Row.of(V1, 1L, "a", 1), 1);
            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder()))
                    .isInstanceOf(RetryableException.class);
            down.set(false);
            byte[] bytes = encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder());
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registry().latest(TOPIC + "-value").id());
        }
    }

    @Test
    void subjectStrategiesNameSubjectsLikeConfluentsStrategies() throws Exception {
        try (Encoder encoder = encoder(Map.of("subject_strategy", "topic_record"))) {
            encoder.encode(TOPIC, Encoder.Role.VALUE, envelope(V1, Row.of(V1, 1L, "a", 1), 1), Headers.builder());
        }
        try (Encoder encoder = encoder(Map.of("subject_strategy", "record"))) {
            encoder.encode(TOPIC, Encoder.Role.KEY, Row.of(KEY, 1L), Headers.builder());
        }
        assertThat(registry().subjects())
                .containsExactlyInAnyOrder(TOPIC + "-shop.public.users.Envelope", "shop.public.users.Key");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsInvalidDataAndARegisteredOneIsUsed() throws Exception {
        Row value = envelope(V1, Row.of(V1, 1L, "a", 1), 1);
        try (Encoder encoder = encoder(Map.of("auto_register", false))) {
            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder()))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("auto_register is false");
        }
        int id = registry().register(TOPIC + "-value",
                new AvroFormat().derive(TOPIC, false, value.schema()).text(), false);
        try (Encoder encoder = encoder(Map.of("auto_register", false))) {
            assertThat(ByteBuffer.wrap(encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder()), 1, 4)
                    .getInt()).isEqualTo(id);
        }
        try (Encoder encoder = encoder(Map.of("schema_id", id))) {
            assertThat(ByteBuffer.wrap(encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder()), 1, 4)
                    .getInt()).isEqualTo(id);
        }
        try (Encoder encoder = encoder(Map.of("schema_id", 4242))) {
            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.VALUE, value, Headers.builder()))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("schema_id 4242 names no schema");
        }
    }

    /*
     * Protobuf's next table version keeps the field numbers of the subject's latest version: dropping a column in the
     * middle (qty, an int32, after name, a string) registers at BACKWARD — by position qty would take name's number,
     * which the registry refuses — and the records decode, by the registered schemas, to the rows written.
     */
    @Test
    void aProtobufTableVersionWithoutAColumnKeepsTheOtherColumnsNumbersAndRegisters() throws Exception {
        RowSchema withoutName = RowSchema.builder("shop.public.users.Value")
                .required("id", FieldType.INT64).optional("qty", FieldType.INT32).build();
        Row first = envelope(V1, Row.of(V1, 1L, "a", 1), 1);
        Row second = envelope(withoutName, Row.of(withoutName, 2L, 5), 2);
        try (Encoder encoder = encoder(Map.of("format", "protobuf"))) {
            encoder.encode(TOPIC, Encoder.Role.VALUE, first, Headers.builder());
        }
        // A new encoder, as after a restart: what it knows of the first version comes from the registry.
        try (Encoder encoder = encoder(Map.of("format", "protobuf"))) {
            byte[] bytes = encoder.encode(TOPIC, Encoder.Role.VALUE, second, Headers.builder());
            RegisteredSchema latest = registry().latest(TOPIC + "-value");
            assertThat(latest.version()).isEqualTo(2);
            assertThat(latest.schema().text()).contains("optional int32 qty = 3;").contains("reserved 2;");
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latest.id());
            // Confluent framing: magic, id, message-index path [0] (one zero byte), then the message.
            com.fasterxml.jackson.databind.JsonNode read = new io.cdctoolkit.schema.protobuf.ProtobufFormat()
                    .reader(latest.schema()).read(bytes, 6, bytes.length - 6);
            assertThat(read.path("after").path("id").asLong()).isEqualTo(2L);
            assertThat(read.path("after").path("qty").asInt()).isEqualTo(5);
            // The same row again is the same plan: no second version.
            encoder.encode(TOPIC, Encoder.Role.VALUE, second, Headers.builder());
            assertThat(registry().versions(TOPIC + "-value")).containsExactly(1, 2);
        }
        // After a restart, a change of the first table version replayed (and then one of the second) is written
        // under the id its version already has: version 1 is that table version, not a new one to register.
        try (Encoder encoder = encoder(Map.of("format", "protobuf"))) {
            byte[] replayed = encoder.encode(TOPIC, Encoder.Role.VALUE, first, Headers.builder());
            byte[] again = encoder.encode(TOPIC, Encoder.Role.VALUE, second, Headers.builder());
            assertThat(ByteBuffer.wrap(replayed, 1, 4).getInt()).isEqualTo(registry().version(TOPIC + "-value", 1).id());
            assertThat(ByteBuffer.wrap(again, 1, 4).getInt()).isEqualTo(registry().version(TOPIC + "-value", 2).id());
            assertThat(registry().versions(TOPIC + "-value")).containsExactly(1, 2);
        }
    }

    /*
     * The payload is written by the derived schema's writer whatever id goes in front of it. Under the id of another
     * schema — here V2, which has one more column — a consumer decodes V1's bytes with V2's layout: Avro's own decoder
     * does not get V1's row back (here it fails; a column inserted between others gives shifted values, no error).
     */
    @Test
    void useLatestVersionAndSchemaIdWriteAnIdOnlyWhenItNamesTheDerivedSchema() throws Exception {
        Row v1Value = envelope(V1, Row.of(V1, 1L, "a", 1), 1);
        Row v2Value = envelope(V2, Row.of(V2, 1L, "a", 1, "n"), 1);
        int id1 = registry().register(TOPIC + "-value", new AvroFormat().derive(TOPIC, false, v1Value.schema()).text(), false);
        int id2 = registry().register(TOPIC + "-value", new AvroFormat().derive(TOPIC, false, v2Value.schema()).text(), false);

        try (Encoder encoder = encoder(Map.of("use_latest_version", true))) {
            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.VALUE, v1Value, Headers.builder()))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("the latest version of " + TOPIC + "-value (version 2, id " + id2
                            + ") is another schema than the value schema " + TOPIC + ".Envelope")
                    .hasMessageContaining("(that is version 1, id " + id1 + ")")
                    .hasMessageContaining("would be decoded with another layout")
                    .hasMessageContaining("set use_latest_version: false and auto_register: false");
            assertThat(ByteBuffer.wrap(encoder.encode(TOPIC, Encoder.Role.VALUE, v2Value, Headers.builder()), 1, 4)
                    .getInt()).isEqualTo(id2);
        }
        try (Encoder encoder = encoder(Map.of("schema_id", id1))) {
            assertThat(ByteBuffer.wrap(encoder.encode(TOPIC, Encoder.Role.VALUE, v1Value, Headers.builder()), 1, 4)
                    .getInt()).isEqualTo(id1);
            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.VALUE, v2Value, Headers.builder()))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("schema_id " + id1 + " names another schema than the value schema")
                    .hasMessageContaining("(it is id " + id2 + ", version 2 of " + TOPIC + "-value)");
        }

        // Why: V1's bytes read with V2's schema (what a consumer does with id2) are not V1's row.
        org.apache.avro.Schema v1 = new org.apache.avro.Schema.Parser().parse(registry().schemaById(id1).text());
        org.apache.avro.Schema v2 = new org.apache.avro.Schema.Parser().parse(registry().schemaById(id2).text());
        byte[] v1Bytes;
        try (Encoder encoder = encoder(Map.of("auto_register", false))) {
            v1Bytes = encoder.encode(TOPIC, Encoder.Role.VALUE, v1Value, Headers.builder());
        }
        Object asWritten = new org.apache.avro.generic.GenericDatumReader<>(v1).read(null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(v1Bytes, 5, v1Bytes.length - 5, null));
        String underV2;
        try {
            underV2 = new org.apache.avro.generic.GenericDatumReader<>(v2).read(null,
                    org.apache.avro.io.DecoderFactory.get().binaryDecoder(v1Bytes, 5, v1Bytes.length - 5, null)).toString();
        } catch (java.io.IOException | RuntimeException e) {
            underV2 = "unreadable: " + e;
        }
        assertThat(underV2).isNotEqualTo(asWritten.toString());
    }

    @Test
    void refusedCredentialsStopThePipelineInsteadOfDeadLetteringEveryEvent() {
        RegistryClient refusing = new FlakyRegistry(MockRegistries.forUrl(url, CompatibilityCheckers::forType), null);
        Encoder encoder = new RegistryEncoder(new AvroFormat(), new ConfluentRegistrar(refusing, ConfluentRegistrar.Settings.defaults()));
        assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.KEY, Row.of(KEY, 1L), Headers.builder()))
                .isInstanceOf(FatalException.class).hasMessageContaining("401").hasMessageContaining("credentials");
    }

    /**
     * A Confluent registry in READONLY mode answers every registration 422 with error 42205 ("Subject … is in
     * read-only mode"): not a refusal of this record's schema (which {@code on_error} would skip or dead-letter, and
     * with it every later record), but the registry's state — the pipeline stops, saying how to go on. Through the
     * real HTTP client against an endpoint answering as Confluent Schema Registry does (Apicurio takes the mode but
     * does not enforce it).
     */
    @Test
    void aRegistryInReadOnlyModeStopsThePipelineInsteadOfRefusingEachRecord() throws Exception {
        HttpServer readOnly = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        readOnly.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean write = exchange.getRequestMethod().equals("POST")
                    && exchange.getRequestURI().getPath().endsWith("/versions");
            String answer = write
                    ? "{\"error_code\":42205,\"message\":\"Subject 'shop.public.users-key' is in read-only mode\"}"
                    : "{\"error_code\":40401,\"message\":\"Subject not found\"}";
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(write ? 422 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        readOnly.start();
        try (ConfluentRestRegistryClient client = new ConfluentRestRegistryClient(
                RestRegistrySettings.of("http://127.0.0.1:" + readOnly.getAddress().getPort()));
             Encoder encoder = new RegistryEncoder(new AvroFormat(),
                     new ConfluentRegistrar(client, ConfluentRegistrar.Settings.defaults()))) {
            assertThatThrownBy(() -> encoder.encode(TOPIC, Encoder.Role.KEY, Row.of(KEY, 1L), Headers.builder()))
                    .isInstanceOf(FatalException.class)
                    .hasMessageContaining("takes no registration under subject 'shop.public.users-key' in its mode"
                            + " (HTTP 422, error 42205): Subject 'shop.public.users-key' is in read-only mode")
                    .hasMessageContaining("set the registry's or the subject's mode to READWRITE")
                    .hasMessageContaining("auto_register: false");
        } finally {
            readOnly.stop(0);
        }
    }

    @Test
    void aValueTheFormatCannotHoldIsInvalidDataNamingTheField() throws Exception {
        RowSchema decimals = RowSchema.builder("shop.public.prices.Value")
                .required("id", FieldType.INT64).required("price", new FieldType.Decimal(5, 2)).build();
        try (Encoder encoder = encoder(Map.of())) {
            Row tooPrecise = Row.of(decimals, 1L, new java.math.BigDecimal("1.234"));
            assertThatThrownBy(() -> encoder.encode("shop.public.prices", Encoder.Role.VALUE, tooPrecise, Headers.builder()))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("price");
        }
    }

    @Test
    void optionsThatContradictEachOtherAreConfigProblems() throws Exception {
        ExternalRegistryFactory factory = new ExternalRegistryFactory();
        Options both = options(Map.of("schema_id", 1, "use_latest_version", true));
        assertThat(factory.validate(both)).extracting(p -> p.keyPath()).containsExactly("schema_registry.external.schema_id");
        Options halfBasic = options(Map.of("url", "http://localhost:8081", "username", "u"));
        assertThat(factory.validate(halfBasic)).extracting(p -> p.keyPath())
                .containsExactly("schema_registry.external.password");
        Options userInUrl = options(Map.of("url", "http://user:secret@localhost:8081"));
        assertThat(factory.validate(userInUrl)).singleElement()
                .satisfies(p -> assertThat(p.message()).doesNotContain("secret"));
    }

    // --- helpers

    private Encoder encoder(Map<String, Object> extra) throws ConfigException {
        return new ExternalRegistryFactory().create(options(extra),
                new ComponentContext("registry", "schema_registry.external", null, Path.of("."), meters));
    }

    private Options options(Map<String, Object> extra) throws ConfigException {
        Map<String, Object> raw = new HashMap<>(Map.of("url", url, "format", "avro"));
        raw.putAll(extra);
        return Options.of("schema_registry.external", new ExternalRegistryFactory().spec().options(), raw);
    }

    private RegistryClient registry() {
        return MockRegistries.forUrl(url, CompatibilityCheckers::forType);
    }

    @Test
    void repeatedRegistrationsAndReadsAreCacheHitsNotRequests() {
        CachingRegistryClient client = new CachingRegistryClient(registry(), java.time.Duration.ofMinutes(1), meters);
        io.cdctoolkit.schema.format.SchemaText schema = new io.cdctoolkit.schema.format.SchemaText(
                io.cdctoolkit.schema.format.SchemaType.AVRO, "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}");
        int id = client.register("hits-value", schema, false);
        assertThat(client.register("hits-value", schema, false)).isEqualTo(id);
        assertThat(client.schemaById(id)).isEqualTo(schema);

        assertThat(meters.get("cdc.registry.requests").tag("operation", "register").counter().count()).isEqualTo(1);
        assertThat(meters.get("cdc.registry.cache.hits").tag("operation", "register").counter().count()).isEqualTo(1);
        assertThat(meters.get("cdc.registry.requests").tag("operation", "read").counter().count()).isZero();
        assertThat(meters.get("cdc.registry.cache.hits").tag("operation", "read").counter().count()).isEqualTo(1);
    }

    private double requests() {
        return meters.find("cdc.registry.requests").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static Row envelope(RowSchema rowSchema, Row after, long lsn) {
        RowSchema envelope = ENVELOPES.computeIfAbsent(rowSchema, s -> Envelope.schema(TOPIC, s, SOURCE));
        return Envelope.row(envelope, null, after, Row.of(SOURCE, "shop", lsn), Op.CREATE, Instant.ofEpochMilli(lsn));
    }

    /** One envelope schema instance per row schema, as a reader builds them. */
    private static final Map<RowSchema, RowSchema> ENVELOPES = new java.util.concurrent.ConcurrentHashMap<>();

    private static GenericRecord avroRead(SchemaText text, byte[] framed) throws Exception {
        Schema schema = new Schema.Parser().parse(text.text());
        byte[] payload = Arrays.copyOfRange(framed, 5, framed.length);
        return new GenericDatumReader<GenericRecord>(schema).read(null, DecoderFactory.get().binaryDecoder(payload, null));
    }

    /** A registry that is down ({@code down} true), or refuses credentials ({@code down} null). */
    private record FlakyRegistry(RegistryClient delegate, AtomicBoolean down) implements RegistryClient {
        private void gate() {
            if (down == null) throw new RegistryRequestException(401, 40101, "Unauthorized");
            if (down.get()) throw new RetryableException("connection refused", null);
        }

        @Override public int register(String s, SchemaText t, boolean n) { gate(); return delegate.register(s, t, n); }
        @Override public Optional<RegisteredSchema> lookup(String s, SchemaText t, boolean n) { gate(); return delegate.lookup(s, t, n); }
        @Override public SchemaText schemaById(int id) { gate(); return delegate.schemaById(id); }
        @Override public RegisteredSchema latest(String s) { gate(); return delegate.latest(s); }
        @Override public RegisteredSchema version(String s, int v) { gate(); return delegate.version(s, v); }
        @Override public List<Integer> versions(String s) { gate(); return delegate.versions(s); }
        @Override public List<String> subjects() { gate(); return delegate.subjects(); }
        @Override public io.cdctoolkit.schema.compat.CompatibilityResult checkCompatibility(String s, SchemaText t) { gate(); return delegate.checkCompatibility(s, t); }
        @Override public CompatibilityLevel compatibilityLevel(String s) { gate(); return delegate.compatibilityLevel(s); }
        @Override public void setCompatibilityLevel(String s, CompatibilityLevel l) { gate(); delegate.setCompatibilityLevel(s, l); }
        @Override public String describe() { return "flaky"; }
    }

}
