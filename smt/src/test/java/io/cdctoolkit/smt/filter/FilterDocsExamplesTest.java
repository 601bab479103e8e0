package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The examples and the error table of docs/transforms.md ("Filter expressions"). */
class FilterDocsExamplesTest {

    static final RowSchema USERS = RowSchema.builder("users")
            .required("id", FieldType.INT64).required("name", FieldType.STRING).optional("email", FieldType.STRING)
            .optional("active", FieldType.BOOLEAN).optional("born", FieldType.DATE).build();

    static final RowSchema ADDRESS = RowSchema.builder("address").optional("country", FieldType.STRING).build();
    static final RowSchema CUSTOMER = RowSchema.builder("customer")
            .optional("address", new FieldType.Struct(ADDRESS)).build();
    static final RowSchema ORDERS = RowSchema.builder("orders")
            .optional("status", new FieldType.Enum(List.of("active", "trial", "closed")))
            .optional("amount", new FieldType.Decimal(12, 2))
            .optional("customer", new FieldType.Struct(CUSTOMER))
            .optional("email", FieldType.STRING)
            .optional("created_at", FieldType.TIMESTAMP_TZ)
            .optional("deleted", FieldType.BOOLEAN)
            .optional("sku", FieldType.STRING)
            .optional("note", FieldType.STRING)
            .build();

    @ParameterizedTest
    @ValueSource(strings = {
            "op != 'd' and (status in ('active', 'trial') or amount >= 100.50)",
            "customer.address.country = 'NO' and email not like '%@example.com'",
            "created_at >= '2024-01-01T00:00:00Z' and not deleted = true",
            "sku matches '[A-Z]{3}-\\d+' and note is not null"})
    void topExamplesCompile(String expression) {
        assertThat(FilterExpression.parse(expression).compile(ORDERS).schema()).isSameAs(ORDERS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "a = 1 and (b = 2    | expected ')' at column 17 (end of input)",
            "a => 1              | unknown operator '=>' at column 3",
            "a in (1 2)          | expected ',' or ')' at column 9, found '2'",
            "a is nul            | expected 'null' or 'not null' at column 6, found 'nul'",
            "name = 'abc         | unterminated string starting at column 8",
            "emali = 'x'         | unknown field 'emali'; the row has id, name, email, active, born (and op, table, schema, database); did you mean 'email' (column 1)",
            "id = 'abc'          | field 'id' (int64) needs a number but the literal is a string (column 6)",
            "active < true       | operator '<' does not apply to boolean 'active' (only =, !=, in) (column 1)",
            "born = '2024-02-30' | the literal for field 'born' (date) is not a valid date (e.g. '2024-01-31') (column 8)",
            "id like '1%'        | 'like' applies to strings but 'id' is int64 (column 1)"})
    void errorTable(String expression, String message) {
        FilterException e = catchThrowableOfType(FilterException.class,
                () -> FilterExpression.parse(expression).compile(USERS));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
    }
}
