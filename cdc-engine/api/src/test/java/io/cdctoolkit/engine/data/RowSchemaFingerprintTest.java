package io.cdctoolkit.engine.data;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fingerprint a registry keys on covers everything a derived registry schema holds. */
class RowSchemaFingerprintTest {

    private static RowSchema with(Field field) {
        return RowSchema.of("shop.public.orders.Value", Field.required("id", FieldType.INT64), field);
    }

    @Test
    void equalSchemasShareAFingerprintAcrossInstances() {
        Field total = new Field("total", new FieldType.Decimal(10, 2), true, new BigDecimal("0.00"), "order total");
        assertThat(with(total).fingerprint()).isEqualTo(with(total).fingerprint());
    }

    @Test
    void defaultsDocsTypesOptionalityAndNestedNamesEachChangeIt() {
        Field base = new Field("c", FieldType.STRING, true, "x", "a column");
        List<Field> variants = List.of(
                new Field("c", FieldType.STRING, true, "y", "a column"),      // default
                new Field("c", FieldType.STRING, true, null, "a column"),     // no default
                new Field("c", FieldType.STRING, true, "x", "another doc"),   // doc
                new Field("c", FieldType.STRING, true, "x", null),            // no doc
                new Field("c", FieldType.JSON, true, "x", "a column"),        // logical type
                new Field("c", FieldType.STRING, false, "x", "a column"),     // optionality
                new Field("d", FieldType.STRING, true, "x", "a column"));     // name
        long fingerprint = with(base).fingerprint();
        for (Field v : variants) {
            assertThat(with(v).fingerprint()).as(v.toString()).isNotEqualTo(fingerprint);
        }
        RowSchema inner1 = RowSchema.builder("geo.Point").required("x", FieldType.FLOAT64).build();
        RowSchema inner2 = RowSchema.builder("geo.Coord").required("x", FieldType.FLOAT64).build();
        assertThat(with(Field.optional("p", new FieldType.Struct(inner1))).fingerprint())
                .isNotEqualTo(with(Field.optional("p", new FieldType.Struct(inner2))).fingerprint());
    }

    @Test
    void aDocCannotMasqueradeAsAnotherFieldsText() {
        RowSchema a = RowSchema.of("s", new Field("a", FieldType.STRING, true, null, "x,b:string"));
        RowSchema b = RowSchema.of("s", new Field("a", FieldType.STRING, true, null, "x"),
                Field.required("b", FieldType.STRING));
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    }
}
