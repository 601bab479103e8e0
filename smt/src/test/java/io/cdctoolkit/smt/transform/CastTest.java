package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CastTest {

    /** The value {@code value} of type {@code type} becomes when cast to {@code target}. */
    static Object cast(FieldType type, Object value, String target) throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("f", type).build();
        Stage stage = ConversionTransforms.create("cast", Map.of("spec", "f:" + target));
        ChangeEvent out = ConversionTransforms.apply(stage, ConversionTransforms.flat(Row.of(schema, value)));
        return out.value().get(0);
    }

    /** The reason casting fails for one event. */
    static String castError(FieldType type, Object value, String target) throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("f", type).build();
        Stage stage = ConversionTransforms.create("cast", Map.of("spec", "f:" + target));
        InvalidDataException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidDataException.class,
                () -> ConversionTransforms.apply(stage, ConversionTransforms.flat(Row.of(schema, value))));
        assertThat(e.field()).isEqualTo("f");
        // The value may be personal data: never in the message (short texts like "1" occur by chance).
        if (String.valueOf(value).length() > 3) assertThat(e.getMessage()).doesNotContain(String.valueOf(value));
        return e.reason();
    }

    /** The config problem of casting a {@code type} field to {@code target}, found by check. */
    static String schemaError(FieldType type, String target) throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("f", type).build();
        Stage stage = ConversionTransforms.create("cast", Map.of("spec", "f:" + target));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConversionTransforms.shape(stage, null, schema));
        assertThat(e.problems().get(0).keyPath()).isEqualTo("transforms[0].config.spec");
        return e.getMessage();
    }

    @Nested
    class ToIntegers {
        @ParameterizedTest
        @CsvSource({"int8,-128", "int8,127", "int16,-32768", "int16,32767", "int32,-2147483648", "int32,2147483647",
                "int64,-9223372036854775808", "int64,9223372036854775807"})
        void integersAtTheBoundsConvertExactly(String target, String bound) throws Exception {
            Object out = cast(FieldType.INT64, Long.parseLong(bound), target);
            assertThat(((Number) out).longValue()).isEqualTo(Long.parseLong(bound));
            assertThat(out).isInstanceOf(switch (target) {
                case "int8" -> Byte.class;
                case "int16" -> Short.class;
                case "int32" -> Integer.class;
                default -> Long.class;
            });
        }

        @ParameterizedTest
        @CsvSource({"int8,-129", "int8,128", "int16,-32769", "int16,32768", "int32,-2147483649", "int32,2147483648"})
        void integersOutOfRangeAreErrorsWhereKafkaWraps(String target, long value) throws Exception {
            assertThat(castError(FieldType.INT64, value, target)).isEqualTo("is out of range for " + target);
        }

        @Test
        void smallerIntegerTypesWiden() throws Exception {
            assertThat(cast(FieldType.INT8, (byte) -5, "int64")).isEqualTo(-5L);
            assertThat(cast(FieldType.INT16, (short) 300, "int32")).isEqualTo(300);
            assertThat(cast(FieldType.INT32, 7, "int16")).isEqualTo((short) 7);
        }

        @Test
        void wholeFloatsConvertAndFractionsAreErrors() throws Exception {
            assertThat(cast(FieldType.FLOAT64, 42.0, "int32")).isEqualTo(42);
            assertThat(cast(FieldType.FLOAT32, -3.0f, "int8")).isEqualTo((byte) -3);
            assertThat(cast(FieldType.FLOAT64, -0x1p63, "int64")).isEqualTo(Long.MIN_VALUE);
            assertThat(castError(FieldType.FLOAT64, 19.5, "int32")).isEqualTo("has a fraction, which int32 cannot hold");
            assertThat(castError(FieldType.FLOAT64, 0x1p63, "int64")).isEqualTo("is out of range for int64");
            assertThat(castError(FieldType.FLOAT64, 200.0, "int8")).isEqualTo("is out of range for int8");
            assertThat(castError(FieldType.FLOAT64, Double.NaN, "int32")).contains("not a finite number");
            assertThat(castError(FieldType.FLOAT32, Float.POSITIVE_INFINITY, "int64")).contains("not a finite number");
        }

        @Test
        void decimalsConvertWhenWholeAndInRange() throws Exception {
            FieldType dec = new FieldType.Decimal(30, 2);
            assertThat(cast(dec, new BigDecimal("12.00"), "int16")).isEqualTo((short) 12);
            assertThat(castError(dec, new BigDecimal("12.50"), "int16")).isEqualTo("has a fraction, which int16 cannot hold");
            assertThat(castError(dec, new BigDecimal("100000000000000000000.00"), "int64"))
                    .isEqualTo("is out of range for int64");
        }

        @Test
        void stringsParseStrictly() throws Exception {
            assertThat(cast(FieldType.STRING, "42", "int32")).isEqualTo(42);
            assertThat(cast(FieldType.STRING, "+42", "int8")).isEqualTo((byte) 42);
            assertThat(cast(FieldType.JSON, "-7", "int64")).isEqualTo(-7L);
            assertThat(cast(new FieldType.Enum(List.of("1", "2")), "2", "int16")).isEqualTo((short) 2);
            assertThat(castError(FieldType.STRING, "4.0", "int32")).isEqualTo("is not an integer (int32)");
            assertThat(castError(FieldType.STRING, " 42", "int32")).isEqualTo("is not an integer (int32)");
            assertThat(castError(FieldType.STRING, "128", "int8")).isEqualTo("is out of range for int8");
            assertThat(castError(FieldType.STRING, "secret-ssn", "int64")).isEqualTo("is not an integer (int64)");
        }

        @Test
        void booleansAreOneAndZero() throws Exception {
            assertThat(cast(FieldType.BOOLEAN, true, "int8")).isEqualTo((byte) 1);
            assertThat(cast(FieldType.BOOLEAN, false, "int64")).isEqualTo(0L);
        }

        @Test
        void temporalTypesAreKafkasNumbers() throws Exception {
            assertThat(cast(FieldType.DATE, LocalDate.of(2024, 1, 31), "int32")).isEqualTo(19753);
            assertThat(cast(FieldType.DATE, LocalDate.of(1969, 12, 31), "int64")).isEqualTo(-1L);
            assertThat(cast(FieldType.TIME, LocalTime.of(12, 0, 0, 5_000_000), "int32")).isEqualTo(43_200_005);
            assertThat(cast(FieldType.TIMESTAMP_TZ, Instant.parse("2024-01-31T12:00:00.001Z"), "int64"))
                    .isEqualTo(1_706_702_400_001L);
            assertThat(cast(FieldType.TIMESTAMP, Instant.parse("1969-12-31T23:59:59.999Z"), "int64")).isEqualTo(-1L);
            assertThat(castError(FieldType.TIMESTAMP, Instant.parse("2024-01-31T12:00:00.000001Z"), "int64"))
                    .contains("microseconds");
            assertThat(castError(FieldType.TIME, LocalTime.of(12, 0, 0, 1_000), "int32")).contains("microseconds");
            assertThat(castError(FieldType.TIMESTAMP_TZ, Instant.parse("2024-01-31T12:00:00Z"), "int32"))
                    .isEqualTo("is out of range for int32");
        }
    }

    @Nested
    class ToFloats {
        @Test
        void numbersBecomeTheNearestFloat() throws Exception {
            assertThat(cast(FieldType.INT32, 7, "float64")).isEqualTo(7.0);
            assertThat(cast(FieldType.INT64, (1L << 53) + 1, "float64")).isEqualTo(0x1p53);
            assertThat(cast(FieldType.INT32, 16_777_217, "float32")).isEqualTo(16_777_216f);
            assertThat(cast(FieldType.FLOAT64, 0.1, "float32")).isEqualTo(0.1f);
            assertThat(cast(FieldType.FLOAT32, 0.1f, "float64")).isEqualTo((double) 0.1f);
            assertThat(cast(new FieldType.Decimal(10, 2), new BigDecimal("19.90"), "float64")).isEqualTo(19.9);
            assertThat(cast(FieldType.BOOLEAN, true, "float32")).isEqualTo(1.0f);
            assertThat(cast(FieldType.DATE, LocalDate.of(1970, 1, 3), "float64")).isEqualTo(2.0);
        }

        @Test
        void overflowIsAnErrorButInfinityAndNanStay() throws Exception {
            assertThat(castError(FieldType.FLOAT64, 1e300, "float32")).isEqualTo("is out of range for float32");
            assertThat(castError(new FieldType.Decimal(60, 0), new BigDecimal("1e50"), "float32"))
                    .isEqualTo("is out of range for float32");
            assertThat(cast(FieldType.FLOAT64, Double.NEGATIVE_INFINITY, "float32")).isEqualTo(Float.NEGATIVE_INFINITY);
            assertThat((Float) cast(FieldType.FLOAT64, Double.NaN, "float32")).isNaN();
        }

        @Test
        void stringsParse() throws Exception {
            assertThat(cast(FieldType.STRING, "1.5e3", "float64")).isEqualTo(1500.0);
            assertThat(cast(FieldType.STRING, "0.1", "float32")).isEqualTo(0.1f);
            assertThat(cast(FieldType.STRING, "-Infinity", "float64")).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(castError(FieldType.STRING, "1e400", "float64")).isEqualTo("is out of range for float64");
            assertThat(castError(FieldType.STRING, "1e39", "float32")).isEqualTo("is out of range for float32");
            assertThat(castError(FieldType.STRING, "abc", "float64")).isEqualTo("is not a number (float64)");
        }
    }

    @Nested
    class ToBoolean {
        @Test
        void zeroIsFalseAnythingElseTrue() throws Exception {
            assertThat(cast(FieldType.INT32, 0, "boolean")).isEqualTo(false);
            assertThat(cast(FieldType.INT8, (byte) -3, "boolean")).isEqualTo(true);
            assertThat(cast(FieldType.FLOAT64, 0.5, "boolean")).isEqualTo(true);
            assertThat(cast(FieldType.FLOAT32, -0.0f, "boolean")).isEqualTo(false);
            assertThat(cast(new FieldType.Decimal(5, 2), new BigDecimal("0.00"), "boolean")).isEqualTo(false);
            assertThat(cast(new FieldType.Decimal(5, 2), new BigDecimal("0.01"), "boolean")).isEqualTo(true);
            assertThat(castError(FieldType.FLOAT64, Double.NaN, "boolean")).contains("NaN");
        }

        @Test
        void stringsMustSayTrueOrFalse() throws Exception {
            assertThat(cast(FieldType.STRING, "TRUE", "boolean")).isEqualTo(true);
            assertThat(cast(FieldType.STRING, "false", "boolean")).isEqualTo(false);
            assertThat(castError(FieldType.STRING, "yes", "boolean")).isEqualTo("is not true or false (boolean)");
            assertThat(castError(FieldType.STRING, "", "boolean")).isEqualTo("is not true or false (boolean)");
        }

        @Test
        void booleanStays() throws Exception {
            assertThat(cast(FieldType.BOOLEAN, true, "boolean")).isEqualTo(true);
        }
    }

    @Nested
    class ToString {
        @Test
        void everyScalarType() throws Exception {
            assertThat(cast(FieldType.INT64, -5L, "string")).isEqualTo("-5");
            assertThat(cast(FieldType.FLOAT64, 1e10, "string")).isEqualTo("1.0E10");
            assertThat(cast(FieldType.FLOAT32, 0.1f, "string")).isEqualTo("0.1");
            assertThat(cast(FieldType.BOOLEAN, false, "string")).isEqualTo("false");
            assertThat(cast(new FieldType.Decimal(10, 7), new BigDecimal("0.0000001"), "string")).isEqualTo("0.0000001");
            assertThat(cast(FieldType.BYTES, "hi!".getBytes(StandardCharsets.UTF_8), "string")).isEqualTo("aGkh");
            UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
            assertThat(cast(FieldType.UUID, uuid, "string")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
            assertThat(cast(FieldType.JSON, "{\"a\":1}", "string")).isEqualTo("{\"a\":1}");
            assertThat(cast(FieldType.STRING, "x", "string")).isEqualTo("x");
        }

        @Test
        void temporalTypesAreIsoWithMicroseconds() throws Exception {
            assertThat(cast(FieldType.DATE, LocalDate.of(2024, 2, 29), "string")).isEqualTo("2024-02-29");
            assertThat(cast(FieldType.TIME, LocalTime.of(9, 5, 1, 123_456_000), "string")).isEqualTo("09:05:01.123456");
            assertThat(cast(FieldType.TIMESTAMP, Instant.parse("2024-01-31T00:00:00Z"), "string"))
                    .isEqualTo("2024-01-31T00:00:00.000000");
            assertThat(cast(FieldType.TIMESTAMP_TZ, Instant.parse("1500-01-31T12:00:00.000001Z"), "string"))
                    .isEqualTo("1500-01-31T12:00:00.000001Z");
        }
    }

    @Nested
    class Schemas {
        @Test
        void typesKafkaCannotCastAreSchemaErrorsFoundByCheck() throws Exception {
            assertThat(schemaError(FieldType.BYTES, "int32")).contains("cannot cast 'f' (bytes) to int32 (only to string)");
            assertThat(schemaError(FieldType.UUID, "boolean")).contains("(only to string)");
            assertThat(schemaError(new FieldType.Array(FieldType.INT32), "string")).contains("cannot cast 'f'");
            assertThat(schemaError(new FieldType.MapType(FieldType.INT32), "int64")).contains("cannot cast 'f'");
            RowSchema inner = RowSchema.builder("in").required("a", FieldType.INT32).build();
            assertThat(schemaError(new FieldType.Struct(inner), "string")).contains("cannot cast 'f'");
        }

        @Test
        void theOutputSchemaHasTheTargetTypesOptionalityAndCastDefaults() throws Exception {
            RowSchema schema = RowSchema.of("r", new Field("a", FieldType.INT64, false, 5L, "doc a"),
                    Field.optional("b", FieldType.STRING), Field.required("c", FieldType.INT32));
            Stage stage = ConversionTransforms.create("cast", Map.of("spec", List.of("a:int16", "b:float64")));
            RowSchema out = ConversionTransforms.shape(stage, null, schema).value();
            assertThat(out.fields()).containsExactly(new Field("a", FieldType.INT16, false, (short) 5, "doc a"),
                    Field.optional("b", FieldType.FLOAT64), Field.required("c", FieldType.INT32));
            assertThat(out.name()).isEqualTo("r");
        }

        @Test
        void aDefaultThatCannotBeCastIsASchemaError() throws Exception {
            RowSchema schema = RowSchema.of("r", new Field("a", FieldType.INT64, false, 500L, null));
            Stage stage = ConversionTransforms.create("cast", Map.of("spec", "a:int8"));
            assertThatThrownBy(() -> ConversionTransforms.shape(stage, null, schema)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the default of 'a' cannot be cast to int8: is out of range for int8");
        }

        @Test
        void aMissingFieldIsReportedAtTheSpecOrIgnoredWhenAsked() throws Exception {
            RowSchema schema = RowSchema.builder("r").required("id", FieldType.INT64).build();
            Stage stage = ConversionTransforms.create("cast", Map.of("spec", "amount:int32"));
            assertThatThrownBy(() -> ConversionTransforms.shape(stage, null, schema)).isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems().get(0).keyPath())
                            .isEqualTo("transforms[0].config.spec"))
                    .hasMessageContaining("no field 'amount'");
            assertThatThrownBy(() -> ConversionTransforms.apply(stage, ConversionTransforms.flat(Row.of(schema, 1L))))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("no field 'amount'");
            Stage ignoring = ConversionTransforms.create("cast", Map.of("specs", Map.of("amount", "int32"), "missing_fields", "ignore"));
            Row row = Row.of(schema, 1L);
            assertThat(ConversionTransforms.apply(ignoring, ConversionTransforms.flat(row)).value()).isEqualTo(row);
            Stage rivven = ConversionTransforms.create("cast", Map.of("specs", Map.of("amount", "int32")));
            assertThatThrownBy(() -> ConversionTransforms.shape(rivven, null, schema))
                    .satisfies(e -> assertThat(((ConfigException) e).problems().get(0).keyPath())
                            .isEqualTo("transforms[0].config.specs"));
        }
    }

    @Nested
    class Events {
        final RowSchema address = RowSchema.builder("addr").required("city", FieldType.STRING)
                .optional("zip", FieldType.STRING).build();
        final RowSchema schema = RowSchema.builder("r").required("id", FieldType.INT64).optional("qty", FieldType.STRING)
                .optional("address", new FieldType.Struct(address)).build();

        @Test
        void nullsStayNullAndOtherFieldsAreKept() throws Exception {
            Stage stage = ConversionTransforms.create("cast", Map.of("spec", "qty:int32,address.zip:int32"));
            Row out = ConversionTransforms.apply(stage, ConversionTransforms.flat(Row.of(schema, 1L, null, null))).value();
            assertThat(out.values()).containsExactly(1L, null, null);
            Row nested = ConversionTransforms.apply(stage, ConversionTransforms.flat(Row.of(schema, 2L, "5",
                    Row.of(address, "Oslo", null)))).value();
            assertThat(nested.get(1)).isEqualTo(5);
            assertThat(((Row) nested.get(2)).values()).containsExactly("Oslo", null);
        }

        @Test
        void bothRowsOfAnEnvelopeAreCastAndDeletesAndTombstonesPass() throws Exception {
            Stage stage = ConversionTransforms.create("cast", Map.of("spec", "qty:int32,address.zip:int16"));
            ChangeEvent update = ConversionTransforms.envelope(schema, Op.UPDATE, Row.of(schema, 1L, "3", Row.of(address, "Oslo", "0150")),
                    Row.of(schema, 1L, "4", Row.of(address, "Oslo", "0151")));
            Row out = ConversionTransforms.apply(stage, update).value();
            assertThat(Envelope.before(out).get(1)).isEqualTo(3);
            assertThat(Envelope.after(out).get(1)).isEqualTo(4);
            assertThat(((Row) Envelope.before(out).get(2)).get(1)).isEqualTo((short) 150);
            assertThat(((Row) Envelope.after(out).get(2)).get(1)).isEqualTo((short) 151);
            assertThat(Envelope.rowSchema(out.schema()).field("qty").type()).isEqualTo(FieldType.INT32);

            ChangeEvent delete = ConversionTransforms.envelope(schema, Op.DELETE, Row.of(schema, 1L, "4", null), null);
            Row deleted = ConversionTransforms.apply(stage, delete).value();
            assertThat(Envelope.before(deleted).get(1)).isEqualTo(4);
            assertThat(Envelope.after(deleted)).isNull();

            ChangeEvent tombstone = ChangeEvent.builder(ConversionTransforms.TABLE, Op.DELETE, "t").build();
            assertThat(ConversionTransforms.apply(stage, tombstone)).isSameAs(tombstone);
        }

        @Test
        void anErrorInBeforeNamesTheSide() throws Exception {
            Stage stage = ConversionTransforms.create("cast", Map.of("spec", "qty:int8"));
            ChangeEvent update = ConversionTransforms.envelope(schema, Op.UPDATE, Row.of(schema, 1L, "999", null),
                    Row.of(schema, 1L, "4", null));
            assertThatThrownBy(() -> ConversionTransforms.apply(stage, update)).isInstanceOf(InvalidDataException.class)
                    .satisfies(e -> assertThat(((InvalidDataException) e).field()).isEqualTo("before.qty"))
                    .hasMessageNotContaining("999");
        }

        @Test
        void theKeyVariantCastsKeyFieldsUnderBothNames() throws Exception {
            RowSchema key = RowSchema.builder("k").required("id", FieldType.INT64).build();
            for (String type : List.of("cast_key", "org.apache.kafka.connect.transforms.Cast$Key")) {
                Stage stage = ConversionTransforms.create(type, Map.of("spec", "id:string"));
                Row value = Row.of(schema, 7L, "1", null);
                ChangeEvent out = ConversionTransforms.apply(stage, ConversionTransforms.keyed(Row.of(key, 7L), value));
                assertThat(out.key().get(0)).isEqualTo("7");
                assertThat(out.value()).isEqualTo(value);
                assertThat(ConversionTransforms.shape(stage, key, schema).key().field("id").type()).isEqualTo(FieldType.STRING);
            }
            Stage byTarget = ConversionTransforms.create("org.apache.kafka.connect.transforms.Cast$Value",
                    Map.of("spec", "id:int32", "target", "key"));
            assertThat(ConversionTransforms.apply(byTarget, ConversionTransforms.keyed(Row.of(key, 7L), Row.of(schema, 7L, null, null)))
                    .key().get(0)).isEqualTo(7);
        }
    }

    @Nested
    class Config {
        @Test
        void unknownTypesAreReportedAtLoadWithTheKeyPath() throws Exception {
            List<ConfigProblem> problems = ConversionTransforms.validate("cast", Map.of("spec", "a:int32,b:int128"));
            assertThat(problems).extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.spec");
            assertThat(problems.get(0).message()).isEqualTo("cannot cast 'b' to unknown type 'int128'");
            assertThat(ConversionTransforms.validate("cast_key", Map.of("specs", Map.of("a", "bytes"))))
                    .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.specs.a");
            assertThat(ConversionTransforms.validate("cast", Map.of("spec", "a:decimal"))).hasSize(1);
            assertThatThrownBy(() -> ConversionTransforms.create("cast", Map.of("spec", "a:int128")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("transforms[0].config.spec");
        }

        @Test
        void malformedSpecs() throws Exception {
            assertThat(ConversionTransforms.validate("cast", Map.of("spec", "a:int32:x"))).extracting(ConfigProblem::message)
                    .containsExactly("'a:int32:x' is not field:type");
            assertThat(ConversionTransforms.validate("cast", Map.of("spec", "a:int32,a:int64"))).extracting(ConfigProblem::message)
                    .containsExactly("field 'a' is named twice");
            assertThat(ConversionTransforms.validate("cast", Map.of())).extracting(ConfigProblem::keyPath)
                    .containsExactly("transforms[0].config.spec");
            assertThat(ConversionTransforms.validate("cast", Map.of("spec", "a:int32", "specs", Map.of("b", "int8"))))
                    .hasSize(1);
        }

        @Test
        void aMappingUnderSpecIsToldThatSpecsTakesIt() {
            assertThatThrownBy(() -> ConversionTransforms.validate("cast", Map.of("spec", Map.of("id", "int32"))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("transforms[0].config.spec: got a mapping (spec takes field:type text, e.g. spec:"
                            + " \"id:int32,price:string\"; a mapping of field to type goes under specs, e.g."
                            + " specs: { id: int32 })");
        }

        @Test
        void wholeValueCastIsRefusedBecauseValuesAreRows() throws Exception {
            assertThat(ConversionTransforms.validate("cast", Map.of("spec", "int64"))).extracting(ConfigProblem::message)
                    .singleElement().asString().contains("whole-value cast ('int64')");
        }

        @Test
        void typeNamesAreCaseInsensitiveAsInKafka() throws Exception {
            assertThat(cast(FieldType.INT32, 3, "INT64")).isEqualTo(3L);
        }

        @Test
        void replaceNullWithDefaultIsOnlyAcceptedAsFalse() throws Exception {
            assertThat(ConversionTransforms.validate("cast", Map.of("spec", "a:int32", "replace.null.with.default", true)))
                    .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.replace_null_with_default");
            assertThat(ConversionTransforms.validate("cast", Map.of("spec", "a:int32", "replace.null.with.default", false)))
                    .isEmpty();
        }
    }
}
