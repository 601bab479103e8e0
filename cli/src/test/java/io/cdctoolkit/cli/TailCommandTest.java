package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.schema.modes.ExternalRegistryFactory;
import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.schema.wire.WireFraming;
import io.cdctoolkit.testing.ApicurioRegistry;
import io.cdctoolkit.testing.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tail} with a registry: records our {@link Encoder} wrote (Avro, Protobuf, JSON Schema against a
 * real Apicurio Registry, or mock://) come back as the JSON the disabled mode writes for the same rows
 * ({@link RowJson}, the independent oracle); plain JSON and undecodable records are shown as before.
 */
class TailCommandTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RowSchema KEY = RowSchema.builder("shop.public.orders.Key").required("id", FieldType.INT64).build();
    private static final RowSchema ROW = RowSchema.builder("shop.public.orders.Value")
            .required("id", FieldType.INT64)
            .required("customer", FieldType.STRING)
            .optional("total", new FieldType.Decimal(12, 2))
            .optional("placed_at", FieldType.TIMESTAMP_TZ)
            .optional("ship_on", FieldType.DATE)
            .optional("ref", FieldType.UUID)
            .optional("tags", new FieldType.Array(FieldType.STRING))
            .build();
    private static final RowSchema SOURCE = RowSchema.builder("io.cdctoolkit.test.Source")
            .required("db", FieldType.STRING).required("lsn", FieldType.INT64).build();
    private static final RowSchema ENVELOPE = Envelope.schema("shop.public.orders", ROW, SOURCE);

    @TempDir
    Path tmp;

    private static Row key(long id) {
        return Row.of(KEY, id);
    }

    private static Row value(long id, String customer, BigDecimal total) {
        Row after = Row.of(ROW, id, customer, total, Instant.parse("2026-03-01T10:15:30.123456Z"),
                LocalDate.of(2026, 3, 2), UUID.fromString("6f1c2a4e-8b1d-4a53-9f0e-2d6c7b8a9e01"), List.of("a", "é"));
        return Envelope.row(ENVELOPE, null, after, Row.of(SOURCE, "shop", 42L + id), Op.CREATE,
                Instant.parse("2026-03-01T10:15:31Z"));
    }

    private static Row nullsValue(long id) {
        Row after = Row.of(ROW, id, "bob", null, null, null, null, null);
        return Envelope.row(ENVELOPE, null, after, Row.of(SOURCE, "shop", 7L), Op.READ, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"avro", "protobuf", "json_schema"})
    void recordsEncodedAgainstApicurioAreTailedBackAsTheRowsJson(String format) throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String topic = "tail." + format + "." + UUID.randomUUID();
        List<Row[]> rows = List.of(new Row[] {key(1), value(1, "ada", new BigDecimal("1234567890.05"))},
                new Row[] {key(2), nullsValue(2)});
        produceEncoded(registry.ccompatUrl(), format, topic, rows);

        CliHarness.Result tail = tail(topic, 2, "--registry", registry.ccompatUrl());

        assertThat(tail.exitCode()).as(tail.err()).isZero();
        List<JsonNode> lines = lines(tail.out());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(lines.get(i).get("key")).isEqualTo(rowJson(rows.get(i)[0]));
            assertThat(lines.get(i).get("value")).as(format + " record " + i).isEqualTo(rowJson(rows.get(i)[1]));
            assertThat(lines.get(i).has("value_encoding")).isFalse();
        }
    }

    @Test
    void theConfigsRegistryDecodesAndOtherRecordsAreShownAsBeforeWithDecodingErrorsInTheLine() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String topic = "tail.config." + UUID.randomUUID();
        Row[] record = {key(3), value(3, "cy", new BigDecimal("-0.10"))};
        produceEncoded(registry.ccompatUrl(), "avro", topic, List.<Row[]>of(record));
        byte[] unknownId = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4};
        UUID glueVersion = UUID.fromString("00000000-0000-0000-0000-00000000abcd");
        byte[] glueFramed = concat(WireFraming.glueHeader(glueVersion), new byte[] {2, 4});
        produce(topic, utf8("{\"id\":4}"), utf8("{\"plain\":\"json\"}"));
        produce(topic, utf8("k"), unknownId);
        produce(topic, null, glueFramed);
        Path config = tmp.resolve("registry.yaml");
        Files.writeString(config, """
                version: "1.0"
                schema_registry:
                  mode: external
                  format: avro
                  external:
                    url: ${REGISTRY_URL}
                    retries: 0
                sources:
                  gen: { connector: datagen }
                sinks:
                  out: { connector: stdout }
                """);

        CliHarness.Result tail = CliHarness.run(Map.of("REGISTRY_URL", registry.ccompatUrl()), "tail", "--bootstrap",
                KAFKA.bootstrapServers(), "--topic", topic, "--from-beginning", "--max", "4", "--config",
                config.toString());

        assertThat(tail.exitCode()).as(tail.err()).isZero();
        List<JsonNode> lines = lines(tail.out());
        assertThat(lines.get(0).get("key")).isEqualTo(rowJson(record[0]));
        assertThat(lines.get(0).get("value")).isEqualTo(rowJson(record[1]));
        // Plain JSON is embedded as without a registry.
        assertThat(lines.get(1).get("value")).isEqualTo(JSON.readTree("{\"plain\":\"json\"}"));
        // A schema id the registry does not know: the error in the line, the exact bytes, and tail went on.
        JsonNode unknown = lines.get(2);
        assertThat(unknown.get("value_error").asText()).contains(String.valueOf(0x7f7f7f7f));
        assertThat(Base64.getDecoder().decode(unknown.get("value").asText())).isEqualTo(unknownId);
        assertThat(unknown.get("key").asText()).isEqualTo(Base64.getEncoder().encodeToString(utf8("k")));
        // Glue framing needs a Glue registry; this config has none, and the line says so.
        JsonNode glue = lines.get(3);
        assertThat(glue.get("value_error").asText()).contains("Glue-framed").contains(glueVersion.toString())
                .contains("no Glue registry is configured");
        assertThat(Base64.getDecoder().decode(glue.get("value").asText())).isEqualTo(glueFramed);
    }

    @Test
    void aMockRegistryInTheSameProcessDecodes() throws Exception {
        String url = "mock://tail-" + UUID.randomUUID();
        try {
            String topic = "tail.mock." + UUID.randomUUID();
            Row[] record = {key(5), value(5, "dee", new BigDecimal("5.00"))};
            produceEncoded(url, "protobuf", topic, List.<Row[]>of(record));

            CliHarness.Result tail = tail(topic, 1, "--registry", url);

            assertThat(tail.exitCode()).as(tail.err()).isZero();
            assertThat(lines(tail.out()).get(0).get("value")).isEqualTo(rowJson(record[1]));
        } finally {
            MockRegistries.drop(url);
        }
    }

    @Test
    void withoutARegistryFramedRecordsStayBase64AndABadUrlIsAUsageError() throws Exception {
        String topic = "tail.none." + UUID.randomUUID();
        byte[] framed = {0, 0, 0, 0, 1, 2};
        produce(topic, null, framed);

        CliHarness.Result plain = tail(topic, 1);
        CliHarness.Result badUrl = tail(topic, 1, "--registry", "localhost:8081");

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        JsonNode line = lines(plain.out()).get(0);
        assertThat(Base64.getDecoder().decode(line.get("value").asText())).isEqualTo(framed);
        assertThat(line.has("value_error")).isFalse();
        assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(badUrl.err()).contains("http");
    }

    private static CliHarness.Result tail(String topic, int max, String... extra) {
        List<String> args = new ArrayList<>(List.of("tail", "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic,
                "--from-beginning", "--max", String.valueOf(max)));
        args.addAll(List.of(extra));
        return CliHarness.run(args.toArray(String[]::new));
    }

    /** Encodes each (key, value) as a pipeline of this format would, and produces it. */
    private static void produceEncoded(String url, String format, String topic, List<Row[]> rows) throws Exception {
        ExternalRegistryFactory factory = new ExternalRegistryFactory();
        Map<String, Object> raw = new HashMap<>(Map.of("url", url, "format", format));
        Options options = Options.of("schema_registry.external", factory.spec().options(), raw);
        try (Encoder encoder = factory.create(options, new ComponentContext("external", "schema_registry.external",
                null, Path.of("."), new SimpleMeterRegistry()))) {
            for (Row[] r : rows) {
                Headers.Builder headers = Headers.builder();
                produce(topic, encoder.encode(topic, Encoder.Role.KEY, r[0], headers),
                        encoder.encode(topic, Encoder.Role.VALUE, r[1], headers));
            }
        }
    }

    private static void produce(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KAFKA.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static JsonNode rowJson(Row row) throws Exception {
        return JSON.readTree(RowJson.toBytes(row));
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
