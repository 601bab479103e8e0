package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every operator against every FieldType family of a flat row, with SQL null semantics. */
class FilterEvaluationTest {

    static final RowSchema GEO = RowSchema.builder("geo").optional("lat", FieldType.FLOAT64).build();
    static final RowSchema ADDRESS = RowSchema.builder("address")
            .optional("city", FieldType.STRING)
            .optional("geo", new FieldType.Struct(GEO))
            .build();
    static final RowSchema ALL = RowSchema.builder("shop.public.all_types.Value")
            .optional("i8", FieldType.INT8)
            .optional("i16", FieldType.INT16)
            .optional("i32", FieldType.INT32)
            .optional("i64", FieldType.INT64)
            .optional("f32", FieldType.FLOAT32)
            .optional("f64", FieldType.FLOAT64)
            .optional("dec", new FieldType.Decimal(10, 2))
            .optional("s", FieldType.STRING)
            .optional("j", FieldType.JSON)
            .optional("e", new FieldType.Enum(List.of("red", "green")))
            .optional("b", FieldType.BOOLEAN)
            .optional("d", FieldType.DATE)
            .optional("t", FieldType.TIME)
            .optional("ts", FieldType.TIMESTAMP)
            .optional("tstz", FieldType.TIMESTAMP_TZ)
            .optional("u", FieldType.UUID)
            .optional("by", FieldType.BYTES)
            .optional("arr", new FieldType.Array(FieldType.STRING))
            .optional("m", new FieldType.MapType(FieldType.INT32))
            .optional("addr", new FieldType.Struct(ADDRESS))
            .build();

