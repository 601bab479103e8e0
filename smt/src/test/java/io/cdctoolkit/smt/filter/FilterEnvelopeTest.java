package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths in change envelopes (after, else before) and the event names op, table, schema, database. */
class FilterEnvelopeTest {

    private static CompiledFilter filter(String expression) {
        return FilterExpression.parse(expression).compile(TestEvents.ENVELOPE_SCHEMA);
    }

    @Test
    void fieldsAreReadFromAfter() {
        assertThat(filter("name = 'Ann' and id = 1").test(TestEvents.insert(1, "Ann"))).isTrue();
        assertThat(filter("email like '%@example.com'").test(TestEvents.insert(1, "Ann"))).isTrue();
    }

    @Test
    void anUpdateIsJudgedByItsAfterRow() {
        ChangeEvent update = TestEvents.update(1, "Ann", "Bob", 2);
        assertThat(filter("name = 'Bob'").test(update)).isTrue();
        assertThat(filter("name = 'Ann'").test(update)).isFalse();
    }

    @Test
    void aDeleteIsJudgedByItsBeforeRow() {
        ChangeEvent delete = TestEvents.delete(7, "Ann", 3);
        assertThat(filter("name = 'Ann' and id = 7").test(delete)).isTrue();
        assertThat(filter("name is null").test(delete)).isFalse();
    }

    @Test
    void eventNamesComeFromTheEvent() {
        assertThat(filter("op = 'c'").test(TestEvents.insert(1, "Ann"))).isTrue();
        assertThat(filter("op in (u, d)").test(TestEvents.insert(1, "Ann"))).isFalse();
        assertThat(filter("op = d").test(TestEvents.delete(1, "Ann", 1))).isTrue();
        assertThat(filter("op != 'd' and op <> 'r'").test(TestEvents.update(1, "A", "B", 1))).isTrue();
        assertThat(filter("table = 'users' and schema = 'public' and database = 'shop'")
                .test(TestEvents.insert(1, "Ann"))).isTrue();
        assertThat(filter("database like 'sh%' and table matches 'u.*s'").test(TestEvents.insert(1, "Ann"))).isTrue();
    }

    @Test
    void anAbsentSchemaLevelIsNull() {
        RowSchema row = RowSchema.builder("r").optional("x", FieldType.INT32).build();
        ChangeEvent mysql = ChangeEvent.builder(new TableId("shop", null, "orders"), Op.READ, "t")
                .value(Row.of(row, 1)).build();
        CompiledFilter isNull = FilterExpression.parse("schema is null and op = r").compile(row);
        assertThat(isNull.test(mysql)).isTrue();
        assertThat(FilterExpression.parse("schema = 'public'").compile(row).evaluate(mysql)).isEqualTo(Truth.UNKNOWN);
    }

    @Test
    void backQuotesReachAColumnNamedLikeAnEventName() {
        RowSchema row = RowSchema.builder("r").optional("table", FieldType.STRING).optional("op", FieldType.INT32).build();
        ChangeEvent event = ChangeEvent.builder(new TableId("shop", "public", "furniture"), Op.CREATE, "t")
                .value(Row.of(row, "oak", 5)).build();
        assertThat(FilterExpression.parse("`table` = 'oak' and `op` > 4").compile(row).test(event)).isTrue();
        assertThat(FilterExpression.parse("table = 'furniture' and op = c").compile(row).test(event)).isTrue();
    }

    @Test
    void aFlatRowIsReadDirectly() {
        ChangeEvent flat = ChangeEvent.builder(TestEvents.USERS, Op.UPDATE, TestEvents.TOPIC)
                .value(TestEvents.row(3, "Cy")).build();
        CompiledFilter f = FilterExpression.parse("id >= 3 and name = Cy").compile(TestEvents.ROW_SCHEMA);
        assertThat(f.test(flat)).isTrue();
    }
}
