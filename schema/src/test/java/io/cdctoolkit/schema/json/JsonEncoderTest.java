package io.cdctoolkit.schema.json;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import org.junit.jupiter.api.Test;

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
        Headers.Builder headers = Headers.builder();

        assertThat(text(encoder.encode("orders", Encoder.Role.KEY, event.key(), headers))).isEqualTo("{\"id\":7}");
        assertThat(text(encoder.encode("orders", Encoder.Role.VALUE, event.value(), headers)))
                .isEqualTo("{\"before\":{\"id\":7,\"total\":\"1.50\"},"
                        + "\"after\":{\"id\":7,\"total\":\"2.00\"},\"source\":{\"db\":\"shop\"},\"op\":\"u\","
                        + "\"ts_ms\":1704067200000}");
        assertThat(headers.build()).isEqualTo(Headers.EMPTY);
        assertThat(encoder.format()).isEqualTo(PayloadFormat.JSON);
    }

    @Test
    void theCompiledPlanWritesTheSameBytesAsTheGenericRendererForEveryType() throws Exception {
        RowSchema nested = RowSchema.builder("nested").required("n", FieldType.INT32).optional("s", FieldType.STRING).build();
        RowSchema all = RowSchema.builder("all")
                .optional("b", FieldType.BOOLEAN).optional("i8", FieldType.INT8).optional("i16", FieldType.INT16)
                .optional("i32", FieldType.INT32).optional("i64", FieldType.INT64)
                .optional("f32", FieldType.FLOAT32).optional("f64", FieldType.FLOAT64)
                .optional("s", FieldType.STRING).optional("bytes", FieldType.BYTES)
                .optional("dec", new FieldType.Decimal(12, 3)).optional("d", FieldType.DATE)
                .optional("t", FieldType.TIME).optional("ts", FieldType.TIMESTAMP)
                .optional("tstz", FieldType.TIMESTAMP_TZ).optional("u", FieldType.UUID)
                .optional("j", FieldType.JSON).optional("e", new FieldType.Enum(List.of("a", "b")))
                .optional("arr", new FieldType.Array(FieldType.INT64))
                .optional("m", new FieldType.MapType(FieldType.STRING))
                .optional("st", new FieldType.Struct(nested))
                .build();
        Row full = Row.of(all, true, (byte) 1, (short) 2, 3, 4L, 1.5f, Double.NaN, "x\"y\u00e9", new byte[] {1, 2},
                new BigDecimal("-1.250"), LocalDate.of(2024, 2, 29), LocalTime.of(12, 0),
                Instant.parse("2024-01-31T10:15:30Z"), Instant.parse("2024-01-31T10:15:30.5Z"),
                UUID.fromString("6f1c6d4e-8a5b-4a57-9f63-2f6d2f1e9b11"), "{\"k\":1}", "b", List.of(1L, 2L),
                Map.of("k", "v"), Row.of(nested, 9, null));
        Row empty = Row.of(all, new Object[all.size()]);

        for (Row row : List.of(full, empty)) {
            assertThat(text(encoder.encode("t", Encoder.Role.VALUE, row, Headers.builder())))
                    .isEqualTo(RowJson.toJson(row));
        }
        assertThat(RowJson.toJson(full)).contains("\"t\":\"12:00:00.000000\"")
                .contains("\"ts\":\"2024-01-31T10:15:30.000000Z\"")
                .contains("\"tstz\":\"2024-01-31T10:15:30.500000Z\"");
    }

    @Test
    void aValueOfTheWrongJavaTypeIsInvalidDataNamingTopicAndPart() {
        Row bad = Row.of(ROW, 7L, "not a decimal");

        assertThatThrownBy(() -> encoder.encode("orders", Encoder.Role.VALUE, bad, Headers.builder()))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("value");
    }

    /** One encoder shared by threads (a library user may): each call's bytes are its own row's, never a mix. */
    @Test
    void threadsSharingOneEncoderEachGetTheirOwnRowsBytes() throws Exception {
        int threads = 4;
        int rows = 20_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = t * 1_000_000L;
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < rows; i++) {
                        long id = base + i;
                        String json = text(encoder.encode("orders", Encoder.Role.KEY, Row.of(KEY, id), Headers.builder()));
                        if (!json.equals("{\"id\":" + id + "}")) wrong++;
                    }
                    return wrong;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) assertThat(result.get()).isZero();
        } finally {
            pool.shutdownNow();
        }
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
