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

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampConverterTest {

    static final Instant NOON_MICROS = Instant.parse("2024-01-31T12:00:00.123456Z");

    /** Converts one value of {@code type}; {@code config} pairs are added to {@code field: f}. */
    static Converted convert(FieldType type, Object value, Object... config) throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("f", type).build();
        Stage stage = ConversionTransforms.create("timestamp_converter", options(config));
        ChangeEvent out = ConversionTransforms.apply(stage, ConversionTransforms.flat(Row.of(schema, value)));
        return new Converted(out.value().get(0), out.value().schema().field(0).type());
    }

    record Converted(Object value, FieldType type) {
    }

    static String error(FieldType type, Object value, Object... config) throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("f", type).build();
        Stage stage = ConversionTransforms.create("timestamp_converter", options(config));
        InvalidDataException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidDataException.class,
                () -> ConversionTransforms.apply(stage, ConversionTransforms.flat(Row.of(schema, value))));
        assertThat(e.field()).isEqualTo("f");
        return e.reason();
    }

    static String schemaError(FieldType type, Object... config) throws Exception {
        RowSchema schema = RowSchema.builder("r").optional("f", type).build();
        Stage stage = ConversionTransforms.create("timestamp_converter", options(config));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConversionTransforms.shape(stage, null, schema));
        return e.problems().get(0).keyPath() + ": " + e.getMessage();
    }

    static Map<String, Object> options(Object... config) {
        Map<String, Object> m = new HashMap<>();
        m.put("field", "f");
        for (int i = 0; i < config.length; i += 2) m.put((String) config[i], config[i + 1]);
        return m;
    }

    @Nested
    class FromTimestamps {
        @ParameterizedTest
        @CsvSource({"seconds,2024-01-31T12:00:00Z,1706702400", "milliseconds,2024-01-31T12:00:00.123Z,1706702400123",
                "microseconds,2024-01-31T12:00:00.123456Z,1706702400123456",
                "nanoseconds,2024-01-31T12:00:00.123456Z,1706702400123456000",
                "milliseconds,1969-12-31T23:59:59.999Z,-1", "seconds,1969-12-31T23:59:59Z,-1"})
        void toUnixInEveryUnit(String unit, String instant, long expected) throws Exception {
            Converted out = convert(FieldType.TIMESTAMP_TZ, Instant.parse(instant), "target_type", "unix",
                    "unix_precision", unit);
            assertThat(out.value()).isEqualTo(expected);
            assertThat(out.type()).isEqualTo(FieldType.INT64);
        }

        @Test
        void digitsTheUnitCannotHoldAreErrorsWhereKafkaTruncates() throws Exception {
            assertThat(error(FieldType.TIMESTAMP_TZ, NOON_MICROS, "target_type", "unix"))
                    .isEqualTo("is more precise than unix milliseconds can hold (set unix_precision to keep every digit)");
            assertThat(error(FieldType.TIMESTAMP, Instant.parse("1969-12-31T23:59:59.5Z"), "target_type", "epoch_secs"))
                    .contains("unix seconds");
            assertThat(error(FieldType.TIMESTAMP_TZ, Instant.parse("2300-01-01T00:00:00Z"), "target_type", "unix",
                    "unix_precision", "nanoseconds")).isEqualTo("is outside the range of unix nanoseconds in 64 bits");
        }

        @Test
        void rivvenEpochAliasesSetTheUnit() throws Exception {
            Instant t = Instant.parse("2024-01-31T12:00:00Z");
            assertThat(convert(FieldType.TIMESTAMP_TZ, t, "target_type", "epoch_secs").value()).isEqualTo(1706702400L);
            assertThat(convert(FieldType.TIMESTAMP_TZ, t, "target_type", "epoch_millis").value()).isEqualTo(1706702400000L);
            assertThat(convert(FieldType.TIMESTAMP_TZ, t, "target_type", "epoch_micros").value())
                    .isEqualTo(1706702400000000L);
        }

        @Test
        void toStringDefaultsToIsoWithMicrosecondsAndZOnlyForInstants() throws Exception {
            assertThat(convert(FieldType.TIMESTAMP_TZ, NOON_MICROS, "target_type", "string").value())
                    .isEqualTo("2024-01-31T12:00:00.123456Z");
            assertThat(convert(FieldType.TIMESTAMP, NOON_MICROS, "target_type", "iso8601").value())
                    .isEqualTo("2024-01-31T12:00:00.123456");
            Converted formatted = convert(FieldType.TIMESTAMP_TZ, NOON_MICROS, "target_type", "string", "format",
                    "dd MMM yyyy HH:mm:ss.SSS XXX");
            assertThat(formatted.value()).isEqualTo("31 Jan 2024 12:00:00.123 Z");
            assertThat(formatted.type()).isEqualTo(FieldType.STRING);
        }

        @Test
        void toDateAndTimeTakeTheUtcParts() throws Exception {
            Instant late = Instant.parse("2024-01-31T23:59:59.999999Z");
            Converted date = convert(FieldType.TIMESTAMP_TZ, late, "target_type", "Date");
            assertThat(date.value()).isEqualTo(LocalDate.of(2024, 1, 31));
            assertThat(date.type()).isEqualTo(FieldType.DATE);
            Converted time = convert(FieldType.TIMESTAMP, late, "target_type", "time");
            assertThat(time.value()).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
            assertThat(time.type()).isEqualTo(FieldType.TIME);
            assertThat(convert(FieldType.TIMESTAMP, Instant.parse("1969-12-31T23:00:00Z"), "target_type", "Date").value())
                    .isEqualTo(LocalDate.of(1969, 12, 31));
        }

        @Test
        void toTimestampKeepsWallClockAndInstantTypes() throws Exception {
            Converted wall = convert(FieldType.TIMESTAMP, NOON_MICROS, "target_type", "Timestamp");
            assertThat(wall.value()).isEqualTo(NOON_MICROS);
            assertThat(wall.type()).isEqualTo(FieldType.TIMESTAMP);
            assertThat(convert(FieldType.TIMESTAMP_TZ, NOON_MICROS, "target_type", "timestamp").type())
                    .isEqualTo(FieldType.TIMESTAMP_TZ);
        }
    }

    @Nested
    class FromDatesAndTimes {
        final LocalDate day = LocalDate.of(2024, 2, 29);

        @Test
        void aDateIsMidnightUtc() throws Exception {
            Converted ts = convert(FieldType.DATE, day, "target_type", "Timestamp");
            assertThat(ts.value()).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
            assertThat(ts.type()).isEqualTo(FieldType.TIMESTAMP);
            assertThat(convert(FieldType.DATE, day, "target_type", "unix", "unix.precision", "seconds").value())
                    .isEqualTo(1709164800L);
            assertThat(convert(FieldType.DATE, day, "target_type", "string").value()).isEqualTo("2024-02-29");
            assertThat(convert(FieldType.DATE, day, "target_type", "string", "format", "yyyy/MM/dd HH:mm").value())
                    .isEqualTo("2024/02/29 00:00");
            assertThat(convert(FieldType.DATE, day, "target_type", "Date").value()).isEqualTo(day);
        }

        @Test
        void aTimeIsTheTimeOfDay() throws Exception {
            LocalTime t = LocalTime.of(9, 30, 0, 250_000_000);
            assertThat(convert(FieldType.TIME, t, "target_type", "Time").value()).isEqualTo(t);
            assertThat(convert(FieldType.TIME, t, "target_type", "unix").value()).isEqualTo(34_200_250L);
            assertThat(convert(FieldType.TIME, t, "target_type", "string").value()).isEqualTo("09:30:00.250000");
            assertThat(convert(FieldType.TIME, t, "target_type", "string", "format", "h:mm a").value())
                    .isEqualTo("9:30 AM");
            assertThat(error(FieldType.TIME, LocalTime.of(9, 30, 0, 1_000), "target_type", "unix"))
                    .contains("unix milliseconds");
        }

        @Test
        void partsThatDoNotExistAreNotInvented() throws Exception {
            assertThat(schemaError(FieldType.TIME, "target_type", "Date"))
                    .contains("transforms[0].config.field").contains("'f' is a time of day, which has no date for a date");
            assertThat(schemaError(FieldType.TIME, "target_type", "Timestamp")).contains("has no date for a timestamp");
            assertThat(schemaError(FieldType.DATE, "target_type", "Time")).contains("'f' is a date, which has no time of day");
            assertThat(schemaError(FieldType.TIME, "target_type", "string", "format", "yyyy-MM-dd HH:mm"))
                    .contains("transforms[0].config.format").contains("the format writes a date");
        }
    }

    @Nested
    class FromIntegers {
        @ParameterizedTest
        @CsvSource({"seconds,1706702400,2024-01-31T12:00:00Z", "milliseconds,1706702400123,2024-01-31T12:00:00.123Z",
                "microseconds,1706702400123456,2024-01-31T12:00:00.123456Z",
                "nanoseconds,1706702400123456000,2024-01-31T12:00:00.123456Z",
                "milliseconds,-1,1969-12-31T23:59:59.999Z", "microseconds,-1,1969-12-31T23:59:59.999999Z"})
        void readInTheConfiguredUnitNeverGuessed(String unit, long value, String expected) throws Exception {
            Converted out = convert(FieldType.INT64, value, "target_type", "Timestamp", "unix_precision", unit);
            assertThat(out.value()).isEqualTo(Instant.parse(expected));
            assertThat(out.type()).isEqualTo(FieldType.TIMESTAMP_TZ);
        }

        @Test
        void aSmallNumberIsStillMilliseconds() throws Exception {
            assertThat(convert(FieldType.INT64, 1706702400L, "target_type", "Timestamp").value())
                    .isEqualTo(Instant.parse("1970-01-20T18:05:02.400Z"));
        }

        @Test
        void nanosecondsATimestampCannotHoldAreErrors() throws Exception {
            assertThat(error(FieldType.INT64, 1706702400123456789L, "target_type", "Timestamp", "unix_precision",
                    "nanoseconds")).isEqualTo("has nanoseconds, which a timestamp (microseconds) cannot hold");
        }

        @Test
        void numbersBeyondTimestampsAreErrors() throws Exception {
            assertThat(error(FieldType.INT64, Long.MAX_VALUE, "target_type", "Timestamp", "unix_precision", "seconds"))
                    .isEqualTo("is outside the range of timestamps (64-bit epoch microseconds)");
            assertThat(error(FieldType.INT64, Long.MIN_VALUE, "target_type", "Date", "unix_precision", "seconds"))
                    .isEqualTo("is outside the range of timestamps (64-bit epoch microseconds)");
            assertThat(convert(FieldType.INT64, Long.MAX_VALUE, "target_type", "Timestamp", "unix_precision",
                    "microseconds").value()).isEqualTo(Instant.ofEpochSecond(9_223_372_036_854L, 775_807_000));
        }

        @Test
        void toStringDateAndTime() throws Exception {
            assertThat(convert(FieldType.INT64, 1706702400000L, "target_type", "string").value())
                    .isEqualTo("2024-01-31T12:00:00.000000Z");
            assertThat(convert(FieldType.INT64, 1706702400000L, "target_type", "Date").value())
                    .isEqualTo(LocalDate.of(2024, 1, 31));
            assertThat(convert(FieldType.INT64, 1706702400000L, "target_type", "Time").value())
                    .isEqualTo(LocalTime.NOON);
            assertThat(convert(FieldType.INT64, 1706702400L, "target_type", "unix", "unix_precision", "seconds")
                    .value()).isEqualTo(1706702400L);
        }

        @Test
        void otherTypesAreSchemaErrors() throws Exception {
            assertThat(schemaError(FieldType.INT32, "target_type", "Timestamp"))
                    .contains("'f' is int32, not a timestamp, date, time, int64 (unix) or string");
            assertThat(schemaError(FieldType.BOOLEAN, "target_type", "string")).contains("'f' is boolean");
            assertThat(schemaError(new FieldType.Decimal(20, 0), "target_type", "Date")).contains("'f' is decimal(20,0)");
        }
    }

    @Nested
    class FromStrings {
        @Test
        void isoTextsWithoutAFormat() throws Exception {
            assertThat(convert(FieldType.STRING, "2024-01-31T12:00:00.123456Z", "target_type", "Timestamp").value())
                    .isEqualTo(NOON_MICROS);
            assertThat(convert(FieldType.STRING, "2024-01-31T14:00:00+02:00", "target_type", "unix").value())
                    .isEqualTo(1706702400000L);
            assertThat(convert(FieldType.STRING, "2024-01-31T12:00", "target_type", "unix").value())
                    .isEqualTo(1706702400000L);
            assertThat(convert(FieldType.STRING, "2024-01-31", "target_type", "Date").value())
                    .isEqualTo(LocalDate.of(2024, 1, 31));
            assertThat(convert(FieldType.STRING, "08:15:00.5", "target_type", "Time").value())
                    .isEqualTo(LocalTime.of(8, 15, 0, 500_000_000));
            Converted ts = convert(FieldType.STRING, "2024-01-31", "target_type", "Timestamp");
            assertThat(ts.value()).isEqualTo(Instant.parse("2024-01-31T00:00:00Z"));
            assertThat(ts.type()).isEqualTo(FieldType.TIMESTAMP_TZ);
        }

        @Test
        void withAFormat() throws Exception {
            assertThat(convert(FieldType.STRING, "31/01/2024 12:00", "target_type", "Timestamp", "format",
                    "dd/MM/yyyy HH:mm").value()).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
            assertThat(convert(FieldType.STRING, "2024-01-31 12:00:00", "target_type", "string", "format",
                    "yyyy-MM-dd HH:mm:ss").value()).isEqualTo("2024-01-31 12:00:00");
            assertThat(convert(FieldType.STRING, "20240131", "target_type", "Date", "format", "yyyyMMdd").value())
                    .isEqualTo(LocalDate.of(2024, 1, 31));
        }

        @Test
        void textThatDoesNotParseIsAnErrorWithoutTheText() throws Exception {
            assertThat(error(FieldType.STRING, "last tuesday", "target_type", "Timestamp"))
                    .isEqualTo("is not an ISO-8601 date, time or timestamp (set format for other text)");
            assertThat(error(FieldType.STRING, "2024-13-45", "target_type", "Date")).contains("is not an ISO-8601");
            assertThat(error(FieldType.STRING, "2024-01-31", "target_type", "Timestamp", "format", "dd/MM/yyyy"))
                    .isEqualTo("does not match the format 'dd/MM/yyyy'");
            assertThat(error(FieldType.STRING, "2024-01-31T12:00:00.123456789Z", "target_type", "Timestamp"))
                    .contains("has nanoseconds");
            assertThat(error(FieldType.STRING, "45/13/2024", "target_type", "Date", "format", "dd/MM/yyyy"))
                    .isEqualTo("does not match the format 'dd/MM/yyyy'");
            assertThat(error(FieldType.STRING, "12:00:00", "target_type", "Date")).isEqualTo("is a time of day, which has no date");
            assertThat(error(FieldType.STRING, "2024-01-31", "target_type", "Time")).isEqualTo("is a date, which has no time of day");
        }
    }

    @Nested
    class Events {
        final RowSchema inner = RowSchema.builder("in").optional("since", FieldType.DATE).build();
        final RowSchema schema = RowSchema.builder("r").required("id", FieldType.INT64)
                .optional("created", FieldType.TIMESTAMP_TZ).optional("updated", FieldType.TIMESTAMP_TZ)
                .optional("member", new FieldType.Struct(inner)).build();

        @Test
        void severalAndNestedFieldsInBothRowsOfAnEnvelope() throws Exception {
            Stage stage = ConversionTransforms.create("timestamp_converter",
                    Map.of("fields", List.of("created", "updated", "member.since"), "target_type", "epoch_secs"));
            Instant t = Instant.parse("2024-01-31T12:00:00Z");
            ChangeEvent update = ConversionTransforms.envelope(schema, Op.UPDATE, Row.of(schema, 1L, t, null, Row.of(inner, (Object) null)),
                    Row.of(schema, 1L, t, t.plusSeconds(1), Row.of(inner, LocalDate.of(1970, 1, 2))));
            Row out = ConversionTransforms.apply(stage, update).value();
            assertThat(Envelope.before(out).values()).containsExactly(1L, 1706702400L, null,
                    Row.of(RowSchema.builder("in").optional("since", FieldType.INT64).build(), (Object) null));
            assertThat(Envelope.after(out).get(2)).isEqualTo(1706702401L);
            assertThat(((Row) Envelope.after(out).get(3)).get(0)).isEqualTo(86_400L);
            RowSchema after = Envelope.rowSchema(out.schema());
            assertThat(after.field("created")).isEqualTo(Field.optional("created", FieldType.INT64));
        }

        @Test
        void theKeyVariantUnderBothNames() throws Exception {
            RowSchema key = RowSchema.builder("k").required("day", FieldType.DATE).build();
            for (String type : List.of("timestamp_converter_key", "org.apache.kafka.connect.transforms.TimestampConverter$Key")) {
                Stage stage = ConversionTransforms.create(type, Map.of("field", "day", "target.type", "string"));
                Row value = Row.of(schema, 1L, null, null, null);
                ChangeEvent out = ConversionTransforms.apply(stage, ConversionTransforms.keyed(Row.of(key, LocalDate.of(2024, 1, 31)), value));
                assertThat(out.key().get(0)).isEqualTo("2024-01-31");
                assertThat(out.value()).isEqualTo(value);
            }
        }

        @Test
        void aMissingFieldIsAConfigErrorAtTheFieldOption() throws Exception {
            Stage stage = ConversionTransforms.create("org.apache.kafka.connect.transforms.TimestampConverter$Value",
                    Map.of("field", "deleted_at", "target.type", "unix"));
            assertThatThrownBy(() -> ConversionTransforms.shape(stage, null, schema)).isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems().get(0).keyPath())
                            .isEqualTo("transforms[0].config.field"))
                    .hasMessageContaining("no field 'deleted_at'");
        }
    }

    @Nested
    class Config {
        List<ConfigProblem> problems(Object... config) throws Exception {
            Map<String, Object> m = new HashMap<>();
            for (int i = 0; i < config.length; i += 2) m.put((String) config[i], config[i + 1]);
            return ConversionTransforms.validate("timestamp_converter", m);
        }

        @Test
        void problemsAreFoundAtLoadWithTheirKeyPaths() throws Exception {
            assertThat(problems("target_type", "unix")).extracting(ConfigProblem::keyPath)
                    .containsExactly("transforms[0].config.fields");
            assertThat(problems("field", "", "target_type", "unix")).extracting(ConfigProblem::message)
                    .singleElement().asString().contains("keys and values are rows here");
            assertThat(problems("field", "a", "fields", List.of("b"), "target_type", "unix")).hasSize(1);
            assertThat(problems("field", "a", "target_type", "string", "format", "yyyy-MM-dd'T")).extracting(
                    ConfigProblem::keyPath).containsExactly("transforms[0].config.format");
            assertThat(problems("field", "a", "target_type", "iso8601", "format", "yyyy")).hasSize(1);
            assertThat(problems("field", "a", "target_type", "epoch_secs", "unix.precision", "milliseconds"))
                    .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.unix_precision");
            assertThat(problems("field", "a", "target_type", "epoch_secs", "unix_precision", "seconds")).isEmpty();
            assertThat(problems("field", "a", "target.type", "Timestamp", "replace.null.with.default", true))
                    .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.replace_null_with_default");
            assertThat(ConversionTransforms.validate("timestamp_converter_key", Map.of("target_type", "Date"))).hasSize(1);
        }

        @Test
        void anUnknownTargetTypeIsRejected() {
            assertThatThrownBy(() -> ConversionTransforms.create("timestamp_converter", Map.of("field", "a", "target_type", "Instant")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("target_type");
        }
    }
}