    static final UUID ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    static Stream<Arguments> typedComparisons() {
        return Stream.of(
                // integers: exact against whole, fractional and out-of-range literals
                Arguments.of("i8", (byte) 5, "i8 = 5", true),
                Arguments.of("i8", (byte) 5, "i8 == 5.0", true),
                Arguments.of("i8", (byte) 5, "i8 != 5", false),
                Arguments.of("i8", (byte) 5, "i8 <> 4", true),
                Arguments.of("i8", (byte) 5, "i8 < 5.5", true),
                Arguments.of("i8", (byte) 5, "i8 > 4.9", true),
                Arguments.of("i8", (byte) 5, "i8 = 5.5", false),
                Arguments.of("i8", (byte) 5, "i8 >= 5.5", false),
                Arguments.of("i8", (byte) 5, "i8 <= 5", true),
                Arguments.of("i16", (short) -3, "i16 >= -3", true),
                Arguments.of("i16", (short) -3, "i16 < -3", false),
                Arguments.of("i16", (short) -3, "i16 > -3.5", true),
                Arguments.of("i32", Integer.MAX_VALUE, "i32 = 2147483647", true),
                Arguments.of("i32", Integer.MAX_VALUE, "i32 < 2147483648", true),
                Arguments.of("i64", Long.MAX_VALUE, "i64 = 9223372036854775807", true),
                Arguments.of("i64", Long.MAX_VALUE, "i64 < 9223372036854775808", true),
                Arguments.of("i64", Long.MIN_VALUE, "i64 > -9223372036854775809", true),
                // 2^53 + 1: a double comparison would call these equal
                Arguments.of("i64", 9007199254740993L, "i64 = 9007199254740992", false),
                Arguments.of("i64", 9007199254740993L, "i64 > 9007199254740992", true),
                Arguments.of("i64", 9007199254740993L, "i64 in (1, 9007199254740993)", true),
                Arguments.of("i64", 9007199254740993L, "i64 not in (1, 9007199254740992)", true),
                // decimals: BigDecimal comparison, scale does not matter
                Arguments.of("dec", new BigDecimal("10.50"), "dec = 10.5", true),
                Arguments.of("dec", new BigDecimal("10.50"), "dec = 10.500", true),
                Arguments.of("dec", new BigDecimal("10.50"), "dec > 10.499999999999999999999", true),
                Arguments.of("dec", new BigDecimal("10.50"), "dec < 10.500000000000000000001", true),
                Arguments.of("dec", new BigDecimal("10.50"), "dec in (1, 10.50)", true),
                Arguments.of("dec", new BigDecimal("-0.01"), "dec < 0", true),
                Arguments.of("dec", new BigDecimal("10.50"), "dec >= 1e1", true),
                // floats: the literal in the field's own type, as SQL
                Arguments.of("f64", 0.1, "f64 = 0.1", true),
                Arguments.of("f64", 0.1, "f64 < 0.2", true),
                Arguments.of("f64", -2.5, "f64 <= -2.5", true),
                Arguments.of("f64", Double.POSITIVE_INFINITY, "f64 > 1e308", true),
                Arguments.of("f32", 0.1f, "f32 = 0.1", true),
                Arguments.of("f32", 0.1f, "f32 != 0.1", false),
                Arguments.of("f32", 16777216f, "f32 = 16777216", true),
                Arguments.of("f32", 1.5f, "f32 in (1, 1.5)", true),
                Arguments.of("f64", Double.NaN, "f64 = 1", false),
                Arguments.of("f64", Double.NaN, "f64 != 1", false),
                Arguments.of("f64", Double.NaN, "not f64 = 1", false),
                Arguments.of("f64", Double.NaN, "f64 is not null", true),
                // strings (quoted, double-quoted, bare words)
                Arguments.of("s", "héllo", "s = 'héllo'", true),
                Arguments.of("s", "héllo", "s = \"héllo\"", true),
                Arguments.of("s", "héllo", "s = héllo", true),
                Arguments.of("s", "héllo", "s > 'h'", true),
                Arguments.of("s", "héllo", "s < 'a'", false),
                Arguments.of("s", "it's", "s = 'it''s'", true),
                Arguments.of("s", "", "s = ''", true),
                Arguments.of("s", "b", "s in (a, b, c)", true),
                Arguments.of("s", "B", "s in (a, b, c)", false),
                Arguments.of("s", "b", "s not in ('a', 'c')", true),
                Arguments.of("j", "{\"a\":1}", "j = '{\"a\":1}'", true),
                Arguments.of("e", "red", "e in (red, green)", true),
                Arguments.of("e", "red", "e = blue", false),
                // booleans
                Arguments.of("b", true, "b = true", true),
                Arguments.of("b", true, "b != false", true),
                Arguments.of("b", true, "b = false", false),
                Arguments.of("b", false, "b in (false)", true),
                // dates, times, timestamps, uuids: string literals parsed once into the field's type
                Arguments.of("d", LocalDate.of(2024, 2, 29), "d = '2024-02-29'", true),
                Arguments.of("d", LocalDate.of(2024, 2, 29), "d < '2024-03-01'", true),
                Arguments.of("d", LocalDate.of(2024, 2, 29), "d >= '2024-03-01'", false),
                Arguments.of("d", LocalDate.of(2024, 2, 29), "d in ('2024-01-01', '2024-02-29')", true),
                Arguments.of("t", LocalTime.of(12, 30, 0, 123_000), "t > '12:30'", true),
                Arguments.of("t", LocalTime.of(12, 30, 0, 123_000), "t = '12:30:00.000123'", true),
                Arguments.of("ts", Instant.parse("2024-01-31T12:00:00Z"), "ts = '2024-01-31T12:00:00'", true),
                Arguments.of("ts", Instant.parse("2024-01-31T12:00:00Z"), "ts = '2024-01-31 12:00:00'", true),
                Arguments.of("ts", Instant.parse("2024-01-31T12:00:00Z"), "ts = '2024-01-31T12:00:00Z'", true),
                Arguments.of("ts", Instant.parse("2024-01-31T12:00:00Z"), "ts < '2024-01-31T12:00:00.000001'", true),
                Arguments.of("tstz", Instant.parse("2024-01-31T12:00:00Z"), "tstz = '2024-01-31T14:00:00+02:00'", true),
                Arguments.of("tstz", Instant.parse("2024-01-31T12:00:00Z"), "tstz > '2024-01-31T11:59:59.999999Z'", true),
                Arguments.of("tstz", Instant.parse("2024-01-31T12:00:00Z"), "tstz <= '2024-01-31T11:59:59.999999Z'", false),
                Arguments.of("u", ID, "u = '123e4567-e89b-12d3-a456-426614174000'", true),
                Arguments.of("u", ID, "u = '123E4567-E89B-12D3-A456-426614174000'", true),
                Arguments.of("u", ID, "u != '123e4567-e89b-12d3-a456-426614174001'", true),
                Arguments.of("u", ID, "u in ('123e4567-e89b-12d3-a456-426614174001')", false),
                // types without comparisons: is [not] null
                Arguments.of("by", new byte[] {1}, "by is not null", true),
                Arguments.of("arr", List.of("x"), "arr is null", false),
                Arguments.of("m", Map.of("k", 1), "m is not null", true),
                // like / matches through the filter
                Arguments.of("s", "héllo", "s like 'h_llo'", true),
                Arguments.of("s", "héllo", "s not like 'h%x'", true),
                Arguments.of("s", "héllo", "s matches 'h.*o'", true),
                Arguments.of("s", "héllo", "s matches 'ell'", false),
                Arguments.of("s", "héllo", "s not matches 'x.*'", true),
                Arguments.of("e", "green", "e like 'gr%'", true),
                Arguments.of("j", "{\"a\":1}", "j matches '\\{.*\\}'", true));
    }

