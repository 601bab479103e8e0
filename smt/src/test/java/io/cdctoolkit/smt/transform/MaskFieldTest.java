package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cdctoolkit.smt.transform.Transforms.create;
import static io.cdctoolkit.smt.transform.Transforms.one;
import static io.cdctoolkit.smt.transform.Transforms.shapes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskFieldTest {

    static final RowSchema ADDRESS = RowSchema.builder("shop.public.users.address")
            .optional("city", FieldType.STRING).optional("zip", FieldType.STRING).build();
    static final RowSchema USERS = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).optional("email", FieldType.STRING).optional("ssn", FieldType.STRING)
            .optional("address", new FieldType.Struct(ADDRESS)).build();

    static Row user(long id, String email, String ssn, String city) {
        return Row.of(USERS, id, email, ssn, city == null ? null : Row.of(ADDRESS, city, "10115"));
    }

    @Test
    void everyTypeGetsItsEmptyValueAndKeepsItsType() throws Exception {
        RowSchema all = RowSchema.builder("all")
                .optional("b", FieldType.BOOLEAN).optional("i8", FieldType.INT8).optional("i16", FieldType.INT16)
                .optional("i32", FieldType.INT32).optional("i64", FieldType.INT64)
                .optional("f32", FieldType.FLOAT32).optional("f64", FieldType.FLOAT64)
                .optional("s", FieldType.STRING).optional("bytes", FieldType.BYTES)
                .optional("dec", new FieldType.Decimal(10, 2)).optional("d", FieldType.DATE)
                .optional("t", FieldType.TIME).optional("ts", FieldType.TIMESTAMP)
                .optional("tstz", FieldType.TIMESTAMP_TZ).optional("u", FieldType.UUID)
                .optional("j", FieldType.JSON).optional("arr", new FieldType.Array(FieldType.INT32))
                .optional("m", new FieldType.MapType(FieldType.STRING)).build();
        Row input = Row.of(all, true, (byte) 7, (short) 7, 7, 7L, 1.5f, 2.5d, "secret", new byte[] {1, 2},
                new BigDecimal("12.34"), LocalDate.of(1990, 5, 17), LocalTime.of(13, 14), Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2021-01-01T00:00:00Z"), UUID.randomUUID(), "{\"a\":1}", List.of(1, 2), Map.of("k", "v"));
        List<String> names = all.fields().stream().map(f -> f.name()).toList();
        Stage mask = create("mask_field", Map.of("fields", names));

        Row out = one(mask, Transforms.flat(input)).value();

        assertThat(out.schema()).isEqualTo(all);
        assertThat(out.get("b")).isEqualTo(false);
        assertThat(out.get("i8")).isEqualTo((byte) 0);
        assertThat(out.get("i16")).isEqualTo((short) 0);
        assertThat(out.get("i32")).isEqualTo(0);
        assertThat(out.get("i64")).isEqualTo(0L);
        assertThat(out.get("f32")).isEqualTo(0f);
        assertThat(out.get("f64")).isEqualTo(0d);
        assertThat(out.get("s")).isEqualTo("");
        assertThat((byte[]) out.get("bytes")).isEmpty();
        assertThat(out.get("dec")).isEqualTo(new BigDecimal("0.00"));
        assertThat(out.get("d")).isEqualTo(LocalDate.of(1970, 1, 1));
        assertThat(out.get("t")).isEqualTo(LocalTime.of(0, 0));
        assertThat(out.get("ts")).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(out.get("tstz")).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(out.get("u")).isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000000"));
        assertThat(out.get("j")).isEqualTo("null");
        assertThat(out.get("arr")).isEqualTo(List.of());
        assertThat(out.get("m")).isEqualTo(Map.of());
    }

    @Test
    void nullsStayNullAndOtherFieldsAreUntouched() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("email", "ssn")));
        Row out = one(mask, Transforms.flat(user(1, null, "123-45-6789", "Berlin"))).value();
        assertThat(out).isEqualTo(user(1, null, "", "Berlin"));
    }

    @Test
    void kafkaCommaSeparatedFieldsAndDottedOptionNamesWork() throws Exception {
        Stage mask = create("org.apache.kafka.connect.transforms.MaskField$Value", Map.of("fields", "email, ssn"));
        Row out = one(mask, Transforms.flat(user(1, "a@b.c", "123", null))).value();
        assertThat(out).isEqualTo(user(1, "", "", null));
    }

    @Test
    void nestedPathMasksOnlyTheNestedField() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("address.city"), "strategy", "asterisks"));
        Row out = one(mask, Transforms.flat(user(1, "a@b.c", "123", "Berlin"))).value();
        Row address = (Row) out.get("address");
        assertThat(address.get("city")).isEqualTo("******");
        assertThat(address.get("zip")).isEqualTo("10115");
        assertThat(out.get("email")).isEqualTo("a@b.c");
    }

    @Test
    void aWholeNestedRowCannotBeMaskedAndCheckSaysWhere() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("address")));
        assertThatThrownBy(() -> shapes(mask, USERS)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(Transforms.KEY_PATH + ".config.fields")
                .hasMessageContaining("nested row cannot be masked as a whole");
    }

    @Test
    void envelopeMasksBeforeAndAfter() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("ssn")));
        Row before = user(1, "a@b.c", "111", null);
        Row after = user(1, "a@b.c", "222", null);

        ChangeEvent update = one(mask, Transforms.envelope(Op.UPDATE, USERS, before, after));
        assertThat(Envelope.before(update.value()).get("ssn")).isEqualTo("");
        assertThat(Envelope.after(update.value()).get("ssn")).isEqualTo("");
        assertThat(update.value().get(Envelope.OP_INDEX)).isEqualTo("u");

        ChangeEvent create = one(mask, Transforms.envelope(Op.CREATE, USERS, null, after));
        assertThat(Envelope.before(create.value())).isNull();
        assertThat(Envelope.after(create.value()).get("ssn")).isEqualTo("");

        ChangeEvent delete = one(mask, Transforms.envelope(Op.DELETE, USERS, before, null));
        assertThat(Envelope.before(delete.value()).get("ssn")).isEqualTo("");
        assertThat(Envelope.after(delete.value())).isNull();
        assertThat(Envelope.source(delete.value())).isEqualTo(Envelope.source(
                Transforms.envelope(Op.DELETE, USERS, before, null).value()));
    }

    @Test
    void tombstonesPassUnchanged() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("ssn")));
        ChangeEvent tombstone = Transforms.tombstone(null);
        assertThat(one(mask, tombstone)).isSameAs(tombstone);
    }

    @Test
    void keyVariantMasksTheKeyOnly() throws Exception {
        RowSchema keySchema = RowSchema.builder("k").required("email", FieldType.STRING).build();
        Row key = Row.of(keySchema, "a@b.c");
        for (String type : List.of("mask_field_key", "org.apache.kafka.connect.transforms.MaskField$Key")) {
            Stage mask = create(type, Map.of("fields", List.of("email")));
            ChangeEvent out = one(mask, Transforms.event(Op.CREATE, key, user(1, "a@b.c", null, null)));
            assertThat(out.key().get("email")).as(type).isEqualTo("");
            assertThat(out.value().get("email")).as(type).isEqualTo("a@b.c");
        }
        assertThat(Transforms.factory("mask_field_key").spec().options()).noneMatch(o -> o.name().equals("target"));
    }

    @Test
    void replacementIsReadAsTheFieldsType() throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("n", FieldType.INT32).optional("dec", new FieldType.Decimal(6, 2))
                .optional("d", FieldType.DATE).optional("s", FieldType.STRING).build();
        Stage ints = create("mask_field", Map.of("fields", List.of("n"), "replacement", "-1"));
        assertThat(one(ints, Transforms.flat(Row.of(schema, 42, null, null, null))).value().get("n")).isEqualTo(-1);

        Stage dec = create("mask_field", Map.of("fields", List.of("dec"), "replacement", "9.5"));
        assertThat(one(dec, Transforms.flat(Row.of(schema, null, new BigDecimal("1.00"), null, null))).value().get("dec"))
                .isEqualTo(new BigDecimal("9.50"));

        Stage date = create("mask_field", Map.of("fields", List.of("d"), "replacement", "2000-01-01"));
        assertThat(one(date, Transforms.flat(Row.of(schema, null, null, LocalDate.now(), null))).value().get("d"))
                .isEqualTo(LocalDate.of(2000, 1, 1));

        Stage text = create("mask_field", Map.of("fields", List.of("s"), "replacement", "REDACTED"));
        assertThat(one(text, Transforms.flat(Row.of(schema, null, null, null, "x"))).value().get("s")).isEqualTo("REDACTED");
    }

    @Test
    void replacementThatDoesNotFitIsAConfigErrorAtReplacement() throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("n", FieldType.INT32).optional("dec", new FieldType.Decimal(6, 2))
                .optional("u", FieldType.UUID).optional("j", FieldType.JSON)
                .optional("e", new FieldType.Enum(List.of("gold", "silver"))).build();
        Map<String, String> bad = Map.of("n", "1.5", "dec", "1.234", "u", "1-2-3-4-5", "j", "{oops", "e", "bronze");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Stage mask = create("mask_field", Map.of("fields", List.of(e.getKey()), "replacement", e.getValue()));
            assertThatThrownBy(() -> shapes(mask, schema)).as(e.getKey()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(Transforms.KEY_PATH + ".config.replacement")
                    .hasMessageContaining("'" + e.getKey() + "'");
        }
        Stage symbol = create("mask_field", Map.of("fields", List.of("e"), "replacement", "silver"));
        assertThat(shapes(symbol, schema)).hasSize(1);
    }

    @Test
    void enumWithoutReplacementIsAConfigError() throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("tier", new FieldType.Enum(List.of("gold", "silver"))).build();
        Stage mask = create("mask_field", Map.of("fields", List.of("tier")));
        assertThatThrownBy(() -> shapes(mask, schema)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(Transforms.KEY_PATH + ".config.fields")
                .hasMessageContaining("enum has no empty value");
    }

    @Test
    void aSchemaFirstMetWhileRunningGoesToOnErrorWithoutTheValue() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("id"), "strategy", "hash"));
        assertThatThrownBy(() -> one(mask, Transforms.flat(user(987654321L, "a@b.c", "123-45-6789", null))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("mask_field").hasMessageContaining("id")
                .hasMessageContaining(Transforms.KEY_PATH + ".config.fields")
                .hasMessageNotContaining("987654321").hasMessageNotContaining("123-45-6789");
    }

    @Test
    void missingFieldIsFoundByCheckUnlessIgnored() throws Exception {
        Stage strict = create("mask_field", Map.of("fields", List.of("snn")));
        assertThatThrownBy(() -> shapes(strict, USERS)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(Transforms.KEY_PATH + ".config.fields").hasMessageContaining("no field 'snn'");
        Stage lenient = create("mask_field", Map.of("fields", List.of("snn"), "missing_fields", "ignore"));
        Row row = user(1, "a@b.c", "1", null);
        assertThat(one(lenient, Transforms.flat(row)).value()).isEqualTo(row);
    }

    @Test
    void asterisksCountCodePointsUpToTwenty() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("email"), "strategy", "asterisks"));
        assertThat(mask(mask, "a\uD83D\uDE00b")).isEqualTo("***");
        assertThat(mask(mask, "x".repeat(50))).isEqualTo("*".repeat(20));
        assertThat(mask(mask, "")).isEqualTo("");
    }

    @Test
    void hashIsSha256HexOfSaltAndValue() throws Exception {
        Stage plain = create("mask_field", Map.of("fields", List.of("email"), "strategy", "hash"));
        // The FIPS 180-2 test vector for "abc".
        assertThat(mask(plain, "abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Stage salted = create("mask_field", Map.of("fields", List.of("email"), "strategy", "hash", "salt", "pepper"));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("pepperabc".getBytes(StandardCharsets.UTF_8)));
        assertThat(mask(salted, "abc")).isEqualTo(expected);
        assertThat(mask(salted, "abc")).as("stable across events").isEqualTo(expected);
    }

    @Test
    void saltIsASecretOption() {
        assertThat(Transforms.factory("mask_field").spec().option("salt")).hasValueSatisfying(o ->
                assertThat(o.secret()).isTrue());
        MaskField mask = new MaskField(List.of("email"), io.cdctoolkit.smt.MissingFields.ERROR, MaskStrategy.HASH,
                null, "s3cr3t-pepper", 0, 0);
        assertThat(mask.toString()).doesNotContain("s3cr3t-pepper");
    }

    @Test
    void partialKeepsEndsCodePointSafeAndHidesShortValuesEntirely() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("email"), "strategy", "partial",
                "keep_first", 2, "keep_last", 2));
        assertThat(mask(mask, "4111111111111111")).isEqualTo("41************11");
        assertThat(mask(mask, "\uD83D\uDE00\uD83D\uDE01abc\uD83D\uDE02\uD83D\uDE03"))
                .isEqualTo("\uD83D\uDE00\uD83D\uDE01***\uD83D\uDE02\uD83D\uDE03");
        assertThat(mask(mask, "abcd")).isEqualTo("****");
        Stage last = create("mask_field", Map.of("fields", List.of("email"), "strategy", "partial", "keep_last", 4));
        assertThat(mask(last, "4111111111111234")).isEqualTo("************1234");
    }

    @Test
    void stringStrategiesRefuseOtherTypes() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("id"), "strategy", "hash"));
        assertThatThrownBy(() -> shapes(mask, USERS)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(Transforms.KEY_PATH + ".config.fields")
                .hasMessageContaining("strategy hash masks string fields");
    }

    @Test
    void optionsThatDoNotGoTogetherAreRejectedAtLoad() {
        assertThatThrownBy(() -> create("mask_field", Map.of("fields", "a", "strategy", "hash", "replacement", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.replacement");
        assertThatThrownBy(() -> create("mask_field", Map.of("fields", "a", "salt", "s3cr3t")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.salt")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> create("mask_field", Map.of("fields", "a", "keep_first", 2)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.keep_first");
        assertThatThrownBy(() -> create("mask_field", Map.of("fields", "a", "strategy", "partial")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs keep_first or keep_last");
        assertThatThrownBy(() -> create("mask_field", Map.of("strategy", "hash")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.fields");
    }

    @Test
    void outputShapeIsTheInputShapeForMasking() throws Exception {
        Stage mask = create("mask_field", Map.of("fields", List.of("ssn", "address.city"), "strategy", "hash"));
        RowSchema envelope = Transforms.envelopeSchema(USERS);
        assertThat(shapes(mask, envelope)).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(envelope));
    }

    private static String mask(Stage stage, String email) throws Exception {
        return (String) one(stage, Transforms.flat(user(1, email, null, null))).value().get("email");
    }
}
