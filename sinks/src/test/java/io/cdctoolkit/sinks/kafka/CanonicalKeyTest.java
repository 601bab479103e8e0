package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/** What the canonical key value (the bytes {@code partitioner: key_value} hashes) holds and what it leaves out. */
class CanonicalKeyTest {

    private final CanonicalKey canonical = new CanonicalKey();

    @Test
    void isTheKeyAsCompactJsonInKeySchemaOrder() {
        RowSchema schema = RowSchema.of("shop.orders.Key", Field.required("region", FieldType.STRING),
                Field.required("order_no", FieldType.INT64), Field.required("placed", FieldType.TIMESTAMP_TZ),
                Field.optional("amount", new FieldType.Decimal(10, 2)));
        Row key = Row.of(schema, "eu", 42L, Instant.parse("2024-01-31T12:00:00Z"), new BigDecimal("12.30"));
        assertThat(text(canonical.bytes(key)))
                .isEqualTo("{\"region\":\"eu\",\"order_no\":42,\"placed\":\"2024-01-31T12:00:00.000000Z\",\"amount\":\"12.30\"}");
    }

    @Test
    void docsDefaultsOptionalityAndTheSchemaNameDoNotChangeIt() {
        RowSchema v1 = RowSchema.of("a.Key", Field.required("id", FieldType.INT32));
        RowSchema v2 = RowSchema.of("renamed.Key", new Field("id", FieldType.INT32, true, 7, "the id"));
        assertThat(canonical.bytes(Row.of(v2, 5))).isEqualTo(canonical.bytes(Row.of(v1, 5)));
        // A widened type renders the same number: INT32 5 and INT64 5 are one key value.
        RowSchema widened = RowSchema.of("a.Key", Field.required("id", FieldType.INT64));
        assertThat(canonical.bytes(Row.of(widened, 5L))).isEqualTo(canonical.bytes(Row.of(v1, 5)));
    }

    @Test
    void fieldNamesAndTheirOrderArePartOfIt() {
        RowSchema ab = RowSchema.of("k", Field.required("a", FieldType.INT32), Field.required("b", FieldType.INT32));
        RowSchema ba = RowSchema.of("k", Field.required("b", FieldType.INT32), Field.required("a", FieldType.INT32));
        RowSchema renamed = RowSchema.of("k", Field.required("a", FieldType.INT32), Field.required("c", FieldType.INT32));
        byte[] original = canonical.bytes(Row.of(ab, 1, 2));
        assertThat(canonical.bytes(Row.of(ba, 2, 1))).isNotEqualTo(original);
        assertThat(canonical.bytes(Row.of(renamed, 1, 2))).isNotEqualTo(original);
        assertThat(text(canonical.bytes(Row.of(ba, 2, 1)))).isEqualTo("{\"b\":2,\"a\":1}");
    }
}
