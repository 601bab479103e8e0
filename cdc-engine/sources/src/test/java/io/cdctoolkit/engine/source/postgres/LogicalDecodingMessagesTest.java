package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.postgres.pgoutput.LogicalDecodingMessages;
import io.cdctoolkit.engine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code message_prefixes} / {@code message_topic} (which messages become events, where they go) and
 * {@code transaction_metadata}'s config: its topic and the Debezium property it sets.
 */
class LogicalDecodingMessagesTest {

    @Test
    void listedPrefixesAreEventsAsGlobsAndTheHeartbeatsNeverIs() throws Exception {
        LogicalDecodingMessages messages = PostgresSourceFactory.messages(
                options(Map.of("message_prefixes", List.of("outbox.*", "audit", "*-heartbeat"))));
        assertThat(messages.emits("outbox.orders")).isTrue();
        assertThat(messages.emits("outbox")).as("the glob wants the dot").isFalse();
        assertThat(messages.emits("audit")).isTrue();
        assertThat(messages.emits("audit2")).isFalse();
        assertThat(messages.emits("Audit")).as("case-sensitive, as the prefix is").isFalse();
        assertThat(messages.emits("my-heartbeat")).isTrue();
        assertThat(messages.emits(LogicalDecodingMessages.HEARTBEAT_PREFIX)).as("even under a matching glob").isFalse();
        assertThat(PostgresSourceFactory.messages(options(Map.of("message_prefixes", List.of("*"))))
                .emits(LogicalDecodingMessages.HEARTBEAT_PREFIX)).isFalse();
    }

    @Test
    void noneByDefault() throws Exception {
        assertThat(PostgresSourceFactory.messages(options(Map.of()))).isNull();
    }

    @Test
    void theEventIsDebeziumsMessageRecordOnTheDatabasesMessageTopic() throws Exception {
        LogicalDecodingMessages messages = PostgresSourceFactory.messages(
                options(Map.of("message_prefixes", List.of("outbox"))));
        Row source = Row.of(RowSchema.builder("src").optional("db", io.cdctoolkit.engine.data.FieldType.STRING).build(), "shop");
        ChangeEvent event = messages.event("outbox", new byte[] {1, 2}, source, 5L, null, null, "7", null);
        assertThat(event.op()).isEqualTo(Op.MESSAGE);
        assertThat(event.topic()).isEqualTo("shop.message");
        assertThat(event.table()).isEqualTo(new TableId("shop", null, "message"));
        assertThat(event.key().schema().name()).isEqualTo("io.debezium.connector.postgresql.MessageKey");
        assertThat(event.key().get("prefix")).isEqualTo("outbox");
        assertThat(event.value().schema().name()).isEqualTo("io.debezium.connector.postgresql.MessageValue");
        assertThat(event.value().schema().fields()).extracting(f -> f.name()).containsExactly("op", "ts_ms", "source", "message");
        assertThat(event.value().get("op")).isEqualTo("m");
        assertThat((byte[]) ((Row) event.value().get("message")).get("content")).containsExactly(1, 2);
        assertThat(event.transaction()).isEqualTo("7");
    }

    @Test
    void messageTopicIsTakenAsGiven() throws Exception {
        assertThat(PostgresSourceFactory.messages(options(Map.of("message_prefixes", List.of("a"),
                "message_topic", "app.outbox"))).event("a", null, Row.of(RowSchema.builder("s").build()), null, null, null,
                null, null).topic()).isEqualTo("app.outbox");
    }

    @Test
    void anInvalidTopicNamesTheKeyAndTheFix() {
        assertThatThrownBy(() -> PostgresSourceFactory.messages(options(Map.of("message_prefixes", List.of("a"),
                "message_topic", "bad topic"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("message_topic").hasMessageContaining("'bad topic' is not a valid Kafka topic");
        assertThatThrownBy(() -> PostgresSourceFactory.messages(PgTestSupport.options(Map.of("host", "h",
                "database", "my db", "user", "u", "message_prefixes", List.of("a")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(".database").hasMessageContaining("set message_topic");
    }

    @Test
    void transactionEventsGoToTheDatabasesTransactionTopicOrTheGivenOne() throws Exception {
        assertThat(PostgresSourceFactory.transactions(options(Map.of()))).isNull();
        ChangeEvent begin = PostgresSourceFactory.transactions(options(Map.of("transaction_metadata", true)))
                .event(io.cdctoolkit.engine.data.TransactionMetadata.begin("7:42", 1L), null, null, "7");
        assertThat(begin.topic()).isEqualTo("shop.transaction");
        assertThat(begin.op()).isEqualTo(Op.TRANSACTION);
        assertThat(begin.key().get("id")).isEqualTo("7:42");
        assertThat(PostgresSourceFactory.transactions(options(Map.of("transaction_metadata", true,
                "transaction_topic", "app.tx"))).event(io.cdctoolkit.engine.data.TransactionMetadata.begin("7:42", 1L),
                null, null, "7").topic()).isEqualTo("app.tx");
        assertThatThrownBy(() -> PostgresSourceFactory.transactions(options(Map.of("transaction_metadata", true,
                "transaction_topic", "a/b")))).isInstanceOf(ConfigException.class).hasMessageContaining("transaction_topic");
    }

    @Test
    void transactionMetadataThroughThePassThroughBlockIsRefusedForTheOption() throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("host", "h", "database", "shop", "user", "u",
                "engine", "debezium", "debezium", Map.of("provide.transaction.metadata", "true")));
        assertThatThrownBy(() -> new PostgresSourceFactory().engineProperties(PgTestSupport.options(config),
                io.cdctoolkit.engine.spi.ComponentContext.of("pg", java.nio.file.Path.of("/tmp"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.pg.config.debezium.provide.transaction.metadata")
                .hasMessageContaining("transaction_metadata: true");
        config.put("transaction_metadata", true);
        assertThat(new PostgresSourceFactory().engineProperties(PgTestSupport.options(config),
                io.cdctoolkit.engine.spi.ComponentContext.of("pg", java.nio.file.Path.of("/tmp"))))
                .containsEntry("provide.transaction.metadata", "true");
    }

    private static io.cdctoolkit.engine.spi.Options options(Map<String, Object> extra) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("host", "h", "database", "shop", "user", "u"));
        config.putAll(extra);
        return PgTestSupport.options(config);
    }
}
