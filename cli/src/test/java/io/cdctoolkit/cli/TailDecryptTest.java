package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tail --decrypt}: records the encryption stage wrote come back as the rows' JSON. */
class TailDecryptTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableId TABLE = new TableId("shop", "public", "users");
    private static final RowSchema USER = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).optional("email", FieldType.STRING)
            .optional("limit", new FieldType.Decimal(10, 2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void tink() throws Exception {
        AeadConfig.register();
    }

    /** Encrypts a flat row through the encryption feature as the pipeline would, and produces it with its headers. */
    private static Row produceEncrypted(String topic, Map<String, Object> block, long id) throws Exception {
        FeatureFactory factory = ComponentCatalog.load().feature("encryption").orElseThrow();
        Stage stage = factory.create(Options.of("cdc_features.encryption", factory.spec().options(), block),
                ComponentContext.of("t", Path.of("target")));
        Row row = Row.of(USER, id, "user" + id + "@example.com", new BigDecimal("100.10"));
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(ChangeEvent.builder(TABLE, Op.CREATE, topic).value(row).build(), out::add);
        ChangeEvent encrypted = out.get(0);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, RowJson.toBytes(encrypted.value()));
        for (Headers.Header h : encrypted.headers()) record.headers().add(h.key(), h.value());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KAFKA.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
        return row;
    }

    private CliHarness.Result tail(String topic, String... extra) {
        List<String> args = new ArrayList<>(List.of("tail", "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic,
                "--from-beginning", "--max", "1"));
        args.addAll(List.of(extra));
        return CliHarness.run(args.toArray(String[]::new));
    }

    @Test
    void with_a_keyset_file_encrypted_fields_are_shown_decrypted_and_without_it_they_stay_encrypted() throws Exception {
        String keyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        Path file = tmp.resolve("keyset.json");
        Files.writeString(file, keyset);
        Row row = produceEncrypted("enc-tail-keyset", Map.of("fields", List.of("email", "limit"), "keyset", keyset), 1);

        CliHarness.Result plain = tail("enc-tail-keyset");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(JSON.readTree(plain.out()).at("/value/email").asText()).startsWith("enc:v1:");
        assertThat(plain.out()).doesNotContain("user1@example.com");

        CliHarness.Result decrypted = tail("enc-tail-keyset", "--keyset", file.toString());
        assertThat(decrypted.exitCode()).as(decrypted.err()).isZero();
        assertThat(JSON.readTree(decrypted.out()).get("value")).isEqualTo(JSON.readTree(RowJson.toBytes(row)));
    }

    @Test
    void with_a_config_the_sources_encryption_keys_decrypt() throws Exception {
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        Row row = produceEncrypted("enc-tail-config", Map.of("fields", List.of("email"), "key", key), 2);
        Path config = tmp.resolve("enc.yaml");
        Files.writeString(config, """
                version: "1.0"
                sources:
                  gen:
                    connector: datagen
                    config:
                      cdc_features:
                        encryption: { fields: [email], key: "%s" }
                sinks:
                  out: { connector: stdout }
                """.formatted(key));

        CliHarness.Result decrypted = tail("enc-tail-config", "--decrypt", "--config", config.toString());
        assertThat(decrypted.exitCode()).as(decrypted.err()).isZero();
        JsonNode value = JSON.readTree(decrypted.out()).get("value");
        assertThat(value).isEqualTo(JSON.readTree(RowJson.toBytes(row)));

        CliHarness.Result noKeys = tail("enc-tail-config", "--decrypt");
        assertThat(noKeys.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(noKeys.err()).contains("--decrypt needs --config");
    }
}
