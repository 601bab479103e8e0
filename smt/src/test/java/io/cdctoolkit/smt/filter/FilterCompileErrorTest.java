package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Well-formed expressions that do not fit the schema fail at compile time, with the column. */
class FilterCompileErrorTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "emali = 'x'                   | 1  | unknown field 'emali'; the row has i8, i16, i32, i64, f32, f64, dec, s, j, e, b, d, t, ts, tstz, u, by, arr, m, addr (and op, table, schema, database)",
            "s = 'a' and addr.zip = 1      | 13 | unknown field 'addr.zip'; 'addr' has city, geo",
            "s.x = 1                       | 1  | 's.x'?",
            "i32 = 'abc'                   | 7  | field 'i32' (int32) needs a number but the literal is a string",
            "i32 = abc                     | 7  | field 'i32' (int32) needs a number but the literal is a bare word (a string)",
            "dec in (1, true)              | 12 | field 'dec' (decimal(10,2)) needs a number but the literal is a boolean",
            "s = 5                         | 5  | field 's' (string) needs a string but the literal is a number",
            "op = 1                        | 6  | field 'op' (string) needs a string but the literal is a number",
            "b = 'true'                    | 5  | field 'b' (boolean) needs true or false but the literal is a string",
            "b < true                      | 1  | operator '<' does not apply to boolean 'b' (only =, !=, in)",
            "u >= '123e4567-e89b-12d3-a456-426614174000' | 1 | operator '>=' does not apply to uuid 'u'",
            "u = '1-1-1-1-1'               | 5  | the literal for field 'u' (uuid) is not a valid uuid",
            "d = '2024-02-30'              | 5  | the literal for field 'd' (date) is not a valid date",
            "d = 20240101                  | 5  | field 'd' (date) needs a quoted date but the literal is a number",
            "t = '25:00'                   | 5  | the literal for field 't' (time) is not a valid time",
            "ts = '2024-01-31T12:00:00+02:00' | 6 | the literal for field 'ts' (timestamp) is not a valid timestamp",
            "tstz = '2024-01-31T12:00:00'  | 8  | the literal for field 'tstz' (timestamp_tz) is not a valid timestamp_tz",
            "f32 = 1e39                    | 7  | the literal is out of range for field 'f32' (float32)",
            "by = 'x'                      | 1  | field 'by' (bytes) can only be tested with 'is null' / 'is not null'",
            "addr = 'x'                    | 1  | field 'addr' (struct) can only be tested with 'is null' / 'is not null'",
            "e = 1                         | 5  | field 'e' (enum) needs a string but the literal is a number",
            "i32 like '1%'                 | 1  | 'like' applies to strings but 'i32' is int32",
            "d matches '2024.*'            | 1  | 'matches' applies to strings but 'd' is date",
            "s = null                      | 5  | a comparison with null is never true; write 's is null' or 'is not null'",
            "s like 'abc\\'                | 8  | like pattern ends with an escape"})
    void compileErrorsNameTheFieldAndColumn(String expression, int column, String message) {
        FilterCompileException e = catchThrowableOfType(FilterCompileException.class,
                () -> FilterExpression.parse(expression).compile(FilterEvaluationTest.ALL));
        assertThat(e).as(expression).isNotNull();
        assertThat(e.column()).isEqualTo(column);
        if (message.endsWith("?")) {
            assertThat(e.getMessage()).startsWith("'s' is string, not a nested row");
        } else {
            assertThat(e.getMessage()).startsWith(message).endsWith("(column " + column + ")");
        }
    }

    @Test
    void envelopesListTheTableRowsFieldsNotTheEnvelopes() {
        FilterCompileException e = catchThrowableOfType(FilterCompileException.class,
                () -> FilterExpression.parse("after = 1").compile(TestEvents.ENVELOPE_SCHEMA));
        assertThat(e.getMessage()).startsWith("unknown field 'after'; the row has id, name, email");
    }
}
