package io.cdctoolkit.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.ProtectingStage;
import io.cdctoolkit.security.keys.EncryptionMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cdctoolkit.security.TestTables.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EncryptionStageTest {

    private static final TableId TYPES = new TableId("shop", "public", "types");

    @BeforeAll
    static void tink() throws Exception {
        AeadConfig.register();
        DeterministicAeadConfig.register();
    }

    private static final RowSchema NESTED = RowSchema.builder("nested").required("a", FieldType.INT32)
            .optional("b", FieldType.STRING).build();

    /** One field of every type, with values at the edges of exactness. */
    private static Row everyType() {
        RowSchema schema = RowSchema.builder("shop.public.types.Value")
                .required("id", FieldType.INT32)
                .optional("f_bool", FieldType.BOOLEAN)
                .optional("f_int8", FieldType.INT8)
                .optional("f_int16", FieldType.INT16)
                .optional("f_int32", FieldType.INT32)
                .optional("f_int64", FieldType.INT64)
                .optional("f_float32", FieldType.FLOAT32)
                .optional("f_float64", FieldType.FLOAT64)
                .optional("f_nan", FieldType.FLOAT64)
                .optional("f_string", FieldType.STRING)
                .optional("f_text", FieldType.STRING)
                .optional("f_bytes", FieldType.BYTES)
                .optional("f_decimal", new FieldType.Decimal(38, 10))
                .optional("f_date", FieldType.DATE)
                .optional("f_time", FieldType.TIME)
                .optional("f_timestamp", FieldType.TIMESTAMP)
                .optional("f_timestamptz", FieldType.TIMESTAMP_TZ)
                .optional("f_uuid", FieldType.UUID)
                .optional("f_json", FieldType.JSON)
                .optional("f_enum", new FieldType.Enum(List.of("red", "green")))
                .optional("f_array", new FieldType.Array(FieldType.INT64))
                .optional("f_map", new FieldType.MapType(FieldType.STRING))
                .optional("f_struct", new FieldType.Struct(NESTED))
                .optional("f_null", FieldType.STRING)
                .build();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", "1");
        map.put("y\"z", "two");
        return Row.of(schema, 1, true, (byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE,
                0.1f, 1.0E-300, Double.NaN,
                "quote \" backslash \\ tab \t nul \u0000 é 漢字 😀 </script>",
                "naïve 漢字 text with no escapes ~\u007f",
                new byte[] {0, -1, 127, -128, 42},
                new BigDecimal("1234567890123456789012345678.0123456780"),
                LocalDate.of(-44, 3, 15), LocalTime.of(23, 59, 59, 999_999_000),
                Instant.parse("2024-02-29T12:34:56.000001Z"), Instant.parse("+12024-01-01T00:00:00Z"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                "{\"a\": [1, 2.50, null]}", "green", List.of(1L, -2L, Long.MIN_VALUE), map,
                Row.of(NESTED, 7, "in"), null);
    }

    @Test
    void every_type_round_trips_exactly_and_the_plaintext_is_the_canonical_json_of_the_value() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        ProtectingStage stage = stage(Map.of("fields", List.of("f_*"), "keyset", json(keyset)));
        Row original = everyType();

        ChangeEvent out = applyOne(stage, flatEvent(TYPES, original));

        Aead oracle = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        RowSchema schema = original.schema();
        for (int i = 1; i < schema.size(); i++) {
            Field field = schema.field(i);
            Object encrypted = out.value().get(i);
            if (original.get(i) == null) {
                assertThat(encrypted).as(field.name()).isNull();
                continue;
            }
            byte[] ct = ciphertext(encrypted);
            assertThat(keyIdOf(ct)).isEqualTo(keyset.getPrimary().getId());
            byte[] ad = ("shop.public.types." + field.name()).getBytes(StandardCharsets.UTF_8);
            String plaintext = new String(oracle.decrypt(ct, ad), StandardCharsets.UTF_8);
            assertThat(plaintext).as(field.name()).isEqualTo(rowJsonOf(field.type(), original.get(i)));
        }
        assertThat(out.value().get(0)).isEqualTo(1);

        FieldDecryptor decryptor = FieldDecryptor.of(keyset, EncryptionMode.RANDOM);
        JsonNode restored = decryptor.decryptRecord(asJson(out.value()), lastContext(out));
        assertThat(restored).isEqualTo(asJson(original));
        assertThat(restored.get("f_int64").isIntegralNumber()).isTrue();
        assertThat(restored.get("f_decimal").asText()).isEqualTo("1234567890123456789012345678.0123456780");
        assertThat(restored.get("f_struct").isObject()).isTrue();
    }

    /** RowJson's rendering of one value: the text the disabled mode writes for it. */
    private static String rowJsonOf(FieldType type, Object value) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = new JsonFactory().createGenerator(out)) {
            RowJson.writeValue(gen, type, value);
        }
        return out.toString();
    }

    private static String lastContext(ChangeEvent event) {
        return event.headers().lastString(FieldDecryptor.CONTEXT_HEADER);
    }

    @Test
    void output_schema_makes_encrypted_fields_strings_documented_with_their_original_type() throws Exception {
        RowSchema schema = RowSchema.builder("shop.public.pay.Value")
                .required("id", FieldType.INT32)
                .field(new Field("amount", new FieldType.Decimal(10, 2), false, new BigDecimal("0.00"), "paid"))
                .optional("tags", new FieldType.Array(FieldType.STRING))
                .build();
        ProtectingStage stage = stage(Map.of("fields", List.of("amount", "tags"), "key", rawKey()));
        TableId pay = new TableId("shop", "public", "pay");
        EventShape shape = stage.outputShapes(new EventShape(pay, "t", null, schema)).get(0);

        assertThat(shape.value().field("amount")).isEqualTo(
                new Field("amount", FieldType.STRING, false, null, "encrypted: decimal(10,2); paid"));
        assertThat(shape.value().field("tags")).isEqualTo(
                new Field("tags", FieldType.STRING, true, null, "encrypted: array<string>"));
        assertThat(shape.value().field("id")).isEqualTo(schema.field("id"));

        ChangeEvent out = applyOne(stage, flatEvent(pay, Row.of(schema, 1, new BigDecimal("12.30"), List.of("a"))));
        assertThat(out.value().schema()).isEqualTo(shape.value());
    }

    @Test
    void envelope_before_and_after_are_encrypted_and_the_source_block_places_them() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        ProtectingStage stage = stage(Map.of("fields", List.of("public.users.email", "ssn"), "keyset", json(keyset)));
        Row before = user(1, "old@example.com", "111-11-1111", "Ann");
        Row after = user(1, "new@example.com", null, "Ann");

        ChangeEvent out = applyOne(stage, envelopeEvent(before, after));

        Row encBefore = Envelope.before(out.value());
        Row encAfter = Envelope.after(out.value());
        assertThat((String) encBefore.get("email")).startsWith("enc:v1:");
        assertThat((String) encBefore.get("ssn")).startsWith("enc:v1:");
        assertThat((String) encAfter.get("email")).startsWith("enc:v1:");
        assertThat(encAfter.get("ssn")).isNull();
        assertThat(encAfter.get("name")).isEqualTo("Ann");
        assertThat(out.key()).isEqualTo(envelopeEvent(before, after).key());
        assertThat(RowJson.toJson(out.value())).doesNotContain("old@example.com", "new@example.com", "111-11-1111");

        EventShape shape = stage.outputShapes(new EventShape(USERS, "t", USER_KEY, USER_ENVELOPE)).get(0);
        assertThat(out.value().schema()).isEqualTo(shape.value());
        assertThat(Envelope.rowSchema(shape.value()).field("email").doc()).isEqualTo("encrypted: string");

        // No header: the decryptor places the envelope by source.db/schema/table.
        JsonNode restored = FieldDecryptor.of(keyset, EncryptionMode.RANDOM).decryptRecord(asJson(out.value()), null);
        JsonNode expected = asJson(envelopeEvent(before, after).value());
        assertThat(restored).isEqualTo(expected);
    }

    @Test
    void the_factory_tells_the_stages_shapes_without_a_key_and_which_globs_select_nothing() throws Exception {
        Map<String, Object> block = Map.of("fields", List.of("public.users.email", "id", "orders.email", "ssn",
                "public.users.emial"), "key", rawKey());
        EncryptionFactory factory = new EncryptionFactory();
        Options options = Options.of("sources.pg.config.cdc_features.encryption", factory.spec().options(), block);
        EventShape users = new EventShape(USERS, "t", USER_KEY, USER_ENVELOPE);
        EventShape flatUsers = new EventShape(USERS, "t", USER_KEY, USER);

        for (EventShape input : List.of(users, flatUsers)) {
            assertThat(factory.outputShapes(options, input)).isEqualTo(stage(block).outputShapes(input));
        }
        EventShape encrypted = factory.outputShapes(options, users).get(0);
        assertThat(encrypted.key().field("id").type()).isEqualTo(FieldType.STRING);
        assertThat(Envelope.rowSchema(encrypted.value()).field("email").doc()).isEqualTo("encrypted: string");

        assertThat(factory.review(options, List.of(users)))
                .extracting(ConfigProblem::keyPath, ConfigProblem::message)
                .containsExactly(
                        tuple("sources.pg.config.cdc_features.encryption.fields[2]", "'orders.email' selects no column"
                                + " of the 1 table(s) checked (shop.public.users): it encrypts nothing, and a column it"
                                + " was meant for goes out in plaintext; did you mean 'users.email'"),
                        tuple("sources.pg.config.cdc_features.encryption.fields[4]", "'public.users.emial' selects no"
                                + " column of the 1 table(s) checked (shop.public.users): it encrypts nothing, and a"
                                + " column it was meant for goes out in plaintext; did you mean 'public.users.email'"),
                        // "id" selects the key field too; mode random (the default) makes equal keys unequal.
                        tuple("sources.pg.config.cdc_features.encryption.mode", "key field(s) id of table"
                                + " shop.public.users are encrypted in mode random: equal keys get different ciphertexts,"
                                + " which breaks log compaction, key-based partitioning and per-key order"));
        assertThat(factory.review(options, List.of())).isEmpty();
        // The oracle: the stage itself gives one key two ciphertexts in mode random, one in mode deterministic.
        for (String mode : List.of("random", "deterministic")) {
            Map<String, Object> modeBlock = new java.util.HashMap<>(block);
            modeBlock.put("mode", mode);
            if (mode.equals("deterministic")) {
                modeBlock.remove("key");
                modeBlock.put("keyset", json(KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV)));
            }
            ProtectingStage stage = stage(modeBlock);
            Object first = applyOne(stage, envelopeEvent(null, user(1, "a", null, null))).key().get("id");
            Object second = applyOne(stage, envelopeEvent(null, user(1, "a", null, null))).key().get("id");
            assertThat(first.equals(second)).as(mode).isEqualTo(mode.equals("deterministic"));
            Options modeOptions = Options.of("sources.pg.config.cdc_features.encryption", factory.spec().options(),
                    modeBlock);
            assertThat(factory.review(modeOptions, List.of(users))).extracting(ConfigProblem::message).as(mode)
                    .anySatisfy(m -> assertThat(m.startsWith("key field(s) id")).isEqualTo(mode.equals("random")));
        }
    }

    @Test
    void a_glob_at_the_wrong_level_is_told_the_column_at_its_level_in_a_table_without_a_schema() throws Exception {
        // MySQL/MariaDB and datagen tables have no schema: three parts are database.table.column, four none.
        Map<String, Object> block = Map.of("fields", List.of("*.user.email", "app.user.email", "public.users.email",
                "nmae"), "key", rawKey());
        EncryptionFactory factory = new EncryptionFactory();
        Options options = Options.of("sources.my.config.cdc_features.encryption", factory.spec().options(), block);
        EventShape users = new EventShape(new TableId("app", null, "users"), "t", USER_KEY, USER);

        assertThat(factory.review(options, List.of(users))).extracting(ConfigProblem::message)
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("'*.user.email' selects no column").endsWith("; did you mean 'app.users.email'"),
                        m -> assertThat(m).startsWith("'app.user.email' selects no column").endsWith("; did you mean 'app.users.email'"),
                        m -> assertThat(m).startsWith("'public.users.email' selects no column").endsWith("; did you mean 'app.users.email'"),
                        m -> assertThat(m).startsWith("'nmae' selects no column").endsWith("; did you mean 'name'"));
        // The oracle: each suggestion selects the column.
        Options suggested = Options.of("p", factory.spec().options(), Map.of("fields", List.of("app.users.email", "name"),
                "key", rawKey()));
        assertThat(factory.review(suggested, List.of(users))).isEmpty();
    }

    @Test
    void deterministic_mode_gives_equal_ciphertexts_for_equal_values_in_one_column_random_mode_does_not() throws Exception {
        KeysetHandle siv = KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV);
        ProtectingStage deterministic = stage(Map.of("fields", List.of("email", "name"), "mode", "deterministic",
                "keyset", json(siv)));
        Row a = applyOne(deterministic, flatEvent(USERS, user(1, "same", null, "same"))).value();
        Row b = applyOne(deterministic, flatEvent(USERS, user(2, "same", null, "other"))).value();
        assertThat(a.get("email")).isEqualTo(b.get("email"));
        assertThat(a.get("name")).isNotEqualTo(a.get("email")); // same text, other column: other ciphertext
        DeterministicAead oracle = siv.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
        assertThat(new String(oracle.decryptDeterministically(ciphertext(a.get("email")),
                "shop.public.users.email".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo("\"same\"");

        ProtectingStage random = stage(Map.of("fields", List.of("email"),
                "keyset", json(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM))));
        Row c = applyOne(random, flatEvent(USERS, user(1, "same", null, null))).value();
        Row d = applyOne(random, flatEvent(USERS, user(1, "same", null, null))).value();
        assertThat(c.get("email")).isNotEqualTo(d.get("email"));
    }

    @Test
    void after_rotation_new_rows_use_the_new_primary_and_rows_under_both_keys_decrypt() throws Exception {
        KeysetHandle one = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        ChangeEvent underOne = applyOne(stage(Map.of("fields", List.of("ssn"), "keyset", json(one))),
                flatEvent(USERS, user(1, null, "111-11-1111", null)));

        KeysetHandle two = KeysetHandle.newBuilder(one)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId().makePrimary())
                .build();
        ChangeEvent underTwo = applyOne(stage(Map.of("fields", List.of("ssn"), "keyset", json(two))),
                flatEvent(USERS, user(2, null, "222-22-2222", null)));

        int idOne = one.getPrimary().getId();
        int idTwo = two.getPrimary().getId();
        assertThat(idTwo).isNotEqualTo(idOne);
        assertThat(keyIdOf(ciphertext(underOne.value().get("ssn")))).isEqualTo(idOne);
        assertThat(keyIdOf(ciphertext(underTwo.value().get("ssn")))).isEqualTo(idTwo);

        FieldDecryptor rotated = FieldDecryptor.fromConfig("k", Map.of("keyset", json(two)));
        assertThat(rotated.decryptRecord(asJson(underOne.value()), lastContext(underOne)).get("ssn").asText())
                .isEqualTo("111-11-1111");
        assertThat(rotated.decryptRecord(asJson(underTwo.value()), lastContext(underTwo)).get("ssn").asText())
                .isEqualTo("222-22-2222");
        FieldDecryptor old = FieldDecryptor.of(one, EncryptionMode.RANDOM);
        assertThatThrownBy(() -> old.decryptRecord(asJson(underTwo.value()), lastContext(underTwo)))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void a_ciphertext_copied_to_another_column_or_table_does_not_decrypt() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        ChangeEvent out = applyOne(stage(Map.of("fields", List.of("email", "ssn"), "keyset", json(keyset))),
                flatEvent(USERS, user(1, "a@example.com", "111-11-1111", null)));
        FieldDecryptor decryptor = FieldDecryptor.of(keyset, EncryptionMode.RANDOM);
        String ssn = (String) out.value().get("ssn");

        Row moved = out.value().with(out.value().schema().indexOf("email"), ssn);
        assertThatThrownBy(() -> decryptor.decryptRecord(asJson(moved), lastContext(out)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("'email'")
                .satisfies(e -> assertThat(((DecryptionException) e).field()).isEqualTo("email"));
        assertThatThrownBy(() -> decryptor.decryptValue(ssn, "shop.public.customers", "ssn"))
                .isInstanceOf(DecryptionException.class);
        assertThat(decryptor.decryptValue(ssn, "shop.public.users", "ssn").asText()).isEqualTo("111-11-1111");
    }

    @Test
    void key_fields_are_encrypted_when_listed_and_deterministic_keys_stay_equal() throws Exception {
        ProtectingStage stage = stage(Map.of("fields", List.of("users.id"), "mode", "deterministic", "key", rawKey()));
        ChangeEvent first = applyOne(stage, envelopeEvent(null, user(5, "e", "s", "n")));
        ChangeEvent second = applyOne(stage, envelopeEvent(user(5, "e", "s", "n"), user(5, "f", "s", "n")));

        assertThat((String) first.key().get("id")).startsWith("enc:v1:");
        assertThat(first.key()).isEqualTo(second.key());
        assertThat(first.key().schema().field("id").doc()).isEqualTo("encrypted: int64");
        assertThat((String) Envelope.after(first.value()).get("id")).startsWith("enc:v1:");
        FieldDecryptor decryptor = FieldDecryptor.fromConfig("k", Map.of("mode", "deterministic", "key", rawKey()));
        JsonNode key = decryptor.decryptRecord(asJson(first.key()), lastContext(first));
        assertThat(key.get("id").isIntegralNumber()).isTrue();
        assertThat(key.get("id").asLong()).isEqualTo(5L);
    }

    @Test
    void a_value_that_cannot_be_encrypted_rejects_the_event_naming_table_and_field_but_not_the_value() throws Exception {
        RowSchema schema = RowSchema.builder("shop.public.pay.Value").required("id", FieldType.INT32)
                .optional("amount", new FieldType.Decimal(10, 2)).build();
        TableId pay = new TableId("shop", "public", "pay");
        ProtectingStage stage = stage(Map.of("fields", List.of("amount"), "key", rawKey()));
        // A reader bug: a string where a BigDecimal belongs. It must not pass through in plaintext.
        Row bad = Row.of(schema, 1, "SECRET-4111111111111111");
        List<ChangeEvent> out = new java.util.ArrayList<>();

        assertThatThrownBy(() -> stage.apply(flatEvent(pay, bad), out::add))
                .isInstanceOfSatisfying(InvalidDataException.class, e -> {
                    assertThat(e.table()).isEqualTo(pay);
                    assertThat(e.field()).isEqualTo("amount");
                    assertThat(e.stage()).isEqualTo("encryption");
                    assertThat(e.getMessage()).doesNotContain("SECRET", "4111");
                    assertThat(e.getCause()).isNull();
                });
        assertThat(out).isEmpty();
    }

    @Test
    void nulls_stay_null_tombstones_and_uncovered_tables_pass_unchanged() throws Exception {
        ProtectingStage stage = stage(Map.of("fields", List.of("public.users.email"), "key", rawKey()));
        ChangeEvent nulls = flatEvent(USERS, user(1, null, "s", "n"));
        ChangeEvent out = applyOne(stage, nulls);
        assertThat(out.value().get("email")).isNull();
        assertThat(out.value().schema().field("email").type()).isEqualTo(FieldType.STRING);
        assertThat(out.value().schema().field("email").doc()).isEqualTo("encrypted: string");

        TableId other = new TableId("shop", "public", "admins");
        ChangeEvent untouched = flatEvent(other, user(1, "a@b", "s", "n"));
        assertThat(applyOne(stage, untouched)).isSameAs(untouched);
        assertThat(stage.covers(other)).isFalse();
        assertThat(stage.covers(USERS)).isTrue();

        ChangeEvent tombstone = ChangeEvent.builder(USERS, io.cdctoolkit.engine.data.Op.DELETE, "t")
                .key(Row.of(USER_KEY, 1L)).build();
        assertThat(applyOne(stage, tombstone)).isSameAs(tombstone);
    }

    @Test
    void globs_select_by_column_table_schema_or_database_levels() throws Exception {
        FieldSelector selector = FieldSelector.of(List.of("ssn", "public.users.email", "*.payments.iban",
                "inventory.customers.phone", "shop.*.orders.card"));
        TableId pgUsers = new TableId("shop", "public", "users");
        TableId pgOtherSchema = new TableId("shop", "crm", "users");
        TableId mysqlCustomers = new TableId("inventory", null, "customers");
        TableId pgPayments = new TableId("shop", "billing", "payments");

        assertThat(selector.selects(pgUsers, "ssn")).isTrue();
        assertThat(selector.selects(mysqlCustomers, "ssn")).isTrue();
        assertThat(selector.selects(pgUsers, "email")).isTrue();
        assertThat(selector.selects(pgOtherSchema, "email")).isFalse();
        assertThat(selector.selects(pgPayments, "iban")).isTrue();
        assertThat(selector.selects(mysqlCustomers, "phone")).isTrue(); // middle level = database without schemas
        assertThat(selector.selects(new TableId("shop", "x", "orders"), "card")).isTrue();
        assertThat(selector.selects(new TableId("other", "x", "orders"), "card")).isFalse();
        assertThat(selector.selects(pgUsers, "Email")).isFalse(); // case-sensitive
        assertThat(FieldSelector.problem("a..b")).isPresent();
        assertThat(FieldSelector.problem("a.b.c.d.e")).isPresent();
    }

    @Test
    void associated_data_keeps_four_positions_when_a_level_is_absent() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        TableId mysql = new TableId("inventory", null, "users");
        ChangeEvent out = applyOne(stage(Map.of("fields", List.of("ssn"), "keyset", json(keyset))),
                flatEvent(mysql, user(1, null, "123", null)));
        assertThat(lastContext(out)).isEqualTo("inventory..users");
        Aead oracle = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        assertThat(oracle.decrypt(ciphertext(out.value().get("ssn")),
                "inventory..users.ssn".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"123\"".getBytes(StandardCharsets.UTF_8));
    }

    static String rawKey() {
        return "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31
    }
}
