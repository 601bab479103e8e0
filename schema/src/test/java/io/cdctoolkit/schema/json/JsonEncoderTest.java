package io.cdctoolkit.schema.json;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonEncoderTest {

    private static final TableId TABLE = new TableId("shop", "public", "orders");
    private static final RowSchema KEY = RowSchema.builder("shop.public.orders.Key").required("id", FieldType.INT64).build();
    private static final RowSchema ROW = RowSchema.builder("shop.public.orders.Value")
            .required("id", FieldType.INT64)
            .optional("total", new FieldType.Decimal(10, 2))
            .build();
    private static final RowSchema SOURCE = RowSchema.builder("source").required("db", FieldType.STRING).build();
    private static final RowSchema ENVELOPE = Envelope.schema("shop.public.orders", ROW, SOURCE);

    private final JsonEncoder encoder = new JsonEncoder();

    @Test
    void encodesKeyAndEnvelopeAsPlainDebeziumShapedJson() throws Exception {
        ChangeEvent event = update();

        assertThat(text(encoder.encodeKey(event))).isEqualTo("{\"id\":7}");
        assertThat(text(encoder.encodeValue(event))).isEqualTo("{\"before\":{\"id\":7,\"total\":\"1.50\"},"
                + "\"after\":{\"id\":7,\"total\":\"2.00\"},\"source\":{\"db\":\"shop\"},\"op\":\"u\","
                + "\"ts_ms\":1704067200000}");
        assertThat(encoder.format()).isEqualTo(PayloadFormat.JSON);
    }

    @Test
    void aTombstoneHasANullValueAndAKeylessEventANullKey() throws Exception {
        ChangeEvent tombstone = update().withValue(null);
        ChangeEvent keyless = update().withKey(null);

        assertThat(encoder.encodeValue(tombstone)).isNull();
        assertThat(text(encoder.encodeKey(tombstone))).isEqualTo("{\"id\":7}");
        assertThat(encoder.encodeKey(keyless)).isNull();
    }

    @Test
    void aValueOfTheWrongJavaTypeIsInvalidDataNamingTheTable() {
        Row bad = Row.of(ROW, 7L, "not a decimal");
        ChangeEvent event = ChangeEvent.builder(TABLE, Op.READ, "orders").value(bad).build();

        assertThatThrownBy(() -> encoder.encodeValue(event))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("shop.public.orders")
                .hasMessageContaining("value");
    }

    private static ChangeEvent update() {
        Row before = Row.of(ROW, 7L, new BigDecimal("1.50"));
        Row after = Row.of(ROW, 7L, new BigDecimal("2.00"));
        Row value = Envelope.row(ENVELOPE, before, after, Row.of(SOURCE, "shop"), Op.UPDATE,
                Instant.parse("2024-01-01T00:00:00Z"));
        return ChangeEvent.builder(TABLE, Op.UPDATE, "orders").key(Row.of(KEY, 7L)).value(value).build();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
