package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FieldRewritesTest {

    static final RowSchema ADDRESS = RowSchema.builder("address")
            .optional("city", FieldType.STRING).optional("zip", FieldType.STRING).build();
    static final RowSchema USERS = RowSchema.builder("users")
            .required("id", FieldType.INT64).optional("name", FieldType.STRING)
            .optional("address", new FieldType.Struct(ADDRESS)).optional("a.b", FieldType.STRING).build();

    /** Upper-cases strings and turns the field into a required one, so schema changes are visible. */
    static final FieldRewriter UPPER = (field, path) -> {
        if (field.type().kind() != FieldType.Kind.STRING) {
            throw new SchemaMismatchException("fields", path, "'" + path + "' is " + field.type() + ", not a string");
        }
        return new FieldConversion() {
            @Override
            public Field output() {
                return field.withOptional(false);
            }

            @Override
            public Object convert(Object value) {
                return ((String) value).toUpperCase(java.util.Locale.ROOT);
            }
        };
    };

    @Test
    void changesTopLevelAndNestedFieldsAndKeepsTheRest() throws Exception {
        RowPlan plan = FieldRewrites.compile(USERS, List.of("name", "address.city"), "fields", MissingFields.ERROR, UPPER);
        Row row = Row.of(USERS, 7L, "ann", Row.of(ADDRESS, "oslo", "0150"), "x");

        Row out = plan.apply(row, null);

        assertThat(out.get(0)).isEqualTo(7L);
        assertThat(out.get(1)).isEqualTo("ANN");
        Row address = (Row) out.get(2);
        assertThat(address.get(0)).isEqualTo("OSLO");
        assertThat(address.get(1)).isEqualTo("0150");
        assertThat(out.get(3)).isEqualTo("x");
        assertThat(plan.output().field("name").optional()).isFalse();
        assertThat(address.schema()).isSameAs(((FieldType.Struct) plan.output().field("address").type()).schema());
        assertThat(address.schema().field("city").optional()).isFalse();
        assertThat(address.schema().field("zip").optional()).isTrue();
        assertThat(row.get(1)).as("the input row is not changed").isEqualTo("ann");
    }

    @Test
    void nullsStayNullAndNullNestedRowsStayNull() throws Exception {
        RowPlan plan = FieldRewrites.compile(USERS, List.of("name", "address.city"), "fields", MissingFields.ERROR, UPPER);
        Row out = plan.apply(Row.of(USERS, 1L, null, null, null), null);
        assertThat(out.get(1)).isNull();
        assertThat(out.get(2)).isNull();
    }

    @Test
    void aTopLevelFieldWithADotInItsNameWinsOverANestedPath() throws Exception {
        RowPlan plan = FieldRewrites.compile(USERS, List.of("a.b"), "fields", MissingFields.ERROR, UPPER);
        assertThat(plan.apply(Row.of(USERS, 1L, "n", null, "dot"), null).get(3)).isEqualTo("DOT");
    }

    @Test
    void aMissingFieldIsAMismatchNamingTheFieldAndTheSchemasFields() {
        SchemaMismatchException e = catchThrowableOfType(SchemaMismatchException.class,
                () -> FieldRewrites.compile(USERS, List.of("nmae"), "fields", MissingFields.ERROR, UPPER));
        assertThat(e.option()).isEqualTo("fields");
        assertThat(e.field()).isEqualTo("nmae");
        assertThat(e.getMessage()).contains("no field 'nmae'").contains("id, name, address, a.b")
                .contains("; did you mean 'name'");
    }

    @Test
    void missingFieldsCanBeIgnored() throws Exception {
        RowPlan plan = FieldRewrites.compile(USERS, List.of("nmae", "address.country"), "fields", MissingFields.IGNORE,
                UPPER);
        Row row = Row.of(USERS, 1L, "n", null, null);
        assertThat(plan.apply(row, null)).isSameAs(row);
        assertThat(plan.output()).isSameAs(USERS);
    }

    @Test
    void aFieldInsideAnotherNamedFieldIsAMismatch() {
        SchemaMismatchException e = catchThrowableOfType(SchemaMismatchException.class,
                () -> FieldRewrites.compile(USERS, List.of("address", "address.city"), "fields", MissingFields.ERROR,
                        (field, path) -> UPPER.compile(field.withType(FieldType.STRING), path)));
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("address.city");
    }

    @Test
    void theRewriterRejectsATypeWithItsOwnReason() {
        SchemaMismatchException e = catchThrowableOfType(SchemaMismatchException.class,
                () -> FieldRewrites.compile(USERS, List.of("id"), "fields", MissingFields.ERROR, UPPER));
        assertThat(e.getMessage()).isEqualTo("'id' is int64, not a string");
    }
}
