package io.cdctoolkit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.ProtectingStage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Shared fixtures: a users table, its envelopes, and stages made through the factory. */
final class TestTables {

    static final ObjectMapper JSON = new ObjectMapper();
    static final TableId USERS = new TableId("shop", "public", "users");
    static final RowSchema USER = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64)
            .optional("email", FieldType.STRING)
            .optional("ssn", FieldType.STRING)
            .optional("name", FieldType.STRING)
            .build();
    static final RowSchema USER_KEY = RowSchema.builder("shop.public.users.Key").required("id", FieldType.INT64).build();
    static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("db", FieldType.STRING).optional("schema", FieldType.STRING).required("table", FieldType.STRING)
            .build();
    static final RowSchema USER_ENVELOPE = Envelope.schema("shop.public.users", USER, SOURCE);

    private TestTables() {
    }

    static Row user(long id, String email, String ssn, String name) {
        return Row.of(USER, id, email, ssn, name);
    }

    static ChangeEvent flatEvent(TableId table, Row value) {
        return ChangeEvent.builder(table, Op.CREATE, "t").value(value).build();
    }

    static ChangeEvent envelopeEvent(Row before, Row after) {
        Row source = Row.of(SOURCE, USERS.database(), USERS.schema(), USERS.table());
        Row envelope = Envelope.row(USER_ENVELOPE, before, after, source, before == null ? Op.CREATE : Op.UPDATE,
                Instant.parse("2024-01-01T00:00:00Z"));
        Row key = Row.of(USER_KEY, after != null ? after.get(0) : before.get(0));
        return ChangeEvent.builder(USERS, before == null ? Op.CREATE : Op.UPDATE, "t").key(key).value(envelope).build();
    }

    static ProtectingStage stage(Map<String, ?> block) throws ConfigException {
        EncryptionFactory factory = new EncryptionFactory();
        Options options = Options.of("sources.pg.config.cdc_features.encryption", factory.spec().options(), block);
        return (ProtectingStage) factory.create(options, ComponentContext.of("pg", Path.of("target")));
    }

    static String json(KeysetHandle keyset) throws Exception {
        return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    }

    static ChangeEvent applyOne(ProtectingStage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        if (out.size() != 1) throw new AssertionError("expected one event, got " + out.size());
        return out.get(0);
    }

    static JsonNode asJson(Row row) throws Exception {
        return JSON.readTree(RowJson.toBytes(row));
    }

    /** The Tink ciphertext inside an enc:v1: value, decoded independently of the code under test. */
    static byte[] ciphertext(Object encrypted) {
        String text = (String) encrypted;
        if (!text.startsWith("enc:v1:")) throw new AssertionError("not enc:v1:");
        return Base64.getUrlDecoder().decode(text.substring("enc:v1:".length()));
    }

    /** The key id in Tink's 5-byte output prefix (0x01 + big-endian id). */
    static int keyIdOf(byte[] ciphertext) {
        if (ciphertext[0] != 1) throw new AssertionError("not a TINK-prefixed ciphertext");
        return ((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16) | ((ciphertext[3] & 0xff) << 8)
                | (ciphertext[4] & 0xff);
    }
}