    @ParameterizedTest(name = "{2} with {0}={1} → {3}")
    @MethodSource("typedComparisons")
    void comparesByTheFieldsType(String field, Object value, String expression, boolean expected) {
        Row row = Row.builder(ALL).set(field, value).build();
        assertThat(FilterExpression.parse(expression).compile(ALL).test(event(row))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "i8 = 1", "i16 < 1", "i32 >= 1", "i64 != 1", "f32 > 0", "f64 <= 0", "dec = 1.5", "s = 'x'",
            "s != 'x'", "j = 'x'", "e = red", "b = true", "b != true", "d = '2024-01-01'", "t < '10:00'",
            "ts > '2024-01-01T00:00:00'", "tstz = '2024-01-01T00:00:00Z'",
            "u = '123e4567-e89b-12d3-a456-426614174000'", "s in ('x')", "s not in ('x')", "s like '%'",
            "s not like 'x'", "s matches '.*'", "s not matches 'x'", "addr.city = 'Oslo'", "addr.geo.lat > 0"})
    void aComparisonWithANullValueIsUnknownSoNeitherItNorItsNegationMatches(String expression) {
        Row nulls = Row.builder(ALL).build();
        assertThat(FilterExpression.parse(expression).compile(ALL).evaluate(event(nulls))).isEqualTo(Truth.UNKNOWN);
        assertThat(FilterExpression.parse(expression).compile(ALL).test(event(nulls))).isFalse();
        assertThat(FilterExpression.parse("not (" + expression + ")").compile(ALL).test(event(nulls))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"i8", "i16", "i32", "i64", "f32", "f64", "dec", "s", "j", "e", "b", "d", "t", "ts", "tstz", "u", "by",
            "arr", "m", "addr", "addr.city", "addr.geo.lat"})
    void isNullIsTrueForNullValuesOfEveryType(String field) {
        Row nulls = Row.builder(ALL).build();
        assertThat(FilterExpression.parse(field + " is null").compile(ALL).test(event(nulls))).isTrue();
        assertThat(FilterExpression.parse(field + " is not null").compile(ALL).test(event(nulls))).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "s = 'x' or s is null          | TRUE",
            "s = 'x' or i32 = 1            | UNKNOWN",
            "s = 'x' and i32 = 1           | UNKNOWN",
            "s = 'x' and s is not null     | FALSE",
            "s in ('a', null)              | UNKNOWN",
            "s not in ('a', null)          | UNKNOWN"})
    void threeValuedLogicAsInSql(String expression, Truth expected) {
        Row nulls = Row.builder(ALL).build();
        assertThat(FilterExpression.parse(expression).compile(ALL).evaluate(event(nulls))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "s in ('b', null)      | TRUE",
            "s in ('a', null)      | UNKNOWN",
            "s not in ('a', null)  | UNKNOWN",
            "s not in ('b', null)  | FALSE",
            "s not in ('a')        | TRUE"})
    void inListsHoldingNullFollowSql(String expression, Truth expected) {
        Row row = Row.builder(ALL).set("s", "b").build();
        assertThat(FilterExpression.parse(expression).compile(ALL).evaluate(event(row))).isEqualTo(expected);
    }

    @Test
    void precedenceMatchesJavasBooleanOperators() {
        RowSchema bools = RowSchema.builder("bools").required("a", FieldType.BOOLEAN)
                .required("b", FieldType.BOOLEAN).required("c", FieldType.BOOLEAN).build();
        CompiledFilter plain = FilterExpression.parse("a = true or b = true and not c = true").compile(bools);
        CompiledFilter grouped = FilterExpression.parse("(a = true or b = true) and not c = true").compile(bools);
        for (int bits = 0; bits < 8; bits++) {
            boolean a = (bits & 1) != 0;
            boolean b = (bits & 2) != 0;
            boolean c = (bits & 4) != 0;
            ChangeEvent e = event(Row.of(bools, a, b, c));
            assertThat(plain.test(e)).as("a=%s b=%s c=%s", a, b, c).isEqualTo(a || b && !c);
            assertThat(grouped.test(e)).as("a=%s b=%s c=%s", a, b, c).isEqualTo((a || b) && !c);
        }
    }

    @Test
    void nestedPathsReadIntoStructRowsAndANullParentIsNull() {
        Row address = Row.of(ADDRESS, "Oslo", Row.of(GEO, 59.91));
        Row row = Row.builder(ALL).set("addr", address).build();
        assertThat(matches("addr.city = 'Oslo' and addr.geo.lat > 59.9", row)).isTrue();
        assertThat(matches("addr.geo.lat < 59.9", row)).isFalse();
        Row noGeo = Row.builder(ALL).set("addr", Row.of(ADDRESS, "Oslo", null)).build();
        assertThat(matches("addr.geo.lat is null", noGeo)).isTrue();
        assertThat(matches("addr.geo is null", noGeo)).isTrue();
    }

    @Test
    void aTombstoneHasOnlyNullFieldsButKeepsItsEventNames() {
        ChangeEvent tombstone = ChangeEvent.builder(new TableId("shop", "public", "all_types"), Op.DELETE, "t").build();
        assertThat(FilterExpression.parse("s is null and op = d").compile(ALL).test(tombstone)).isTrue();
        assertThat(FilterExpression.parse("s = 'x'").compile(ALL).evaluate(tombstone)).isEqualTo(Truth.UNKNOWN);
    }

    @Test
    void anEventOfAnotherSchemaIsRefused() {
        RowSchema other = RowSchema.builder("other").optional("s", FieldType.STRING).build();
        CompiledFilter filter = FilterExpression.parse("s = 'x'").compile(ALL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter.test(event(Row.of(other, "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shop.public.all_types.Value").hasMessageContaining("'other'");
    }

    @Test
    void aSchemaEqualToTheCompiledOneIsAccepted() {
        RowSchema copy = RowSchema.of(ALL.name(), ALL.fields());
        CompiledFilter filter = FilterExpression.parse("s = 'x'").compile(ALL);
        assertThat(filter.test(event(Row.builder(copy).set("s", "x").build()))).isTrue();
    }

    private static boolean matches(String expression, Row row) {
        return FilterExpression.parse(expression).compile(ALL).test(event(row));
    }

    static ChangeEvent event(Row value) {
        return ChangeEvent.builder(new TableId("shop", "public", "all_types"), Op.CREATE, "shop.public.all_types")
                .value(value).build();
    }
}
