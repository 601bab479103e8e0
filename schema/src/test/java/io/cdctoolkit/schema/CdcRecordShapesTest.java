package io.cdctoolkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TransactionMetadata;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record shapes a PostgreSQL source gives besides change envelopes (issue 12: logical decoding messages,
 * transaction metadata) get a schema and are written in every registry format: the END record with its array of
 * per-table counts, an envelope with Debezium's {@code event.block}, a message value with bytes.
 */
class CdcRecordShapesTest {

    private static final RowSchema SOURCE = RowSchema.of("io.debezium.connector.postgresql.Source",
            Field.required("db", FieldType.STRING), Field.optional("txId", FieldType.INT64));
    private static final RowSchema ROW = RowSchema.of("pg.public.orders.Value", Field.required("id", FieldType.INT32));

    private static JsonNode roundTrip(SchemaType type, String topic, Row row) throws Exception {
        SchemaFormat format = SchemaFormats.forType(type);
        DerivedSchema derived = format.derive(topic, false, row.schema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writer(topic, false, row.schema()).write(row, out);
        byte[] bytes = out.toByteArray();
        return format.reader(derived.text()).read(bytes, 0, bytes.length);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SchemaType.class)
    void theEndOfATransactionWithItsPerTableCounts(SchemaType type) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("public.orders", 1L);
        counts.put("public.lines", 2L);
        JsonNode end = roundTrip(type, "app.transaction", TransactionMetadata.end("747:26223600", 1_700_000_000_123L, 3, counts));
        assertThat(end.path("status").asText()).isEqualTo("END");
        assertThat(end.path("id").asText()).isEqualTo("747:26223600");
        assertThat(end.path("event_count").asLong()).isEqualTo(3);
        assertThat(end.path("data_collections").get(1).path("data_collection").asText()).isEqualTo("public.lines");
        assertThat(end.path("data_collections").get(1).path("event_count").asLong()).isEqualTo(2);
        assertThat(end.path("ts_ms").asLong()).isEqualTo(1_700_000_000_123L);
        JsonNode begin = roundTrip(type, "app.transaction", TransactionMetadata.begin("747:26223328", 1L));
        assertThat(begin.path("status").asText()).isEqualTo("BEGIN");
        assertThat(begin.path("data_collections").isMissingNode() || begin.path("data_collections").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SchemaType.class)
    void anEnvelopeWithItsTransactionBlock(SchemaType type) throws Exception {
        RowSchema envelope = Envelope.schema("pg.public.orders", ROW, SOURCE, true);
        Row row = Envelope.row(envelope, null, Row.of(ROW, 7), Row.of(SOURCE, "app", 747L), Op.CREATE,
                Instant.ofEpochMilli(5), Envelope.transactionBlock("747:26223456", 2, 1));
        JsonNode value = roundTrip(type, "app.public.orders", row);
        assertThat(value.path("after").path("id").asInt()).isEqualTo(7);
        assertThat(value.path("transaction").path("id").asText()).isEqualTo("747:26223456");
        assertThat(value.path("transaction").path("total_order").asLong()).isEqualTo(2);
        assertThat(value.path("transaction").path("data_collection_order").asLong()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SchemaType.class)
    void aLogicalDecodingMessage(SchemaType type) throws Exception {
        RowSchema message = RowSchema.of("io.debezium.connector.postgresql.Message",
                Field.optional("prefix", FieldType.STRING), Field.optional("content", FieldType.BYTES));
        RowSchema value = RowSchema.builder("io.debezium.connector.postgresql.MessageValue")
                .required("op", FieldType.STRING).optional("ts_ms", FieldType.INT64)
                .required("source", new FieldType.Struct(SOURCE))
                .optional(Envelope.TRANSACTION, new FieldType.Struct(Envelope.TRANSACTION_BLOCK))
                .required("message", new FieldType.Struct(message)).build();
        JsonNode read = roundTrip(type, "app.message", Row.of(value, "m", 5L, Row.of(SOURCE, "app", null), null,
                Row.of(message, "outbox", new byte[] {0, (byte) 0xff})));
        assertThat(read.path("op").asText()).isEqualTo("m");
        assertThat(read.path("message").path("prefix").asText()).isEqualTo("outbox");
        assertThat(read.path("message").path("content").asText()).as("base64 of 00 ff").isEqualTo("AP8=");
    }
}
